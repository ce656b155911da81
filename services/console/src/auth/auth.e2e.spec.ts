/**
 * Sign-in, sessions and the headers of every answer, against console processes: one signing in with a
 * real (small, local) OpenID Connect issuer, one with the development sign-in and a built app.
 */
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalKeys } from '@fivesoc/service-kit';
import { freePort, startServiceProcess } from '@fivesoc/e2e/src/processes.ts';
import { Browser, fakeAppDist, startConsoleProcess, type ConsoleProc } from '../testing/consoleProcess.ts';
import { startTestIssuer, type TestIssuer } from '../testing/oidcIssuer.ts';

let issuer: TestIssuer;
let oidcConsole: ConsoleProc;
let devConsole: ConsoleProc;
let notBuilt: ConsoleProc;
let publicKeyFile = '';

beforeAll(async () => {
  issuer = await startTestIssuer({
    clientId: 'fivesoc-console',
    audience: 'fivesoc',
    user: { sub: 'u-oidc', roles: ['social_worker'], scope_level: 'street', scope_code: '330106001' },
  });
  const port = await freePort();
  publicKeyFile = (await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-console-auth-')))).publicKeyFile;
  [oidcConsole, devConsole, notBuilt] = await Promise.all([
    startConsoleProcess({
      HTTP_PORT: String(port),
      CONSOLE_OIDC_ISSUER: issuer.url,
      CONSOLE_OIDC_CLIENT_ID: 'fivesoc-console',
      CONSOLE_OIDC_REDIRECT_URL: `http://127.0.0.1:${port}/auth/callback`,
      // Asked for, and refused all the same: an issuer is configured.
      CONSOLE_DEV_SIGN_IN: '1',
      AUTH_JWKS_URL: `${issuer.url}/jwks`,
      AUTH_ISSUER: issuer.url,
      AUTH_AUDIENCE: 'fivesoc',
    }),
    startConsoleProcess({
      AUTH_PUBLIC_KEY_FILE: publicKeyFile,
      CONSOLE_DEV_SIGN_IN: '1',
      CONSOLE_STATIC_DIR: fakeAppDist(),
      // Nothing listens there: the routes that need a session must refuse before any call is made.
      LINKAGE_GRPC_URL: `127.0.0.1:${await freePort()}`,
      CHARITY_URL: `http://127.0.0.1:${await freePort()}`,
    }),
    startConsoleProcess({
      AUTH_PUBLIC_KEY_FILE: publicKeyFile,
      CONSOLE_STATIC_DIR: join(tmpdir(), 'fivesoc-console-no-such-dist'),
    }),
  ]);
}, 240_000);

afterAll(async () => {
  await Promise.all([oidcConsole?.stop(), devConsole?.stop(), notBuilt?.stop()]);
  await issuer?.close();
});

const cookieOf = (res: Response, name: string) =>
  res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
const attrs = (cookie: string | undefined) => (cookie ?? '').split(';').map((p) => p.trim().toLowerCase());

describe('sign-in with an OpenID Connect issuer', () => {
  it('refuses the development sign-in whenever an issuer is configured', async () => {
    const config = await (await fetch(`${oidcConsole.url}/auth/config`)).json();
    expect(config).toEqual({ devSignIn: false, oidc: true });
    const res = await fetch(`${oidcConsole.url}/auth/dev-sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        role: 'district_admin',
        scopeLevel: 'district',
        scopeCode: '420106',
        subject: 'x',
      }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(cookieOf(res, 'fivesoc_session')).toBeUndefined();
  });

  it('signs in by authorization code with PKCE (S256), state and nonce, keeping the token on the server', async () => {
    const login = await fetch(`${oidcConsole.url}/auth/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const authorize = new URL(login.headers.get('location') ?? '');
    expect(authorize.origin + authorize.pathname).toBe(`${issuer.url}/authorize`);
    const p = authorize.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('state')).toBeTruthy();
    expect(p.get('nonce')).toBeTruthy();
    expect(p.get('redirect_uri')).toBe(`${oidcConsole.url}/auth/callback`);
    const loginCookie = cookieOf(login, 'fivesoc_login');
    expect(attrs(loginCookie)).toEqual(
      expect.arrayContaining(['httponly', 'samesite=lax', 'path=/auth/callback']),
    );

    // The issuer signs the user in and sends the browser back with a code.
    const back = await fetch(authorize, { redirect: 'manual' });
    expect(back.status).toBe(302);
    const callback = back.headers.get('location') ?? '';
    const done = await fetch(callback, {
      redirect: 'manual',
      headers: { cookie: (loginCookie ?? '').split(';')[0] ?? '' },
    });
    expect(done.status, await done.clone().text()).toBe(302);
    expect(done.headers.get('location')).toBe('/');
    const session = cookieOf(done, 'fivesoc_session');
    expect(attrs(session)).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
    // The token exchange carried the verifier whose S256 is the challenge (the issuer refuses otherwise).
    expect(issuer.tokenRequests.at(-1)?.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);

    const browser = new Browser(oidcConsole.url);
    browser.takeCookie(done);
    const meRes = await browser.fetch('/auth/me');
    const me = (await meRes.json()) as Record<string, unknown>;
    expect(me).toMatchObject({
      subject: 'u-oidc',
      roles: ['social_worker'],
      scope: { level: 'street', code: '330106001' },
      dev: false,
    });
    expect(JSON.stringify(me)).not.toContain(issuer.tokenRequests.at(-1)?.get('code') ?? '-');
    expect(Object.keys(me)).not.toContain('token');

    // The same callback again (a replayed code, a used login) signs nobody in.
    const replay = await fetch(callback, {
      redirect: 'manual',
      headers: { cookie: (loginCookie ?? '').split(';')[0] ?? '' },
    });
    expect(replay.status).toBe(401);
    expect(cookieOf(replay, 'fivesoc_session')).toBeUndefined();
  });

  it('refuses a callback whose state is not the one this sign-in sent', async () => {
    const login = await fetch(`${oidcConsole.url}/auth/login`, { redirect: 'manual' });
    const back = await fetch(login.headers.get('location') ?? '', { redirect: 'manual' });
    const callback = new URL(back.headers.get('location') ?? '');
    callback.searchParams.set('state', 'forged');
    const res = await fetch(callback, {
      redirect: 'manual',
      headers: { cookie: (cookieOf(login, 'fivesoc_login') ?? '').split(';')[0] ?? '' },
    });
    expect(res.status).toBe(401);
    expect(cookieOf(res, 'fivesoc_session')).toBeUndefined();
  });
});

describe('without a session', () => {
  it('answers no API route and no page, but the sign-in page, its assets and the public disclosure', async () => {
    const refused: [string, string][] = [
      ['POST', '/api/linkage/ListCases'],
      ['POST', '/api/linkage/OpenCase'],
      ['GET', '/api/linkage/WatchCase?caseId=c-1'],
      ['GET', '/api/linkage'],
      ['GET', '/api/community/v1/needs'],
      ['POST', '/api/charity/v1/donations'],
      ['DELETE', '/api/volunteer/v1/volunteers/v-1'],
      ['GET', '/api/charity/v1/donations'],
      ['GET', '/auth/me'],
      ['POST', '/auth/logout'],
      ['GET', '/cases/c-1'],
      ['GET', '/dashboard'],
    ];
    for (const [method, path] of refused) {
      const res = await fetch(`${devConsole.url}${path}`, { method, redirect: 'manual' });
      expect(res.status, `${method} ${path}`).toBe(401);
      const text = await res.text();
      if (path.startsWith('/api') || path.startsWith('/auth')) {
        expect(JSON.parse(text), path).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      } else {
        // A page: the app's shell (it shows the sign-in there), with nothing of anybody's data.
        expect(text).toContain('<div id="root"></div>');
      }
    }
    for (const path of [
      '/',
      '/sign-in',
      '/disclosure',
      '/assets/index-abc123.js',
      '/favicon.svg',
      '/auth/config',
    ]) {
      const res = await fetch(`${devConsole.url}${path}`);
      expect(res.status, path).toBe(200);
    }
    // The public disclosure goes to charity without a session (charity is down here, so 503, not 401).
    const disclosure = await fetch(`${devConsole.url}/api/charity/v1/public/disclosure`);
    expect(disclosure.status).toBe(503);
    expect(await disclosure.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
  });
});

/** A raw HTTP request with a Host header of our choosing (fetch does not let one set it). */
function rawRequest(
  url: string,
  host: string,
  body: string,
): Promise<{ status: number; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [] }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the session cookie, CSRF and the headers of every answer', () => {
  const devBody = {
    role: 'community_staff',
    scopeLevel: 'community',
    scopeCode: '330106001001',
    subject: 's-1',
  };

  it('sets the session cookie httpOnly, SameSite=Strict, Path=/, and Secure unless on loopback over http', async () => {
    const res = await fetch(`${devConsole.url}/auth/dev-sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(devBody),
    });
    expect(res.status).toBe(204);
    const cookie = attrs(cookieOf(res, 'fivesoc_session'));
    expect(cookie).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
    expect(cookie).not.toContain('secure');
    // Reached under a real host name (behind a proxy, say), the cookie is never sent in clear.
    const away = await rawRequest(
      `${devConsole.url}/auth/dev-sign-in`,
      'console.wuchang.example',
      JSON.stringify(devBody),
    );
    expect(away.status).toBe(204);
    expect(attrs(away.setCookie.find((c) => c.startsWith('fivesoc_session=')))).toEqual(
      expect.arrayContaining(['secure', 'httponly', 'samesite=strict']),
    );
  });

  it('marks a development session as such in /auth/me', async () => {
    const b = await new Browser(devConsole.url).devSignIn(
      'community_staff',
      'community',
      '330106001001',
      's-2',
    );
    const me = await (await b.fetch('/auth/me')).json();
    expect(me).toMatchObject({
      subject: 's-2',
      roles: ['community_staff'],
      scope: { level: 'community' },
      dev: true,
    });
  });

  it('refuses a development sign-in with a bad body, naming the field', async () => {
    const post = (b: unknown) =>
      fetch(`${devConsole.url}/auth/dev-sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(b),
      });
    const short = await post({ ...devBody, scopeCode: '330106' });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: { field: string } }).error.field).toBe('body.scopeCode');
    const role = await post({ ...devBody, role: 'mayor' });
    expect(((await role.json()) as { error: { field: string } }).error.field).toBe('body.role');
  });

  it('refuses a state-changing request without the CSRF header, or with a wrong one', async () => {
    const b = await new Browser(devConsole.url).devSignIn('district_admin', 'district', '420106', 'a-1');
    const cookie = { cookie: b.cookie };
    for (const headers of [cookie, { ...cookie, 'x-csrf-token': 'wrong' }]) {
      const logout = await fetch(`${devConsole.url}/auth/logout`, { method: 'POST', headers });
      expect(logout.status).toBe(403);
      expect(await logout.json()).toEqual({
        error: { code: 'FORBIDDEN', message: 'csrf token missing or wrong' },
      });
      const rpc = await fetch(`${devConsole.url}/api/linkage/ListCases`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(rpc.status).toBe(403);
      const society = await fetch(`${devConsole.url}/api/community/v1/needs`, {
        method: 'POST',
        headers,
        body: '{}',
      });
      expect(society.status).toBe(403);
    }
    // Reads need no CSRF header; with the header, the logout works and the session is gone.
    expect((await b.fetch('/auth/me')).status).toBe(200);
    const out = await b.fetch('/auth/logout', { method: 'POST' });
    expect(out.status).toBe(204);
    expect(attrs(cookieOf(out, 'fivesoc_session'))).toContain('max-age=0');
    expect((await b.fetch('/auth/me')).status).toBe(401);
  });

  it('answers with a CSP without unsafe-inline or unsafe-eval, frame-ancestors none, and a fresh style nonce in the page', async () => {
    const pages = await Promise.all([fetch(`${devConsole.url}/`), fetch(`${devConsole.url}/`)]);
    const nonces: string[] = [];
    for (const res of pages) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
      expect(nonce.length).toBeGreaterThanOrEqual(16);
      const html = await res.text();
      expect(html).toContain(`<meta name="csp-nonce" content="${nonce}">`);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
    for (const path of ['/auth/config', '/api/linkage', '/assets/index-abc123.js', '/healthz']) {
      const res = await fetch(`${devConsole.url}${path}`);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    expect((await fetch(`${devConsole.url}/auth/config`)).headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${devConsole.url}/api/linkage`)).headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${devConsole.url}/assets/index-abc123.js`)).headers.get('cache-control')).toBe(
      'public, max-age=31536000, immutable',
    );
    // A missing asset is a 404, never the page under a script's name.
    expect((await fetch(`${devConsole.url}/assets/index-old.js`)).status).toBe(404);
  });
});

