import { status, type Metadata } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseCommand } from '../cases/domain/decider.ts';
import type { PlanItem } from '../cases/domain/values.ts';
import {
  AcceptMatchRequest,
  AssessRequest,
  AssignWorkerRequest,
  CloseCaseRequest,
  GetCaseRequest,
  GetDistrictStatisticsRequest,
  ListCasesRequest,
  OpenCaseRequest,
  PlanRequest,
  ProposeMatchesRequest,
  RejectMatchRequest,
  RouteDonationsRequest,
  WatchCaseRequest,
  type WatchCaseResponse,
} from '../gen/fivesoc/linkage/v1/linkage.ts';
import {
  A,
  A1,
  A2,
  B,
  B1,
  D,
  SATURDAY,
  failureOf,
  startCaseFixture,
  type CaseFixture,
} from '../testing/caseFixture.ts';

let f: CaseFixture;
let admin: Metadata;
const CASES = ['c-p1', 'c-r1', 'c-r2', 'c-wc', 'c-s1', 'c-s2', 'c-s3'];

/** Runs domain commands as another instance would (setting up cases fast; the RPCs are tested elsewhere). */
async function given(caseId: string, commands: CaseCommand[]) {
  for (const c of commands) {
    await f.societies.execute(caseId, c, { actor: 'test:setup' });
    if (c.kind === 'assignWorker') await f.workerAccepts(caseId);
  }
}
const assessed = (workerId: string): CaseCommand[] => [
  { kind: 'assignWorker', workerId },
  { kind: 'assess', riskLevel: 'medium', needsIdentified: ['meals'], urgency: 'high' },
];
const money = (quantity: number): PlanItem => ({
  itemId: 'money',
  kind: 'donation',
  description: '',
  requirement: 'fen',
  quantity,
});
const visit: PlanItem = {
  itemId: 'visit',
  kind: 'volunteer',
  description: 'home visit',
  requirement: 'companionship',
  quantity: 1,
  ...SATURDAY,
};

beforeAll(async () => {
  f = await startCaseFixture([
    { id: 'p1', community: A1 },
    { id: 'r1', community: A1 },
    { id: 'r2', community: A2 },
    { id: 'wc', community: A2 },
    { id: 's1', community: B1 },
    { id: 's2', community: B1 },
    { id: 's3', community: B1 },
  ]);
  admin = await f.token(['district_admin'], undefined, 'admin-1');
  for (const id of CASES) await f.rpc.openCase(OpenCaseRequest.create({ needId: id.slice(2) }), admin);
});
afterAll(async () => {
  await f?.close();
});

