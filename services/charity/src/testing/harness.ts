import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureLocalKeys,
  readPem,
  signLocalToken,
  startService,
  type Role,
  type RunningService,
} from '@fivesoc/service-kit';
import { Kafka, logLevel } from 'kafkajs';
import { freshDbName, freshTopicName, useInfra } from '@fivesoc/test-support';
import { service } from '../service.ts';

export const DISTRICT = '110105';
export const STREET = '110105001';
export const COMMUNITY_X = '110105001001';
export const COMMUNITY_Y = '110105001002';

/** What tests read from any answer; each test names the rest of the shape it reads. */
export interface Body {
  error?: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

export interface Harness {
  svc: RunningService;
  topic: string;
  token(roles: Role[], scope?: { level: 'district' | 'street' | 'community'; code: string }): Promise<string>;
  call<T = Body>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T & Body; headers: Headers }>;
  close(): Promise<void>;
}

/** The charity service in-process against the real stack, on a fresh database and topic. */
export async function startHarness(label: string): Promise<Harness> {
  const infra = useInfra();
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-charity-')));
  const pem = readPem(keys.privateKeyFile);
  const topic = freshTopicName(label);
  const dbName = freshDbName(label);
  // The projection's consumer needs the topic to exist when it subscribes.
  const admin = new Kafka({ brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  await admin.disconnect();
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
  return {
    svc,
    topic,
    token: (roles, scope = { level: 'district', code: DISTRICT }) =>
      signLocalToken(pem, {
        subject: `u-${roles[0]}`,
        roles,
        scopeLevel: scope.level,
        scopeCode: scope.code,
      }),
    async call<T>(
      method: string,
      path: string,
      token?: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) {
      const res = await fetch(`${svc.url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : {}) as T & Body, headers: res.headers };
    },
    async close() {
      await svc.ctx.db.dropDatabase();
      await svc.close();
    },
  };
}

/** Polls until `check` holds (projections are eventually consistent). */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