describe('before the app is built', () => {
  it('says so, in Chinese and English, with the command that builds it', async () => {
    const res = await fetch(`${notBuilt.url}/`);
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain('工作台尚未构建');
    expect(html).toContain('not built yet');
    expect(html).toContain('pnpm --filter @fivesoc/console-app build');
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
  });
});

describe('configuration', () => {
  it(
    'refuses to start on a bad variable, with one line naming it and exit 78',
    { timeout: 180_000 },
    async () => {
      const cases = [
        [{ CONSOLE_SESSION_TTL: 'forever' }, 'CONSOLE_SESSION_TTL'],
        [{ CONSOLE_OIDC_ISSUER: 'https://id.example.gov.cn' }, 'CONSOLE_OIDC_CLIENT_ID'],
        [{ LINKAGE_GRPC_URL: 'not an address' }, 'LINKAGE_GRPC_URL'],
      ] as const;
      const procs = cases.map(([env]) =>
        startServiceProcess('console', { AUTH_PUBLIC_KEY_FILE: publicKeyFile, HTTP_PORT: '0', ...env }),
      );
      for (const [i, proc] of procs.entries()) {
        const name = cases[i]?.[1] ?? '';
        expect(await proc.exited, name).toBe(78);
        const lines = proc.stderr().trim().split('\n');
        expect(lines, proc.stderr()).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^console: invalid configuration: .*${name}`));
      }
    },
  );
});
