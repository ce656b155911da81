import { createPublicKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, readyz, startServiceProcess, waitFor, type Proc } from '@fivesoc/e2e/src/processes.ts';
import type { Role, ScopeLevel } from '@fivesoc/service-kit';

export interface ConsoleProc {
  url: string;
  proc: Proc;
  stop(): Promise<void>;
}

/** Starts the console as its own process, exactly as `pnpm start` does, and waits for /readyz. */
export async function startConsoleProcess(env: NodeJS.ProcessEnv): Promise<ConsoleProc> {
  const port = env.HTTP_PORT ? Number(env.HTTP_PORT) : await freePort();
  const proc = startServiceProcess('console', { LOG_LEVEL: 'warn', ...env, HTTP_PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    'console ready',
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`console exited: ${proc.stderr()}`);
      return readyz(url);
    },
    180_000,
  ).catch((err: Error) => {
    // Never leave a console behind that came up too late.
    if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    throw new Error(`${err.message}\n${proc.stderr().slice(-2000)}\n${proc.stdout().slice(-2000)}`);
  });
  return {
    url,
    proc,
    stop: async () => {
      if (proc.child.exitCode === null) proc.child.kill('SIGTERM');
      await proc.exited;
    },
  };
}

/** A private key PEM and the public key file beside it, as `.stack/auth/` holds them. */
export function keyFilesOf(privateKeyPem: string): { privateKeyFile: string; publicKeyFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fivesoc-console-keys-'));
  const privateKeyFile = join(dir, 'dev-private.pem');
  const publicKeyFile = join(dir, 'dev-public.pem');
  writeFileSync(privateKeyFile, privateKeyPem, { mode: 0o600 });
  writeFileSync(publicKeyFile, createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }));
  return { privateKeyFile, publicKeyFile };
}

/** A built app as Vite leaves it: index.html and a hashed asset. */
export function fakeAppDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fivesoc-console-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>工作台</title>' +
      '<script type="module" crossorigin src="/assets/index-abc123.js"></script></head>' +
      '<body><div id="root"></div></body></html>',
  );
  writeFileSync(
    join(dir, 'assets', 'index-abc123.js'),
    'document.getElementById("root").textContent = "app";\n',
  );
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

/** A browser's session with the console: the cookie, the CSRF token, and calls that carry both. */
export class Browser {
  cookie = '';
  csrf = '';
  readonly base: string;

  constructor(base: string) {
    this.base = base;
  }

  async devSignIn(
    role: Role,
    scopeLevel: ScopeLevel = 'district',
    scopeCode = '000000',
    subject = 'e2e-user',
  ) {
    const res = await fetch(`${this.base}/auth/dev-sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role, scopeLevel, scopeCode, subject }),
    });
    if (res.status !== 204) throw new Error(`dev sign-in ${res.status} ${await res.text()}`);
    this.takeCookie(res);
    const me = (await (await this.fetch('/auth/me')).json()) as { csrfToken: string };
    this.csrf = me.csrfToken;
    return this;
  }

  takeCookie(res: Response): void {
    const set = res.headers.getSetCookie().find((c) => c.startsWith('fivesoc_session='));
    if (set) this.cookie = set.split(';')[0] ?? '';
  }

  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    if (this.csrf && init.method && init.method !== 'GET') headers.set('x-csrf-token', this.csrf);
    return fetch(`${this.base}${path}`, { ...init, headers, redirect: 'manual' });
  }

  /** POST a JSON body; the answer's status, body and gRPC status (set when linkage answered). */
  async post<T = Record<string, unknown>>(path: string, body: unknown) {
    const res = await this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      grpcStatus: res.headers.get('x-grpc-status'),
      body: (text ? JSON.parse(text) : {}) as T,
    };
  }
}

/** Reads Server-Sent Events from `res` until `enough` says so (or the time is up), then stops reading. */
export async function readEvents(
  res: Response,
  enough: (events: { event: string; data: string; id?: string }[]) => boolean,
  timeoutMs = 30_000,
): Promise<{ event: string; data: string; id?: string }[]> {
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = res.body?.getReader();
  if (!reader) throw new Error('no body');
  const events: { event: string; data: string; id?: string }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const timer = setTimeout(() => void reader.cancel(), timeoutMs);
  try {
    while (!enough(events)) {
      const { value, done } = (await reader.read()) as { value?: Uint8Array; done: boolean };
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const e: { event: string; data: string; id?: string } = { event: 'message', data: '' };
        let any = false;
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const [k, ...rest] = line.split(':');
          const v = rest.join(':').replace(/^ /, '');
          if (k === 'event') e.event = v;
          else if (k === 'data') e.data += v;
          else if (k === 'id') e.id = v;
          any = true;
        }
        if (any) events.push(e);
      }
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => undefined);
  }
  return events;
}
