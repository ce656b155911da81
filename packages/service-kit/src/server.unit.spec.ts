import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importPKCS8, SignJWT } from 'jose';
import { z } from 'zod';
import { createTokenVerifier, type Role } from './auth.ts';
import { ensureLocalKeys, readPem, signLocalToken } from './local-keys.ts';
import { createLogger } from './logger.ts';
import { buildHttpServer, declaredRoutes, type HttpApp } from './server.ts';

let privateKey: string;
let publicKeyFile: string;
const token = (roles: Role[], extra: Partial<Parameters<typeof signLocalToken>[1]> = {}) =>
  signLocalToken(privateKey, {
    subject: 'u1',
    roles,
    scopeLevel: 'community',
    scopeCode: '330102001',
    ...extra,
  });

async function app(readyOk = true): Promise<HttpApp> {
  const a = await buildHttpServer({
    service: 'test',
    version: '0.0.0',
    logger: createLogger({ service: 'test', level: 'silent' }),
    verifier: await createTokenVerifier({
      AUTH_PUBLIC_KEY_FILE: publicKeyFile,
      AUTH_ISSUER: 'fivesoc-local',
      AUTH_AUDIENCE: 'fivesoc',
    }),
    // Readiness here is above MongoDB and Kafka; the real checks run in the integration tests.
    readiness: [
      { name: 'dep', check: async () => (readyOk ? undefined : Promise.reject(new Error('down'))) },
    ],
  });
  a.post(
    '/v1/things',
    {
      config: { roles: ['community_staff'], scope: 'place' },
      schema: {
        body: z.strictObject({ title: z.string().min(1).max(10), size: z.object({ n: z.number().int() }) }),
      },
    },
    async (req) => ({ ok: true, by: req.principal.subject }),
  );
  return a;
}

beforeAll(async () => {
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-keys-')));
  privateKey = readPem(keys.privateKeyFile);
  publicKeyFile = keys.publicKeyFile;
});