describe('ProposeMatches', () => {
  it('ranks candidates per open plan item with score breakdowns and records them on the case', async () => {
    const caseId = 'c-p1';
    await f.rpc.assignWorker(AssignWorkerRequest.create({ caseId, workerId: 'w5' }), admin);
    await f.workerAccepts(caseId);
    await f.rpc.assess(
      AssessRequest.create({ caseId, riskLevel: 'high', needsIdentified: ['meals'], urgency: 'high' }),
      admin,
    );
    await f.rpc.plan(
      PlanRequest.create({
        caseId,
        items: [
          {
            itemId: 'visit',
            kind: 'RESOURCE_KIND_VOLUNTEER',
            description: 'home visit',
            requirement: 'companionship',
            quantity: 1,
            startAt: new Date(SATURDAY.startAt),
            endAt: new Date(SATURDAY.endAt),
          },
          {
            itemId: 'care',
            kind: 'RESOURCE_KIND_ORGANIZATION',
            description: '',
            requirement: 'elder_support',
            quantity: 1,
          },
          {
            itemId: 'rice',
            kind: 'RESOURCE_KIND_DONATION',
            description: '',
            requirement: 'rice/kg',
            quantity: 80,
          },
        ],
      }),
      admin,
    );
    const proposed = await f.rpc.proposeMatches(ProposeMatchesRequest.create({ caseId }), admin);
    // the booked volunteer, the one free on Mondays only, the blacklisted and the 2A organizations, and the
    // rice restricted to other communities are out; the rest by nearness (same community, street, district)
    expect(proposed.candidates.map((c) => [c.itemId, c.resourceId, c.rank])).toEqual([
      ['visit', 'va1', 1],
      ['visit', 'va2', 2],
      ['visit', 'vb1', 3],
      ['care', 'oa', 1],
      ['care', 'ob', 2],
      ['rice', 'drice', 1],
      ['rice', 'drice2', 2],
    ]);
    const score = (i: number) => proposed.candidates[i]!.score!;
    expect(score(0)).toEqual({ total: 1, skillFit: 1, nearness: 1, loadBalance: 1, rating: 0, credit: 0 });
    expect(score(1).total).toBeCloseTo(0.65 / 0.75, 9);
    expect(score(1).nearness).toBe(0.6);
    expect(score(3)).toMatchObject({ skillFit: 1, nearness: 1, rating: 0.8, credit: 1 });
    expect(score(3).total).toBeCloseTo(0.97, 9);
    expect(score(4).nearness).toBe(0.3);
    expect(score(5)).toMatchObject({ skillFit: 1, nearness: 1, loadBalance: 0 });
    expect(score(5).total).toBeCloseTo(0.8, 9);
    expect(proposed.case?.candidates).toEqual(proposed.candidates);
    expect((await f.rpc.getCase(GetCaseRequest.create({ caseId }), admin)).case?.candidates).toEqual(
      proposed.candidates,
    );

    // withdrawing a match asks the next recorded candidate in the same step
    const first = await f.rpc.acceptMatch(
      AcceptMatchRequest.create({ caseId, itemId: 'visit', resourceId: 'va1' }),
      admin,
    );
    const rejected = await f.rpc.rejectMatch(
      RejectMatchRequest.create({
        caseId,
        matchId: first.case!.matches[0]!.matchId,
        reason: 'prefers another',
      }),
      admin,
    );
    expect(rejected.case?.matches.map((m) => [m.resourceId, m.status, m.attempt])).toEqual([
      ['va1', 'MATCH_STATUS_WITHDRAWN', 1],
      ['va2', 'MATCH_STATUS_REQUESTED', 2],
    ]);
    // a new proposal leaves out whoever was asked already
    const again = await f.rpc.proposeMatches(ProposeMatchesRequest.create({ caseId, topK: 1 }), admin);
    expect(again.candidates.map((c) => [c.itemId, c.resourceId])).toEqual([
      ['visit', 'vb1'],
      ['care', 'oa'],
      ['rice', 'drice'],
    ]);
  });

  it('needs a plan and a case the caller may see', async () => {
    const staffB1 = await f.token(['community_staff'], { level: 'community', code: B1 });
    expect(
      await failureOf(f.rpc.proposeMatches(ProposeMatchesRequest.create({ caseId: 'c-p1' }), staffB1)),
    ).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(
      await failureOf(f.rpc.proposeMatches(ProposeMatchesRequest.create({ caseId: 'c-s3' }), admin)),
    ).toMatchObject({ code: status.FAILED_PRECONDITION, details: 'plan the case before proposing matches' });
  });
});

