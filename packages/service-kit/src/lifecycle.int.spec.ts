import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { freshDbName, useInfra } from '@fivesoc/test-support';
import { ensureLocalKeys, readPem, signLocalToken } from './local-keys.ts';
import { startService, type ServiceDefinition } from './lifecycle.ts';

async function env() {
  const infra = useInfra();
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-kit-')));
  const token = await signLocalToken(readPem(keys.privateKeyFile), {
    subject: 'ops-1',
    roles: ['ops'],
    scopeLevel: 'district',
    scopeCode: '000000',
  });
  return {
    token,
    env: {
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      MONGODB_URL: infra.mongoUrl,
      MONGODB_DB: freshDbName('kit'),
      AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
      HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
    },
  };
}

describe('service lifecycle against the real stack', () => {
  it('is ready when MongoDB and Kafka answer', async () => {
    const { env: e } = await env();
    const svc = await startService({ name: 'kit-test', version: '1', defaultHttpPort: 0 }, e);
    try {
      const res = await fetch(`${svc.url}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        ready: true,
        checks: { mongodb: { ok: true }, kafka: { ok: true } },
      });
    } finally {
      await svc.close();
    }
  });

  it('is not ready, and says which, when MongoDB cannot be reached', async () => {
    const { env: e } = await env();
    const svc = await startService(
      { name: 'kit-test', version: '1', defaultHttpPort: 0 },
      { ...e, MONGODB_URL: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300' },
    );
    try {
      const res = await fetch(`${svc.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        ready: false,
        checks: { mongodb: { ok: false }, kafka: { ok: true } },
      });
    } finally {
      await svc.close();
    }
  });

  it('finishes every in-flight request before it closes, then refuses new connections', async () => {
    const { env: e, token } = await env();
    let stopped = false;
    let received = 0;
    const def: ServiceDefinition = {
      name: 'kit-test',
      version: '1',
      defaultHttpPort: 0,
      start: async (app) => {
        app.get(
          '/v1/slow',
          { config: { roles: ['ops'], scope: { global: 'a test route: no records' } } },
          async () => {
            received++;
            await sleep(400);
            return { done: true };
          },
        );
        return async () => {
          stopped = true;
        };
      },
    };
    const svc = await startService(def, e);
    const inFlight = Array.from({ length: 20 }, () =>
      fetch(`${svc.url}/v1/slow`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { done: boolean },
      })),
    );
    // In flight = reached the handler. (A connection the server has not yet taken when it closes is reset:
    // that request was never acknowledged, and its client sees the error and may retry.)
    while (received < 20) await sleep(5);
    await svc.close();
    const results = await Promise.all(inFlight);
    expect(results.every((r) => r.status === 200 && r.body.done)).toBe(true);
    expect(stopped).toBe(true);
    await expect(fetch(`${svc.url}/healthz`)).rejects.toThrow();
  });
});
