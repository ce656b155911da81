import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureLocalKeys, readPem, signLocalToken, type Role } from '@fivesoc/service-kit';
import type { TestInfra } from '@fivesoc/test-support';

export const ROOT = resolve(import.meta.dirname, '../../..');
/** One master key per test run, for services that seal personal data. */
export const PII_KEY = randomBytes(32).toString('base64');

const handedOut = new Set<number>();

/**
 * A port free right now on loopback, picked at random below Linux's ephemeral range (32768-60999 by
 * default): a port the OS hands out there may become the local side of another process's outgoing
 * connection before the service that was given it listens.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    // Never the same twice in one test process: a port handed out may not be listened on yet.
    if (handedOut.has(port)) continue;
    if (await portIsFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port found below the ephemeral range');
}

/** True when nothing listens on `port` on loopback right now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

/**
 * A base such that base+1 … base+count are all free (for the run command's six services). It is chosen
 * below Linux's ephemeral range (32768-60999 by default): ports there are handed out as the local side of
 * outgoing connections, so the services' own Kafka and MongoDB connections could take one before it listens.
 */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 1200) * 10;
    const free = await Promise.all(Array.from({ length: count }, (_, i) => portIsFree(base + 1 + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

export interface Keys {
  publicKeyFile: string;
  token(roles: Role[]): Promise<string>;
}

export async function testKeys(): Promise<Keys> {
  const files = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-e2e-keys-')));
  const pem = readPem(files.privateKeyFile);
  return {
    publicKeyFile: files.publicKeyFile,
    token: (roles) =>
      signLocalToken(pem, { subject: 'e2e', roles, scopeLevel: 'district', scopeCode: '000000' }),
  };
}

export function infraEnv(infra: TestInfra, keys: Keys): NodeJS.ProcessEnv {
  return {
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    MONGODB_URL: infra.mongoUrl,
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    PII_MASTER_KEY: PII_KEY,
    LOG_LEVEL: 'warn',
  };
}

export interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

export function startProcess(args: string[], cwd: string, env: NodeJS.ProcessEnv): Proc {
  return startCommand(process.execPath, args, cwd, env);
}

export function startCommand(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Proc {
  let out = '';
  let err = '';
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Starts one service exactly as `pnpm start` does. */
export function startServiceProcess(service: string, env: NodeJS.ProcessEnv): Proc {
  return startProcess(
    ['--conditions=@fivesoc/source', '--import', '@fivesoc/service-kit/otel-register', 'src/main.ts'],
    join(ROOT, 'services', service),
    // A free metrics port unless one is given: the HTTP port + 1000 of a port picked free may be taken.
    { FIVESOC_SERVICE: service, METRICS_PORT: '0', ...env },
  );
}

export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

export const readyz = async (url: string) => (await fetch(`${url}/readyz`)).status === 200;