describe('HTTP server from the kit', () => {
  it('answers /healthz and /readyz without a token', async () => {
    const a = await app();
    expect((await a.inject('/healthz')).statusCode).toBe(200);
    const ready = await a.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ ready: true, checks: { dep: { ok: true } } });
  });

  it('answers /readyz 503 naming the dependency that is down', async () => {
    const res = await (await app(false)).inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ ready: false, checks: { dep: { ok: false, error: 'down' } } });
  });

  it('refuses a request without a token with 401', async () => {
    const res = await (await app()).inject('/v1/whoami');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a forged, expired or foreign token with 401', async () => {
    const a = await app();
    const other = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-other-')));
    const forged = await signLocalToken(readPem(other.privateKeyFile), {
      subject: 'x',
      roles: ['ops'],
      scopeLevel: 'district',
      scopeCode: '0',
    });
    const expired = await token(['ops'], { expiresIn: '-1m' });
    const foreign = await token(['ops'], { audience: 'someone-else' });
    for (const t of [forged, expired, foreign, 'not-a-jwt']) {
      const res = await a.inject({ url: '/v1/whoami', headers: { authorization: `Bearer ${t}` } });
      expect(res.statusCode).toBe(401);
    }
  });

  it('refuses a token without exp, living longer than its roles allow, or issued or valid only in the future', async () => {
    const a = await app();
    const key = await importPKCS8(privateKey, 'EdDSA');
    const now = Math.floor(Date.now() / 1000);
    const sign = (roles: Role[], times: { iat?: number; nbf?: number; exp?: number }) =>
      new SignJWT({ roles, scope_level: 'district', scope_code: '330102', ...times })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setSubject('u1')
        .setIssuer('fivesoc-local')
        .setAudience('fivesoc')
        .sign(key);
    const call = async (t: string) =>
      a.inject({ url: '/v1/whoami', headers: { authorization: `Bearer ${t}` } });
    const day = 86_400;
    const refused = {
      'no exp': await sign(['ops'], { iat: now }),
      'ten years': await sign(['ops'], { iat: now, exp: now + 3650 * day }),
      'a person for two days': await sign(['district_admin'], { iat: now, exp: now + 2 * day }),
      'iat in 2286': await sign(['ops'], { iat: 9_999_999_999, exp: now + 3600 }),
      'nbf tomorrow': await sign(['ops'], { iat: now, nbf: now + day, exp: now + day + 60 }),
      'a client for 40 days': await sign(['integration_client'], { iat: now, exp: now + 40 * day }),
      'no iat, a year left': await sign(['integration_client'], { exp: now + 365 * day }),
    };
    for (const [what, t] of Object.entries(refused)) {
      const res = await call(t);
      expect(res.statusCode, what).toBe(401);
    }
    const accepted = {
      'a person for 8 hours': await sign(['district_admin'], { iat: now, exp: now + 8 * 3600 }),
      'a client for 30 days': await sign(['integration_client'], { iat: now, exp: now + 30 * day }),
      'iat a few seconds ahead': await sign(['ops'], { iat: now + 20, exp: now + 3600 }),
    };
    for (const [what, t] of Object.entries(accepted)) expect((await call(t)).statusCode, what).toBe(200);
  });

  it('refuses a role the route does not allow with 403, and lets an allowed one in', async () => {
    const a = await app();
    const volunteer = await a.inject({
      url: '/v1/service',
      headers: { authorization: `Bearer ${await token(['volunteer'])}` },
    });
    expect(volunteer.statusCode).toBe(403);
    expect(volunteer.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const ops = await a.inject({
      url: '/v1/service',
      headers: { authorization: `Bearer ${await token(['ops'])}` },
    });
    expect(ops.statusCode).toBe(200);
    expect(ops.json()).toMatchObject({ service: 'test', version: '0.0.0' });
  });

  it("gives handlers the token's subject, roles and scope", async () => {
    const res = await (
      await app()
    ).inject({
      url: '/v1/whoami',
      headers: { authorization: `Bearer ${await token(['community_staff', 'volunteer'])}` },
    });
    expect(res.json()).toEqual({
      subject: 'u1',
      roles: ['community_staff', 'volunteer'],
      scope: { level: 'community', code: '330102001' },
    });
  });

  it('names the offending field of a bad body, including unknown fields', async () => {
    const a = await app();
    const headers = { authorization: `Bearer ${await token(['community_staff'])}` };
    const tooLong = await a.inject({
      method: 'POST',
      url: '/v1/things',
      headers,
      payload: { title: 'x'.repeat(11), size: { n: 1 } },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ error: { code: 'VALIDATION', field: 'body.title' } });
    const nested = await a.inject({
      method: 'POST',
      url: '/v1/things',
      headers,
      payload: { title: 'ok', size: { n: 1.5 } },
    });
    expect(nested.json()).toMatchObject({ error: { field: 'body.size.n' } });
    const unknown = await a.inject({
      method: 'POST',
      url: '/v1/things',
      headers,
      payload: { title: 'ok', size: { n: 1 }, extra: 1 },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      error: { field: 'body.extra', message: 'body.extra: unknown field' },
    });
    const good = await a.inject({
      method: 'POST',
      url: '/v1/things',
      headers,
      payload: { title: 'ok', size: { n: 1 } },
    });
    expect(good.statusCode).toBe(200);
  });

  it('refuses to register a route that declares neither roles nor public', async () => {
    const a = await app();
    expect(() => a.get('/v1/oops', async () => 'open')).toThrow(/must declare config.roles or config.public/);
  });

  it('refuses to register a route that does not say how its data is scoped, or gives no reason', async () => {
    const a = await app();
    expect(() => a.get('/v1/unscoped', { config: { roles: ['ops'] } }, async () => 'x')).toThrow(
      /GET \/v1\/unscoped: must declare config.scope/,
    );
    expect(() =>
      a.get('/v1/all', { config: { roles: ['ops'], scope: { global: '' } } }, async () => 'x'),
    ).toThrow(/scope global needs a reason/);
    expect(() =>
      a.get('/v1/odd', { config: { roles: ['ops'], scope: 'street' as never } }, async () => 'x'),
    ).toThrow(/scope must be/);
  });

  it("keeps every declared route with its roles and scope, and declares the kit's own error answers", async () => {
    const a = await app();
    await a.ready();
    const things = declaredRoutes(a).find((r) => r.url === '/v1/things');
    expect(things).toMatchObject({ method: 'POST', roles: ['community_staff'], scope: 'place' });
    expect(Object.keys(things!.schema.response).sort()).toEqual(['400', '401', '403']);
    const health = declaredRoutes(a).find((r) => r.url === '/healthz');
    expect(health).toMatchObject({ public: true, scope: { global: expect.any(String) as string } });
    expect(declaredRoutes(a).some((r) => r.method === 'HEAD' || r.url.startsWith('/docs'))).toBe(false);
  });

  it('serves the OpenAPI document with bearer security and echoes the request id', async () => {
    const a = await app();
    const res = await a.inject({ url: '/docs/json', headers: { 'x-request-id': 'req-42' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBe('req-42');
    const doc = res.json<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { securitySchemes: object };
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/whoami', '/v1/things']));
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
  });
});
