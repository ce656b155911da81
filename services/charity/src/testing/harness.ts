import { randomBytes, randomUUID } from 'node:crypto';
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
/** Needs every harness reports at start (elder care), so tests can reserve for them: id → community. */
export const FIXTURE_NEEDS: Record<string, string> = {
  'need-1': COMMUNITY_X,
  'need-2': COMMUNITY_Y,
};

/** What tests read from any answer; each test names the rest of the shape it reads. */
export interface Body {
  error?: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

export interface Harness {
  svc: RunningService;
  topic: string;
  /** The community society's topic as this charity reads it (needs and their places). */
  communityTopic: string;
  /** Publishes a NeedReported as the community society would, and waits until charity knows the need. */
  reportNeed(needId: string, communityCode: string, category?: string): Promise<void>;
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
  const communityTopic = `${topic}.community`;
  const dbName = freshDbName(label);
  // The consumers need their topics to exist when they subscribe.
  const kafka = new Kafka({ brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [topic, communityTopic].map((t) => ({ topic: t, numPartitions: 3, replicationFactor: 1 })),
    waitForLeaders: true,
  });
  await admin.disconnect();
  const svc = await startService(service, {
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    MONGODB_URL: infra.mongoUrl,
    MONGODB_DB: dbName,
    KAFKA_TOPIC: topic,
    COMMUNITY_TOPIC: communityTopic,
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    PII_MASTER_KEY: randomBytes(32).toString('base64'),
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
  });
  const producer = kafka.producer();
  await producer.connect();
  const reportNeed = async (needId: string, communityCode: string, category = 'elder_care') => {
    const payload = {
      needId,
      districtCode: communityCode.slice(0, 6),
      streetCode: communityCode.slice(0, 9),
      communityCode,
      category,
      categoryListVersion: 1,
      urgency: 'normal',
    };
    const envelope = {
      id: randomUUID(),
      streamId: `need-${needId}`,
      streamVersion: 1,
      type: 'NeedReported',
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
      payload,
      metadata: {},
    };
    await producer.send({
      topic: communityTopic,
      messages: [{ key: envelope.streamId, value: JSON.stringify(envelope) }],
    });
    await until(`need ${needId} known to charity`, () =>
      svc.ctx.db.collection('need_places').findOne({ _id: needId as never }),
    );
  };
  for (const [needId, communityCode] of Object.entries(FIXTURE_NEEDS))
    await reportNeed(needId, communityCode);
  return {
    svc,
    topic,
    communityTopic,
    reportNeed,
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
      await producer.disconnect();
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
