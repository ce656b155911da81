import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import {
  ensureLocalKeys,
  readPem,
  signLocalToken,
  startService,
  type Role,
  type RunningService,
} from '@fivesoc/service-kit';
import { createTestTopics, freshDbName, freshTopicName, useInfra } from '@fivesoc/test-support';
import { service } from '../service.ts';
import type { SocialWorkerConfig } from '../config.ts';

export const DISTRICT = '330102';
export const STREET = '330102001';
export const OTHER_STREET = '330102002';

type Response = Awaited<ReturnType<RunningService['app']['inject']>>;

/** What the worker routes answer (the parts tests read). */
export interface WorkerJson {
  workerId: string;
  name?: string | null;
  phone?: string | null;
  status: string;
  maxCaseload: number;
  activeCaseIds: string[];
  activeCaseCount: number;
  availableCapacity: number;
  talentRecords: { kind: string; from: string; to?: string; organization: string }[];
  error?: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

export interface Harness {
  svc: RunningService<SocialWorkerConfig>;
  topic: string;
  token(
    roles: Role[],
    scope?: { level: 'district' | 'street' | 'community'; code: string },
    subject?: string,
  ): Promise<string>;
  /** app.inject with a bearer token and a JSON body. */
  call(
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    token: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  close(): Promise<void>;
}

/** The whole service in-process on the real stack, with a fresh database, topic and keys. */
export async function startHarness(): Promise<Harness> {
  const infra = useInfra();
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-sw-')));
  const pem = readPem(keys.privateKeyFile);
  const dbName = freshDbName('sw');
  const topic = freshTopicName('sw');
  // The service's topic exists before its projection subscribes (as it does when deployed).
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
  return {
    svc,
    topic,
    token: (roles, scope = { level: 'district', code: DISTRICT }, subject = 'admin-1') =>
      signLocalToken(pem, { subject, roles, scopeLevel: scope.level, scopeCode: scope.code }),
    call: async (method, url, token, body, headers = {}) =>
      svc.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
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

let seq = 0;
/** A valid registration body on STREET with a unique worker id and certificate number. */
export function registration(overrides: Record<string, unknown> = {}) {
  seq++;
  const n = `${Date.now() % 1_000_000}${seq}`.padStart(8, '0');
  return {
    workerId: `w-${n}`,
    name: '张三',
    phone: '13800138000',
    qualificationLevel: 'social_worker',
    certificateNumber: `ZJ${n}`,
    specialties: ['elderly', 'family'],
    employerId: 'org-1',
    districtCode: DISTRICT,
    streetCode: STREET,
    stationCode: `${STREET}-1`,
    coveredCommunityCodes: [`${STREET}001`, `${STREET}002`],
    maxCaseload: 3,
    ...overrides,
  };
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}
