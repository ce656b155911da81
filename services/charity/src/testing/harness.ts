import { randomUUID } from 'node:crypto';
import type { Role, RunningService } from '@fivesoc/service-kit';
import { startServiceUnderTest, until } from '@fivesoc/service-kit/testing';
import { Kafka, logLevel } from 'kafkajs';
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
  const t = await startServiceUnderTest(service, {
    label,
    readsTopics: { COMMUNITY_TOPIC: 'community' },
  });
  const { svc, topic } = t;
  const communityTopic = t.topics.COMMUNITY_TOPIC!;
  const kafka = new Kafka({ brokers: t.kafkaBrokers, logLevel: logLevel.NOTHING });
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
    token: (roles, scope = { level: 'district', code: DISTRICT }) => t.sign(roles, scope, `u-${roles[0]}`),
    async call<T>(
      method: string,
      path: string,
      token?: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) {
      const res = await t.request(method, path, { ...(token ? { token } : {}), body, headers });
      return {
        status: res.status,
        body: (res.text ? JSON.parse(res.text) : {}) as T & Body,
        headers: res.headers,
      };
    },
    async close() {
      await producer.disconnect();
      await t.close();
    },
  };
}

export { until };