describe('RouteDonations', () => {
  it('routes donations optimally and deterministically, a restricted one only where it may go', async () => {
    await given('c-r1', [...assessed('w5'), { kind: 'plan', items: [money(40_000)] }]);
    await given('c-r2', [...assessed('w5'), { kind: 'plan', items: [money(30_000)] }]);
    const coordinator = await f.token(['charity_coordinator'], undefined, 'coord-1');
    const request = RouteDonationsRequest.create({
      donationIds: ['da', 'dres', 'dcat'],
      caseIds: ['c-r1', 'c-r2'],
      dryRun: true,
    });
    const versions = [await f.version('c-r1'), await f.version('c-r2')];
    const dry = await f.rpc.routeDonations(request, coordinator);
    expect(dry.allocations.map((a) => [a.donationId, a.caseId, a.itemId, a.quantity, a.measure])).toEqual([
      ['da', 'c-r1', 'money', 40_000, 'fen'],
      ['dres', 'c-r2', 'money', 30_000, 'fen'],
    ]);
    // urgency high 0.8·0.5 + same community 0.3 + purpose (0.5 open, 1 restricted)·0.2
    expect(dry.totalScore).toBeCloseTo(40_000 * 0.8 + 30_000 * 0.9, 3);
    expect(dry.totalCost).toBe(-(40_000 * 800_000 + 30_000 * 900_000));
    expect(dry.totalQuantity).toBe(70_000);
    const reversed = await f.rpc.routeDonations(
      { ...request, donationIds: ['dcat', 'dres', 'da'], caseIds: ['c-r2', 'c-r1'] },
      coordinator,
    );
    expect(reversed).toEqual(dry);
    expect([await f.version('c-r1'), await f.version('c-r2')]).toEqual(versions);

    // by scope: what a coordinator of A2 sees is the restricted donation and the case of A2
    await f.projected(['c-r1', 'c-r2']);
    const coordinatorA2 = await f.token(['charity_coordinator'], { level: 'community', code: A2 });
    const inA2 = await f.rpc.routeDonations(RouteDonationsRequest.create({ dryRun: true }), coordinatorA2);
    expect(inA2.allocations.map((a) => [a.donationId, a.caseId, a.quantity])).toEqual([
      ['dres', 'c-r2', 30_000],
    ]);
    const streetB = await f.token(['street_admin'], { level: 'street', code: B });
    expect(await failureOf(f.rpc.routeDonations(request, streetB))).toMatchObject({
      code: status.PERMISSION_DENIED,
    });

    const done = await f.rpc.routeDonations({ ...request, dryRun: false }, coordinator);
    expect(done.allocations.map((a) => [a.donationId, a.matchId, a.error])).toEqual([
      ['da', 'c-r1-r2', ''],
      ['dres', 'c-r2-r2', ''],
    ]);
    const r1 = (await f.rpc.getCase(GetCaseRequest.create({ caseId: 'c-r1' }), admin)).case!;
    expect(r1.matches).toMatchObject([
      {
        matchId: 'c-r1-r2',
        kind: 'RESOURCE_KIND_DONATION',
        resourceId: 'da',
        quantity: 40_000,
        status: 'MATCH_STATUS_REQUESTED',
      },
    ]);
    expect((await f.rpc.routeDonations(request, coordinator)).allocations).toEqual([]);
  });
});

/** A WatchCase stream: the messages so far, a wait for the n-th, and how it ended. */
function watch(request: WatchCaseRequest, metadata: Metadata, deadlineMs = 30_000) {
  const call = f.client.watchCase(request, metadata, { deadline: Date.now() + deadlineMs });
  const got: WatchCaseResponse[] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  call.on('data', (m: WatchCaseResponse) => {
    got.push(m);
    for (const w of waiting) if (got.length >= w.n) w.resolve();
  });
  call.on('error', () => undefined); // the status below carries it
  const ended = new Promise<{ code: number; details: string }>((resolve) =>
    call.on('status', (s: { code: number; details: string }) =>
      resolve({ code: s.code, details: s.details }),
    ),
  );
  return {
    got,
    ended,
    until: (n: number) =>
      Promise.race([
        new Promise<void>((resolve) => (got.length >= n ? resolve() : waiting.push({ n, resolve }))),
        ended.then((s) => {
          if (got.length < n)
            throw new Error(`stream ended (${s.code} ${s.details}) after ${got.length} messages`);
        }),
      ]),
  };
}

