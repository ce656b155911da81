import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { ensureLocalKeys, readPem, signLocalToken, startService, type Role } from '@fivesoc/service-kit';
import { createTestTopics, freshDbName, freshTopicName, useInfra } from '@fivesoc/test-support';
import { service } from '../service.ts';

export interface Caller {
  roles: Role[];
  level: 'district' | 'street' | 'community';
  code: string;
  subject?: string;
}

export interface Reply {
  status: number;
  etag: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** The real service in-process on a fresh database and topic, with a token maker and a fetch helper. */
export async function startHarness(label: string) {
  const infra = useInfra();
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-community-')));
  const pem = readPem(keys.privateKeyFile);
  const dbName = freshDbName(label);
  const topic = freshTopicName(label);
  // The service's topic exists before its projection subscribes (the stack creates it in production).
  await createTestTopics(infra.kafkaBrokers, [topic], 3);
  const svc = await startService(service, {
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    MONGODB_URL: infra.mongoUrl,
    MONGODB_DB: dbName,
    KAFKA_TOPIC: topic,
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    PII_MASTER_KEY: randomBytes(32).toString('base64'),
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
  });
  const token = (c: Caller) =>
    signLocalToken(pem, {
      subject: c.subject ?? 'u-1',
      roles: c.roles,
      scopeLevel: c.level,
      scopeCode: c.code,
    });
  const call = async (
    method: string,
    path: string,
    opts: {
      as?: Caller;
      body?: unknown;
      headers?: Record<string, string>;
      raw?: string;
      contentType?: string;
    } = {},
  ): Promise<Reply> => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.as) headers.authorization = `Bearer ${await token(opts.as)}`;
    const hasBody = opts.body !== undefined || opts.raw !== undefined;
    if (hasBody) headers['content-type'] = opts.contentType ?? 'application/json';
    const res = await fetch(`${svc.url}${path}`, {
      method,
      headers,
      ...(hasBody ? { body: opts.raw ?? JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- a test reads any answer
    return { status: res.status, etag: res.headers.get('etag'), body: text ? JSON.parse(text) : undefined };
  };
  const mongo = new MongoClient(infra.mongoUrl);
  const close = async () => {
    await svc.close();
    await mongo.db(dbName).dropDatabase();
    await mongo.close();
  };
  return { svc, call, token, db: mongo.db(dbName), topic, kafkaBrokers: infra.kafkaBrokers, close };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** Polls until `check` passes (projections are eventually consistent). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export const districtAdmin: Caller = { roles: ['district_admin'], level: 'district', code: '330102' };
