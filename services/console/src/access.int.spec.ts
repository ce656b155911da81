import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@fivesoc/e2e/src/processes.ts';
import { declaredRoutes, ensureLocalKeys, ROLES, type DeclaredRoute } from '@fivesoc/service-kit';
import { startConsole, type RunningConsole } from './service.ts';
import { Browser, fakeAppDist } from './testing/consoleProcess.ts';

// The console's part of the access matrix (issue 12), generated from the routes the running console
// registered, not from a list: every route declares who may call it (`session`: none, page or required) and
// that the console scopes nothing itself (it forwards with the user's own token; the services behind are in
// packages/e2e's matrix). Each route is called without a session, and with a session of each of the 12 roles:
// a route that needs a session refuses without one (401) and, with one, never refuses a role by itself
// (the service behind decides: here nothing listens behind, so the answer is the console's 502/503).

let running: RunningConsole;

beforeAll(async () => {
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-console-matrix-')));
  const nowhere = async () => `http://127.0.0.1:${await freePort()}`;
  running = await startConsole({
    ...process.env,
    LOG_LEVEL: 'silent',
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    CONSOLE_DEV_SIGN_IN: '1',
    CONSOLE_STATIC_DIR: fakeAppDist(),
    CONSOLE_RPC_TIMEOUT_MS: '2000',
    LINKAGE_GRPC_URL: `127.0.0.1:${await freePort()}`,
    COMMUNITY_URL: await nowhere(),
    ORGANIZATION_URL: await nowhere(),
    SOCIAL_WORKER_URL: await nowhere(),
    VOLUNTEER_URL: await nowhere(),
    CHARITY_URL: await nowhere(),
    LINKAGE_URL: await nowhere(),
  });
}, 120_000);

afterAll(async () => {
  await running?.close();
});

type Session = 'none' | 'page' | 'required';

/** A concrete request of a declared route: its parameters filled with something it routes. */
function requestOf(route: DeclaredRoute, method: string): string {
  return route.url
    .replace(':method', method === 'GET' ? 'WatchCase' : 'ListCases')
    .replace(/:[A-Za-z]+/g, 'matrix-1')
    .replace(/\*$/, route.url === '/*' ? 'cases/matrix-1' : 'v1/matrix');
}

async function call(
  browser: Browser,
  method: string,
  path: string,
): Promise<{ status: number; body: string }> {
  const abort = new AbortController();
  const res = await browser.fetch(path, {
    method,
    signal: abort.signal,
    ...(method === 'GET' || method === 'HEAD'
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: '{}' }),
  });
  // An event stream answers its status first and then stays open: the status is what is asserted.
  const body = res.headers.get('content-type')?.startsWith('text/event-stream') ? '' : await res.text();
  abort.abort();
  return { status: res.status, body };
}

describe("the console's routes × roles (generated from the running console)", () => {
  it('refuses every route that needs a session without one, and adds no refusal of its own for any role', async () => {
    const kit = new Set(['/healthz', '/readyz', '/v1/service', '/metrics']);
    const routes = declaredRoutes(running.app).filter((r) => !kit.has(r.url));
    expect(routes.length).toBeGreaterThan(8);
    const failures: string[] = [];
    let calls = 0;
    const answers = new Map<string, number>();
    const count = (who: string, status: number) =>
      answers.set(`${who} ${status}`, (answers.get(`${who} ${status}`) ?? 0) + 1);
    for (const route of routes) {
      // The console's own onRoute check refuses an /api, /auth or page route without a declaration; a
      // route without one is the kit's, called with a bearer token (whoami), never public.
      const session = route.config.session as Session | undefined;
      if (session === undefined) expect(route.public, `${route.method} ${route.url}`).toBe(false);
      for (const method of route.method.split(',').filter((m) => m !== 'HEAD')) {
        const path = requestOf(route, method);
        const where = `${method} ${route.url} (${path})`;
        const anonymous = await call(new Browser(running.url), method, path);
        calls++;
        count('anonymous', anonymous.status);
        if (session === 'none') {
          if (anonymous.status === 401) failures.push(`${where}: 401 without a session on a sign-in route`);
        } else if (anonymous.status !== 401) {
          failures.push(`${where}: ${anonymous.status} without a session, expected 401`);
        } else if (session !== 'page' && !anonymous.body.includes('UNAUTHENTICATED')) {
          failures.push(`${where}: 401 without the UNAUTHENTICATED error body`);
        }
        if (session !== 'required') continue;
        for (const role of ROLES) {
          if (route.url === '/auth/logout' || route.url === '/auth/dev-sign-in') continue;
          const browser = await new Browser(running.url).devSignIn(role, 'street', '420106001', `m-${role}`);
          const answer = await call(browser, method, path);
          calls++;
          count('signed-in', answer.status);
          if ([401, 403].includes(answer.status)) {
            failures.push(`${where} as ${role}: ${answer.status} from the console itself (${answer.body})`);
          }
        }
      }
    }
    // Signing out is the one route whose answer a session changes: it ends that session, for any role.
    for (const role of ROLES) {
      const browser = await new Browser(running.url).devSignIn(role, 'street', '420106001', `m-${role}`);
      const out = await call(browser, 'POST', '/auth/logout');
      const after = await call(browser, 'GET', '/auth/me');
      calls += 2;
      if (out.status !== 204 || after.status !== 401) {
        failures.push(`POST /auth/logout as ${role}: ${out.status}, then /auth/me ${after.status}`);
      }
    }
    console.log(
      `access matrix console: ${routes.length}/${routes.length} routes (100%), ${calls} calls; answers ${[...answers].map(([k, n]) => `${k}×${n}`).join(' ')}`,
    );
    expect(failures).toEqual([]);
  }, 300_000);
});
