import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureLocalKeys,
  readPem,
  signLocalToken,
  startService,
  type Role,
  type RunningService,
} from '@fivesoc/service-kit';
import { freshDbName, freshTopicName, useInfra } from '@fivesoc/test-support';
import type { LinkageConfig } from '../config.ts';
import { service } from '../service.ts';
import { UNREAD_TYPES, sampleHistory } from '../testing/sampleEvents.ts';
import { caughtUp, readModelFixture, until } from '../testing/readModelFixture.ts';

let f: Awaited<ReturnType<typeof readModelFixture>>;
let svc: RunningService<LinkageConfig>;
let pem: string;
const history = sampleHistory();
const expected = new Map<string, number>();
for (const { event } of history)
  if (!UNREAD_TYPES.has(event.type) && event.streamId !== 'need-bad')
    expected.set(event.streamId, event.streamVersion);

type Scope = { level: 'district' | 'street' | 'community'; code: string };
const token = (roles: Role[], scope: Scope = { level: 'district', code: '330102' }) =>
  signLocalToken(pem, { subject: 'u-1', roles, scopeLevel: scope.level, scopeCode: scope.code });
const get = async (url: string, roles: Role[] = ['district_admin'], scope?: Scope) =>
  svc.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await token(roles, scope)}` } });
const ids = async (url: string, key: string, roles?: Role[], scope?: Scope) =>
  (await get(url, roles, scope)).json<{ items: Record<string, unknown>[] }>().items.map((i) => i[key]);

beforeAll(async () => {
  f = await readModelFixture();
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-linkage-')));
  pem = readPem(keys.privateKeyFile);
  await f.produce(history);
  const s = f.sources;
  svc = await startService(service, {
    KAFKA_BROKERS: useInfra().kafkaBrokers.join(','),
    MONGODB_URL: useInfra().mongoUrl,
    MONGODB_DB: freshDbName('lk-api'),
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    COMMUNITY_TOPIC: s.community,
    SOCIAL_WORKER_TOPIC: s.socialWorker,
    VOLUNTEER_TOPIC: s.volunteer,
    ORGANIZATION_TOPIC: s.organization,
    CHARITY_TOPIC: s.charity,
    KAFKA_TOPIC: freshTopicName('lk-api-cases'),
    // Read models only: no case is opened, so the saga never calls a society (none runs here).
    AUTO_OPEN_CASES: 'false',
    SOCIETY_TOKEN: 'not-used-since-no-case-is-opened-here',
    PII_MASTER_KEY: randomBytes(32).toString('base64'),
    HTTP_PORT: '0',
    GRPC_PORT: '0',
    LOG_LEVEL: 'silent',
  });
  await until('read models caught up', () => caughtUp(svc.ctx.db, expected));
});
afterAll(async () => {
  await svc.ctx.db.dropDatabase().catch(() => undefined);
  await svc.close();
  await f.close();
});

describe('read-model lists', () => {
  it('scopes needs to the caller and pages them with a stable cursor', async () => {
    const community: Scope = { level: 'community', code: '330102001001' };
    expect(await ids('/v1/needs?status=open', 'needId', ['community_staff'], community)).toEqual([
      'n0',
      'n8',
      'n12',
    ]);
    const seen: unknown[] = [];
    let cursor: string | undefined;
    do {
      const r = (await get(`/v1/needs?limit=5${cursor ? `&cursor=${cursor}` : ''}`)).json<{
        items: { needId: string }[];
        nextCursor?: string;
      }>();
      seen.push(...r.items.map((i) => i.needId));
      cursor = r.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 16 }, (_, i) => `n${i}`));
  });

  it('lists workers covering a community, with their load', async () => {
    const community: Scope = { level: 'community', code: '330102001001' };
    expect(await ids('/v1/workers?available=true', 'workerId', ['social_worker'], community)).toEqual([
      'w0',
      'w4',
    ]);
    const [w2] = (await get('/v1/workers?communityCode=330102002001')).json<{
      items: { workerId: string; activeCases: number }[];
    }>().items;
    expect(w2).toMatchObject({ workerId: 'w2', activeCases: 1 });
  });

  it('lists volunteers of a street with their booked windows', async () => {
    const street: Scope = { level: 'street', code: '330102001' };
    const r = (await get('/v1/volunteers', ['street_admin'], street)).json<{
      items: { volunteerId: string; bookedWindows: { taskId: string }[] }[];
    }>();
    expect(r.items.map((v) => v.volunteerId).sort()).toEqual(['v0', 'v1', 'v4', 'v5', 'v8', 'v9']);
    expect(r.items.find((v) => v.volunteerId === 'v0')?.bookedWindows.map((w) => w.taskId)).toEqual(['k0']);
    expect(r.items.find((v) => v.volunteerId === 'v1')?.bookedWindows).toEqual([]);
  });

  it('filters organizations by eligibility and donations by what is available', async () => {
    expect(await ids('/v1/organizations?eligible=true', 'organizationId', ['integration_client'])).toEqual([
      'o2',
    ]);
    expect(
      await ids('/v1/organizations?creditStanding=serious', 'organizationId', ['integration_client']),
    ).toEqual(['o3']);
    const r = (await get('/v1/donations?measure=fen&available=true')).json<{
      items: { donationId: string; available: number }[];
    }>();
    expect(r.items.map((d) => [d.donationId, d.available])).toEqual([
      ['g0', 75_000],
      ['g3', 100_000],
      ['g6', 75_000],
    ]);
  });

  it('intersects a place filter with the scope: another place answers nothing', async () => {
    const community: Scope = { level: 'community', code: '330102001001' };
    const street: Scope = { level: 'street', code: '330102001' };
    for (const [url, key] of [
      ['/v1/needs', 'needId'],
      ['/v1/volunteers', 'volunteerId'],
      ['/v1/donations', 'donationId'],
      ['/v1/organizations', 'organizationId'],
    ] as const) {
      expect(await ids(`${url}?communityCode=330102002001`, key, ['community_staff'], community)).toEqual([]);
      expect(await ids(`${url}?streetCode=330102002`, key, ['street_admin'], street)).toEqual([]);
    }
    expect(await ids('/v1/workers?streetCode=330102002', 'workerId', ['street_admin'], street)).toEqual([]);
  });

  it('refuses callers without a token or a reading role, and unknown query fields', async () => {
    expect((await svc.app.inject({ method: 'GET', url: '/v1/needs' })).statusCode).toBe(401);
    expect((await get('/v1/needs', ['volunteer'])).statusCode).toBe(403);
    const bad = await get('/v1/donations?colour=red');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('colour');
  });

  it('lets ops rebuild the read models from offset zero, and only ops', async () => {
    const url = '/v1/read-models/rebuild';
    const auth = async (roles: Role[]) => ({ authorization: `Bearer ${await token(roles)}` });
    expect(
      (await svc.app.inject({ method: 'POST', url, headers: await auth(['district_admin']) })).statusCode,
    ).toBe(403);
    const before = await ids('/v1/organizations', 'organizationId');
    const r = await svc.app.inject({ method: 'POST', url, headers: await auth(['ops']) });
    expect(r.statusCode).toBe(202);
    expect(r.json<{ groupId: string }>().groupId).toMatch(/\.g1$/);
    await until('rebuilt', () => caughtUp(svc.ctx.db, expected));
    expect(await ids('/v1/organizations', 'organizationId')).toEqual(before);
  });
});
