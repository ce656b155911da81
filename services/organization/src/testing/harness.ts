import { MongoEventStore } from '@fivesoc/eventing';
import type { Role } from '@fivesoc/service-kit';
import { startServiceUnderTest } from '@fivesoc/service-kit/testing';
import { organizationRegistry } from '../domain/registry.ts';
import { service } from '../service.ts';

export const PLACE = { districtCode: '110105', streetCode: '110105001', communityCode: '110105001001' };

/** The organization service in-process against the real stack, with a fresh database and topic. */
export async function startHarness() {
  const t = await startServiceUnderTest(service, {
    label: 'org',
    env: { SCHEDULER_INTERVAL_MS: '0' },
    readsTopics: { COMMUNITY_TOPIC: 'community' },
    createOwnTopic: false,
  });
  const { svc, db, topic } = t;
  const store = new MongoEventStore({ db, registry: organizationRegistry });

  const token = (
    subject: string,
    role: Role,
    scopeLevel: 'district' | 'street' | 'community' = 'district',
    scopeCode = '110105',
  ) => t.sign([role], { level: scopeLevel, code: scopeCode }, subject);
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
    communityTopic: t.topics.COMMUNITY_TOPIC!,
    kafkaBrokers: t.kafkaBrokers,
    token,
    call,
    close: t.close,
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
