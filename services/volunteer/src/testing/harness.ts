import { mkdtempSync } from 'node:fs';
import { randomBytes, randomInt } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { ensureLocalKeys, readPem, signLocalToken, startService, type Role } from '@fivesoc/service-kit';
import { freshDbName, freshTopicName, useInfra } from '@fivesoc/test-support';
import { service } from '../service.ts';

/** A valid resident ID number (GB 11643 check character), different each call. */
export function residentId(): string {
  const body = `110105${1950 + randomInt(50)}0101${String(randomInt(1000)).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, x, i) => s + x * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

export const place = { districtCode: 'd1', streetCode: 's1', communityCode: 'c1' };
export const profile = {
  skills: ['elder_care', 'it_support'],
  languages: ['zh', 'en'],
  availability: [{ weekday: 6, start: '09:00', end: '12:00' }],
  place,
  serviceRadiusKm: 3,
  maxHoursPerWeek: 10,
};

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  text: string;
}

/** The volunteer service in-process against the real stack, with a fresh database and topic. */
export async function startVolunteerService(env: Record<string, string> = {}) {
  const infra = useInfra();
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-vol-')));
  const pem = readPem(keys.privateKeyFile);
  const dbName = freshDbName('vol');
  const topic = freshTopicName('vol');
  const svc = await startService(service, {
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    MONGODB_URL: infra.mongoUrl,
    MONGODB_DB: dbName,
    KAFKA_TOPIC: topic,
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    PII_MASTER_KEY: randomBytes(32).toString('base64'),
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const token = (
    subject: string,
    roles: Role[],
    scopeLevel: 'district' | 'street' | 'community' = 'community',
    scopeCode = 'c1',
  ) => signLocalToken(pem, { subject, roles, scopeLevel, scopeCode });
  const call = async (
    method: string,
    path: string,
    tok?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> => {
    const res = await fetch(`${svc.url}${path}`, {
      method,
      headers: {
        ...(tok ? { authorization: `Bearer ${tok}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON (the certificate)
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  const staff = await token('staff-1', ['community_staff']);
  const register = async (extra: Record<string, unknown> = {}) => {
    const r = await call('POST', '/v1/volunteers', staff, {
      name: '张三',
      phone: '13800000000',
      idNumber: residentId(),
      ...profile,
      ...extra,
    });
    if (r.status !== 201) throw new Error(`registration failed: ${r.text}`);
    return r.body.id as string;
  };
  return {
    svc,
    db: svc.ctx.db,
    topic,
    token,
    call,
    staff,
    register,
    close: async () => {
      await svc.close();
      const mongo = new MongoClient(infra.mongoUrl);
      await mongo
        .db(dbName)
        .dropDatabase()
        .catch(() => undefined);
      await mongo.close();
    },
  };
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}