describe('WatchCase', () => {
  it('streams the stored events, then new ones live, and ends after CaseClosed', async () => {
    const caseId = 'c-wc';
    const w = watch(WatchCaseRequest.create({ caseId }), admin);
    await w.until(1);
    // appended by this instance: the stream wakes at once
    await f.rpc.assignWorker(AssignWorkerRequest.create({ caseId, workerId: 'w4' }), admin);
    await w.until(2);
    // appended by "another instance": found by the stream's poll
    await f.workerAccepts(caseId);
    await w.until(3);
    await f.rpc.closeCase(CloseCaseRequest.create({ caseId, outcome: 'unreachable' }), admin);
    expect(await w.ended).toMatchObject({ code: status.OK });
    expect(w.got.map((m) => [m.type, m.streamVersion])).toEqual([
      ['CaseOpened', 1],
      ['WorkerRequested', 2],
      ['WorkerAssigned', 3],
      ['CaseClosed', 4],
    ]);
    expect(JSON.parse(w.got[0]!.payloadJson)).toMatchObject({ caseId, needId: 'wc', openedBy: 'admin-1' });
    expect(w.got[3]!.occurredAt).toBeInstanceOf(Date);

    const rest = watch(WatchCaseRequest.create({ caseId, afterVersion: 2 }), admin);
    expect(await rest.ended).toMatchObject({ code: status.OK });
    expect(rest.got.map((m) => m.streamVersion)).toEqual([3, 4]);
    const none = watch(WatchCaseRequest.create({ caseId, afterVersion: 4 }), admin);
    expect(await none.ended).toMatchObject({ code: status.OK });
    expect(none.got).toEqual([]);
  });

  it('honours the deadline, the scope and the request’s rules', async () => {
    const open = watch(WatchCaseRequest.create({ caseId: 'c-s3' }), admin, 1_500);
    expect(await open.ended).toMatchObject({ code: status.DEADLINE_EXCEEDED });
    expect(open.got.map((m) => m.type)).toEqual(['CaseOpened']);
    const staffA1 = await f.token(['community_staff'], { level: 'community', code: A1 });
    expect(await watch(WatchCaseRequest.create({ caseId: 'c-s3' }), staffA1).ended).toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    const bad = await watch(WatchCaseRequest.create({ caseId: 'c-s3', afterVersion: -1 }), admin).ended;
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    expect(bad.details).toMatch(/^after_version: /);
    expect(await watch(WatchCaseRequest.create({ caseId: 'c-none' }), admin).ended).toMatchObject({
      code: status.NOT_FOUND,
    });
  });
});

