import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { MongoEventStore } from '@fivesoc/eventing';
import { ensureLocalKeys, readPem, signLocalToken, startService, type Role } from '@fivesoc/service-kit';
import { freshDbName, freshTopicName, useInfra } from '@fivesoc/test-support';
import { organizationRegistry } from '../domain/registry.ts';
import { service } from '../service.ts';

export const PLACE = { districtCode: '110105', streetCode: '110105001', communityCode: '110105001001' };

/** The organization service in-process against the real stack, with a fresh database and topic. */
export async function startHarness() {
  const infra = useInfra();
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-org-')));
  const dbName = freshDbName('org');
  const topic = freshTopicName('org');
  const svc = await startService(service, {
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    MONGODB_URL: infra.mongoUrl,
    MONGODB_DB: dbName,
    KAFKA_TOPIC: topic,
    COMMUNITY_TOPIC: `${topic}.community`,
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    PII_MASTER_KEY: randomBytes(32).toString('base64'),
    SCHEDULER_INTERVAL_MS: '0',
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
  });
  const pem = readPem(keys.privateKeyFile);
  const mongo = new MongoClient(infra.mongoUrl);
  const db = mongo.db(dbName);
  const store = new MongoEventStore({ db, registry: organizationRegistry });

  const token = (
    subject: string,
    role: Role,
    scopeLevel: 'district' | 'street' | 'community' = 'district',
    scopeCode = '110105',
  ) => signLocalToken(pem, { subject, roles: [role], scopeLevel, scopeCode });
  const call = async (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    auth?: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await svc.app.inject({
      method,
      url,
      headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>(), etag: res.headers.etag };
  };
  return {
    svc,
    db,
    store,
    topic,
    communityTopic: `${topic}.community`,
    kafkaBrokers: infra.kafkaBrokers,
    token,
    call,
    close: async () => {
      await svc.close();
      await db.dropDatabase();
      await mongo.close();
    },
  };
}
export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** A unified social credit code with a valid check character, distinct for each `n`. */
export function validCode(n: number): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const first = `5211010550${String(n).padStart(7, '0')}`;
  const sum = [...first].reduce((s, c, i) => s + alphabet.indexOf(c) * weights[i]!, 0);
  return first + alphabet[(31 - (sum % 31)) % 31]!;
}

export const application = (creditCode: string, category = 'science_technology') => ({
  name: 'Sunshine Elderly Care',
  category,
  kind: 'social_service_agency',
  field: 'elderly',
  place: PLACE,
  creditCode,
  legalRepresentative: { name: 'Zhang San', phone: '13800000000' },
});

export async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