describe('ListCases and GetDistrictStatistics', () => {
  const list = (r: Partial<ListCasesRequest>, m: Metadata = admin) =>
    f.rpc.listCases(ListCasesRequest.create(r), m).then((x) => x.cases.map((c) => c.caseId));

  beforeAll(async () => {
    const opened = async (id: string) => Date.parse((await f.societies.load(id)).state.openedAt);
    const after = (t: number, s: number) => new Date(t + s * 1000);
    await given('c-s1', [...assessed('w6'), { kind: 'plan', items: [visit] }]);
    await given('c-s1', [{ kind: 'accept', itemId: 'visit', resourceId: 'vb1' }]);
    await f.confirm('c-s1', 'c-s1-r2', after(await opened('c-s1'), 60));
    await given('c-s1', [{ kind: 'close', outcome: 'referred_out' }]);
    const care: PlanItem = {
      itemId: 'care',
      kind: 'organization',
      description: '',
      requirement: 'elder_support',
      quantity: 1,
    };
    const rice: PlanItem = {
      itemId: 'rice',
      kind: 'donation',
      description: '',
      requirement: 'rice/kg',
      quantity: 50,
    };
    await given('c-s2', [
      ...assessed('w6'),
      { kind: 'plan', items: [care, rice] },
      { kind: 'accept', itemId: 'care', resourceId: 'ob' },
      { kind: 'accept', itemId: 'rice', resourceId: 'drice2' },
    ]);
    await f.confirm('c-s2', 'c-s2-r2', after(await opened('c-s2'), 200));
    await f.confirm('c-s2', 'c-s2-r3', after(await opened('c-s2'), 300));
    await f.projected(CASES);
  });

  it('lists the cases in the caller’s scope, filtered and paged, oldest first', async () => {
    expect(await list({ communityCode: B1 })).toEqual(['c-s1', 'c-s2', 'c-s3']);
    expect(await list({ communityCode: B1, status: 'CASE_STATUS_CLOSED' })).toEqual(['c-s1']);
    expect(await list({ status: 'CASE_STATUS_IN_DELIVERY' })).toEqual(['c-s2']);
    expect(await list({ workerId: 'w6' })).toEqual(['c-s1', 'c-s2']);
    expect(await list({ streetCode: A })).toEqual(['c-p1', 'c-r1', 'c-r2', 'c-wc']);
    // scoping: a community's staff, a street's admin, and a worker who sees what is assigned to them
    expect(await list({}, await f.token(['community_staff'], { level: 'community', code: A1 }))).toEqual([
      'c-p1',
      'c-r1',
    ]);
    expect(await list({}, await f.token(['street_admin'], { level: 'street', code: B }))).toEqual([
      'c-s1',
      'c-s2',
      'c-s3',
    ]);
    const w6 = await f.token(['social_worker'], { level: 'community', code: '330102002001' }, 'w6');
    expect(await list({}, w6)).toEqual(['c-s1', 'c-s2']);
    expect(await list({ communityCode: A1 }, w6)).toEqual([]);

    const seen: string[] = [];
    let pageToken = '';
    do {
      const page = await f.rpc.listCases(ListCasesRequest.create({ pageSize: 2, pageToken }), admin);
      expect(page.cases.length).toBeLessThanOrEqual(2);
      seen.push(...page.cases.map((c) => c.caseId));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(CASES);
    const s2 = (
      await f.rpc.listCases(ListCasesRequest.create({ workerId: 'w6', pageSize: 1, pageToken: '' }), admin)
    ).cases[0]!;
    expect(s2).toMatchObject({
      caseId: 'c-s1',
      status: 'CASE_STATUS_CLOSED',
      outcome: 'referred_out',
      workerId: 'w6',
    });
    expect(s2.version).toBe(await f.version('c-s1'));
  });

  it('counts cases, time to the first match and matches by kind per district, street and community', async () => {
    const stats = await f.rpc.getDistrictStatistics(GetDistrictStatisticsRequest.create({}), admin);
    const b1 = {
      openCases: 2,
      closedCases: 1,
      matchedCases: 2,
      medianSecondsToMatch: 130,
      volunteerMatches: 1,
      organizationMatches: 1,
      donationMatches: 1,
    };
    expect(stats.communities.find((c) => c.place?.communityCode === B1)).toEqual({
      place: { districtCode: D, streetCode: B, communityCode: B1 },
      ...b1,
    });
    expect(stats.streets.find((s) => s.place?.streetCode === B)).toEqual({
      place: { districtCode: D, streetCode: B, communityCode: '' },
      ...b1,
    });
    expect(stats.district?.place).toEqual({ districtCode: D, streetCode: '', communityCode: '' });
    expect((stats.district?.openCases ?? 0) + (stats.district?.closedCases ?? 0)).toBe(CASES.length);
    expect(stats.streets.map((s) => s.place?.streetCode)).toEqual([B, A]);

    const streetB = await f.rpc.getDistrictStatistics(
      GetDistrictStatisticsRequest.create({}),
      await f.token(['street_admin'], { level: 'street', code: B }),
    );
    expect(streetB.district).toEqual({ place: { districtCode: D, streetCode: B, communityCode: '' }, ...b1 });
    expect(streetB.communities.map((c) => c.place?.communityCode)).toEqual([B1]);

    const later = await f.rpc.getDistrictStatistics(
      GetDistrictStatisticsRequest.create({ from: new Date(Date.now() + 86_400_000) }),
      admin,
    );
    expect(later.district).toMatchObject({ openCases: 0, closedCases: 0 });
    expect(later.streets).toEqual([]);
  });
});
