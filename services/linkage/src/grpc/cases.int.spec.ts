import { Metadata, status, type ClientReadableStream } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AcceptMatchRequest,
  AssessRequest,
  AssignWorkerRequest,
  CloseCaseRequest,
  EscalateCaseRequest,
  GetCaseHistoryRequest,
  GetCaseRequest,
  GetDistrictStatisticsRequest,
  ListCasesRequest,
  OpenCaseRequest,
  PlanRequest,
  ProposeMatchesRequest,
  RecordDeliveryRequest,
  RejectMatchRequest,
  ReviewRequest,
  RouteDonationsRequest,
  TransferCaseRequest,
  type PlanItem,
} from '../gen/fivesoc/linkage/v1/linkage.ts';
import * as messages from '../gen/fivesoc/linkage/v1/linkage.ts';
import { isScoped } from '@fivesoc/service-kit';
import {
  A,
  A1,
  A2,
  B,
  B1,
  SATURDAY,
  failureOf,
  startCaseFixture,
  type CaseFixture,
  type Scope,
} from '../testing/caseFixture.ts';
import { RPC_ACCESS } from './caseAccess.ts';

let f: CaseFixture;
let admin: Metadata;
let staffA1: Metadata;

const careItem: PlanItem = {
  itemId: 'care',
  kind: 'RESOURCE_KIND_ORGANIZATION',
  description: 'day care',
  requirement: 'elder_support',
  quantity: 1,
};
const visitItem: PlanItem = {
  itemId: 'visit',
  kind: 'RESOURCE_KIND_VOLUNTEER',
  description: 'home visit',
  requirement: 'companionship',
  quantity: 1,
  startAt: new Date(SATURDAY.startAt),
  endAt: new Date(SATURDAY.endAt),
};

/** Opens the need's case and has worker w5 accept it. */
async function assignedCase(needId: string, by: Metadata = admin) {
  const caseId = (await f.rpc.openCase(OpenCaseRequest.create({ needId }), by)).case!.caseId;
  await f.rpc.assignWorker(AssignWorkerRequest.create({ caseId, workerId: 'w5' }), admin);
  await f.workerAccepts(caseId);
  return caseId;
}

beforeAll(async () => {
  f = await startCaseFixture([
    { id: 'm1', community: A1 },
    { id: 'm2', community: A1 },
    { id: 'm3', community: A2 },
    { id: 'm4', community: B1 },
    { id: 'nocons', community: A1, consent: ['needs_assessment'] },
    { id: 'noref', community: A1, consent: ['needs_assessment', 'case_handling'] },
    { id: 'far', community: A2 },
    { id: 'mx', community: A1 },
  ]);
  admin = await f.token(['district_admin'], undefined, 'admin-1');
  staffA1 = await f.token(['community_staff'], { level: 'community', code: A1 }, 'staff-a1');
});
afterAll(async () => {
  await f?.close();
});

describe('the case workflow over gRPC', () => {
  it('runs a case from its need to a resolved close, through every step', async () => {
    const opened = await f.rpc.openCase(
      OpenCaseRequest.create({ needId: 'm1', idempotencyKey: 'k-m1' }),
      staffA1,
    );
    expect(opened.case).toMatchObject({
      caseId: 'c-m1',
      needId: 'm1',
      place: { districtCode: '330102', streetCode: A, communityCode: A1 },
      status: 'CASE_STATUS_OPEN',
      category: 'elder_care',
      urgency: 'high',
      version: 1,
    });
    // the same key answers as before; another key, or none, finds the case there
    expect(
      (await f.rpc.openCase(OpenCaseRequest.create({ needId: 'm1', idempotencyKey: 'k-m1' }), staffA1)).case,
    ).toEqual(opened.case);
    for (const idempotencyKey of ['k-other', ''])
      expect(
        await failureOf(f.rpc.openCase(OpenCaseRequest.create({ needId: 'm1', idempotencyKey }), staffA1)),
      ).toMatchObject({
        code: status.ALREADY_EXISTS,
      });

    const assess = AssessRequest.create({
      caseId: 'c-m1',
      riskLevel: 'medium',
      needsIdentified: ['meals', 'companionship'],
      urgency: 'high',
    });
    expect(await failureOf(f.rpc.assess(assess, staffA1))).toMatchObject({
      code: status.FAILED_PRECONDITION,
    });

    const assigned = await f.rpc.assignWorker(
      AssignWorkerRequest.create({ caseId: 'c-m1', workerId: 'w5', expectedVersion: 1 }),
      staffA1,
    );
    expect(assigned.case).toMatchObject({
      status: 'CASE_STATUS_OPEN',
      pendingWorkerId: 'w5',
      workerId: '',
      version: 2,
    });
    await f.workerAccepts('c-m1');

    const plan = PlanRequest.create({ caseId: 'c-m1', items: [careItem, visitItem] });
    expect(await failureOf(f.rpc.plan(plan, staffA1))).toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: 'assess the case before planning',
    });
    const assessed = await f.rpc.assess({ ...assess, expectedVersion: 3 }, staffA1);
    expect(assessed.case).toMatchObject({
      status: 'CASE_STATUS_ASSESSED',
      workerId: 'w5',
      riskLevel: 'medium',
      needsIdentified: ['meals', 'companionship'],
    });
    const planned = await f.rpc.plan({ ...plan, expectedVersion: 4 }, staffA1);
    expect(planned.case?.status).toBe('CASE_STATUS_PLANNED');
    expect(planned.case?.plan).toEqual([careItem, visitItem]);

    // picked by hand, a resource is still held to the matching rules
    const accept = AcceptMatchRequest.create({ caseId: 'c-m1', itemId: 'care', resourceId: 'oblack' });
    const blacklisted = await failureOf(f.rpc.acceptMatch(accept, staffA1));
    expect(blacklisted.code).toBe(status.FAILED_PRECONDITION);
    expect(blacklisted.details).toContain('credit_blacklisted');
    expect(await failureOf(f.rpc.acceptMatch({ ...accept, resourceId: 'ghost' }, staffA1))).toMatchObject({
      code: status.NOT_FOUND,
    });
    const care = (await f.rpc.acceptMatch({ ...accept, resourceId: 'oa' }, staffA1)).case!.matches[0]!;
    expect(care).toMatchObject({
      itemId: 'care',
      kind: 'RESOURCE_KIND_ORGANIZATION',
      resourceId: 'oa',
      quantity: 1,
      status: 'MATCH_STATUS_REQUESTED',
      attempt: 1,
      released: false,
    });
    const deliver = RecordDeliveryRequest.create({
      caseId: 'c-m1',
      matchId: care.matchId,
      quantity: 1,
      deliveredAt: new Date('2026-12-06T00:00:00.000Z'),
    });
    expect(await failureOf(f.rpc.recordDelivery(deliver, staffA1))).toMatchObject({
      code: status.FAILED_PRECONDITION,
    });
    await f.confirm('c-m1', care.matchId);
    // this request has an hour to be confirmed, not the default 48 h
    const visit = (
      await f.rpc.acceptMatch(
        { ...accept, itemId: 'visit', resourceId: 'va1', confirmWithinSeconds: 3600 },
        staffA1,
      )
    ).case!.matches[1]!;
    expect(visit.deadline!.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(care.deadline!.getTime()).toBeGreaterThan(Date.now() + 47 * 3600_000);
    await f.confirm('c-m1', visit.matchId);
    expect((await f.rpc.getCase(GetCaseRequest.create({ caseId: 'c-m1' }), staffA1)).case?.status).toBe(
      'CASE_STATUS_IN_DELIVERY',
    );

    await f.rpc.recordDelivery(deliver, staffA1);
    const delivered = await f.rpc.recordDelivery(
      { ...deliver, matchId: visit.matchId, quantity: 120 },
      staffA1,
    );
    expect(delivered.case?.status).toBe('CASE_STATUS_UNDER_REVIEW');
    expect(delivered.case?.matches[1]).toMatchObject({
      status: 'MATCH_STATUS_CONFIRMED',
      delivered: 120,
      deliveries: 1,
    });

    const reviewed = await f.rpc.review(ReviewRequest.create({ caseId: 'c-m1', rating: 5 }), staffA1);
    expect(reviewed.case?.rating).toBe(5);
    const closed = await f.rpc.closeCase(
      CloseCaseRequest.create({
        caseId: 'c-m1',
        outcome: 'resolved',
        expectedVersion: reviewed.case!.version,
      }),
      staffA1,
    );
    expect(closed.case).toMatchObject({ status: 'CASE_STATUS_CLOSED', outcome: 'resolved' });
    expect(
      await failureOf(
        f.rpc.escalateCase(EscalateCaseRequest.create({ caseId: 'c-m1', reason: 'late' }), admin),
      ),
    ).toMatchObject({ code: status.FAILED_PRECONDITION, details: 'case c-m1 is closed' });

    // Its history: every change, in order, with who made it (a person with their roles, or a society).
    const history = await f.rpc.getCaseHistory(
      GetCaseHistoryRequest.create({ caseId: 'c-m1', pageSize: 200 }),
      staffA1,
    );
    expect(history.entries.map((e) => e.version)).toEqual(
      Array.from({ length: closed.case!.version }, (_, i) => i + 1),
    );
    expect(history.entries[0]).toMatchObject({
      type: 'CaseOpened',
      words: 'case opened',
      actor: 'staff-a1',
      roles: ['community_staff'],
      command: 'open',
    });
    expect(history.entries.find((e) => e.command === 'workerAnswered')).toMatchObject({
      actor: 'test:social-worker',
      roles: [],
    });
    expect(history.entries.at(-1)).toMatchObject({ type: 'CaseClosed', actor: 'staff-a1', command: 'close' });
    expect(history.nextAfterVersion).toBe(0);
    const paged = await f.rpc.getCaseHistory(
      GetCaseHistoryRequest.create({ caseId: 'c-m1', afterVersion: 1, pageSize: 1 }),
      staffA1,
    );
    expect(paged).toMatchObject({ entries: [{ version: 2 }], nextAfterVersion: 2 });
    expect(
      await failureOf(
        f.rpc.getCaseHistory(
          GetCaseHistoryRequest.create({ caseId: 'c-m1' }),
          await f.token(['community_staff'], { level: 'community', code: B1 }),
        ),
      ),
    ).toMatchObject({ code: status.PERMISSION_DENIED });
  });

  it('refers to an organization only with consent to referral_to_partners, or an admin’s recorded override', async () => {
    const caseId = await assignedCase('noref', staffA1);
    const assess = AssessRequest.create({
      caseId,
      riskLevel: 'low',
      needsIdentified: ['meals'],
      urgency: 'normal',
    });
    await f.rpc.assess(assess, staffA1);
    await f.rpc.plan(PlanRequest.create({ caseId, items: [careItem, visitItem] }), staffA1);
    const accept = AcceptMatchRequest.create({ caseId, itemId: 'care', resourceId: 'oa' });
    const refused = await failureOf(f.rpc.acceptMatch(accept, staffA1));
    expect(refused.code).toBe(status.FAILED_PRECONDITION);
    expect(refused.details).toContain('referral_to_partners');
    const worker = await f.token(['social_worker'], { level: 'community', code: A1 }, 'w5');
    const reason = 'resident cannot be reached; at risk of harm';
    for (const as of [staffA1, worker])
      expect(
        await failureOf(f.rpc.acceptMatch({ ...accept, consentOverrideReason: reason }, as)),
      ).toMatchObject({
        code: status.PERMISSION_DENIED,
      });
    // a volunteer is no referral: the consent to case handling covers it
    await f.rpc.acceptMatch({ ...accept, itemId: 'visit', resourceId: 'va1' }, staffA1);
    const types = async () => (await f.store.readStream(`case-${caseId}`)).map((e) => e.type);
    expect((await types()).filter((t) => t === 'MatchRequested')).toHaveLength(1);

    const referred = await f.rpc.acceptMatch({ ...accept, consentOverrideReason: reason }, admin);
    expect(referred.case?.matches.find((m) => m.itemId === 'care')).toMatchObject({
      resourceId: 'oa',
      status: 'MATCH_STATUS_REQUESTED',
    });
    const events = await f.store.readStream(`case-${caseId}`);
    const at = events.findIndex((e) => e.type === 'ReferralConsentOverridden');
    expect(events[at]?.payload).toEqual({
      itemId: 'care',
      resourceId: 'oa',
      reason,
      overriddenBy: 'admin-1',
    });
    expect(events[at + 1]).toMatchObject({
      type: 'MatchRequested',
      payload: { itemId: 'care', resourceId: 'oa' },
    });
  });

  it('refuses a worker who does not cover the case’s community, naming the field and asking nobody', async () => {
    const caseId = (await f.rpc.openCase(OpenCaseRequest.create({ needId: 'far' }), admin)).case!.caseId;
    // w2 covers a sample community of another street, not A2
    const refused = await failureOf(
      f.rpc.assignWorker(AssignWorkerRequest.create({ caseId, workerId: 'w2' }), admin),
    );
    expect(refused.code).toBe(status.INVALID_ARGUMENT);
    expect(refused.details).toMatch(/^worker_id: /);
    const seen = (await f.rpc.getCase(GetCaseRequest.create({ caseId }), admin)).case!;
    expect(seen).toMatchObject({ pendingWorkerId: '', workerId: '', version: 1 });
    await f.rpc.assignWorker(AssignWorkerRequest.create({ caseId, workerId: 'w5' }), admin);
    await f.workerAccepts(caseId);
    const transfer = TransferCaseRequest.create({ caseId, toWorkerId: 'w2', reason: 'leave' });
    const moved = await failureOf(f.rpc.transferCase(transfer, admin));
    expect(moved).toMatchObject({ code: status.INVALID_ARGUMENT });
    expect(moved.details).toMatch(/^to_worker_id: /);
  });

  it('refuses to open a case for an unknown need, a withdrawn one, or one whose consent does not cover it', async () => {
    expect(await failureOf(f.rpc.openCase(OpenCaseRequest.create({ needId: 'nope' }), admin))).toMatchObject({
      code: status.NOT_FOUND,
      details: 'need nope not found',
    });
    expect(await failureOf(f.rpc.openCase(OpenCaseRequest.create({ needId: 'gone' }), admin))).toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: 'need gone is withdrawn',
    });
    const noConsent = await failureOf(f.rpc.openCase(OpenCaseRequest.create({ needId: 'nocons' }), admin));
    expect(noConsent.code).toBe(status.FAILED_PRECONDITION);
    expect(noConsent.details).toContain('consent');
    expect(
      await failureOf(f.rpc.getCase(GetCaseRequest.create({ caseId: 'c-nocons' }), admin)),
    ).toMatchObject({
      code: status.NOT_FOUND,
    });
  });

  it('rejects bad requests on every write with INVALID_ARGUMENT naming the field, changing nothing', async () => {
    const caseId = await assignedCase('m2');
    await f.rpc.assess(
      AssessRequest.create({ caseId, riskLevel: 'low', needsIdentified: ['meals'], urgency: 'normal' }),
      admin,
    );
    await f.rpc.plan(PlanRequest.create({ caseId, items: [careItem] }), admin);
    const matchId = (
      await f.rpc.acceptMatch(AcceptMatchRequest.create({ caseId, itemId: 'care', resourceId: 'oa' }), admin)
    ).case!.matches[0]!.matchId;
    const before = await f.version(caseId);
    const r = f.rpc;
    const bad: [() => Promise<unknown>, string][] = [
      [() => r.openCase(OpenCaseRequest.create({ needId: 'not an id!' }), admin), 'need_id'],
      [
        () => r.openCase(OpenCaseRequest.create({ needId: 'm2', idempotencyKey: 'k'.repeat(201) }), admin),
        'idempotency_key',
      ],
      [() => r.assignWorker(AssignWorkerRequest.create({ caseId, workerId: '' }), admin), 'worker_id'],
      [() => r.assignWorker(AssignWorkerRequest.create({ caseId: '', workerId: 'w4' }), admin), 'case_id'],
      [
        () =>
          r.assess(
            AssessRequest.create({
              caseId,
              riskLevel: 'extreme',
              needsIdentified: ['meals'],
              urgency: 'high',
            }),
            admin,
          ),
        'risk_level',
      ],
      [
        () =>
          r.assess(
            AssessRequest.create({
              caseId,
              riskLevel: 'low',
              needsIdentified: ['She lives alone with her son'],
              urgency: 'high',
            }),
            admin,
          ),
        'needs_identified.0',
      ],
      [
        () =>
          r.assess(
            AssessRequest.create({ caseId, riskLevel: 'low', needsIdentified: [], urgency: 'high' }),
            admin,
          ),
        'needs_identified',
      ],
      [() => r.plan(PlanRequest.create({ caseId, items: [] }), admin), 'items'],
      [
        () => r.plan(PlanRequest.create({ caseId, items: [careItem, { ...visitItem, quantity: 0 }] }), admin),
        'items.1.quantity',
      ],
      [
        () => r.plan(PlanRequest.create({ caseId, items: [{ ...visitItem, startAt: undefined }] }), admin),
        'items.0.start_at',
      ],
      [
        () =>
          r.plan(
            PlanRequest.create({ caseId, items: [{ ...visitItem, endAt: new Date(SATURDAY.startAt) }] }),
            admin,
          ),
        'items.0.end_at',
      ],
      [
        () =>
          r.plan(
            PlanRequest.create({ caseId, items: [{ ...careItem, kind: 'RESOURCE_KIND_UNSPECIFIED' }] }),
            admin,
          ),
        'items.0.kind',
      ],
      [
        () => r.plan(PlanRequest.create({ caseId, items: [{ ...careItem, requirement: '' }] }), admin),
        'items.0.requirement',
      ],
      [() => r.plan(PlanRequest.create({ caseId, items: [careItem, careItem] }), admin), 'items.item_id'],
      [() => r.proposeMatches(ProposeMatchesRequest.create({ caseId, topK: 50 }), admin), 'top_k'],
      [
        () => r.acceptMatch(AcceptMatchRequest.create({ caseId, itemId: 'care', resourceId: '' }), admin),
        'resource_id',
      ],
      [
        () =>
          r.acceptMatch(
            AcceptMatchRequest.create({ caseId, itemId: 'care', resourceId: 'oa', quantity: 0 }),
            admin,
          ),
        'quantity',
      ],
      [
        () =>
          r.acceptMatch(
            AcceptMatchRequest.create({ caseId, itemId: 'care', resourceId: 'oa', confirmWithinSeconds: 0 }),
            admin,
          ),
        'confirm_within_seconds',
      ],
      [
        () =>
          r.acceptMatch(AcceptMatchRequest.create({ caseId, itemId: 'nothing', resourceId: 'oa' }), admin),
        'item_id',
      ],
      [() => r.rejectMatch(RejectMatchRequest.create({ caseId, matchId, reason: '' }), admin), 'reason'],
      [
        () => r.rejectMatch(RejectMatchRequest.create({ caseId, matchId: 'c-m2-r99', reason: 'no' }), admin),
        'match_id',
      ],
      [
        () =>
          r.recordDelivery(
            RecordDeliveryRequest.create({ caseId, matchId, quantity: 0, deliveredAt: new Date() }),
            admin,
          ),
        'quantity',
      ],
      [
        () => r.recordDelivery(RecordDeliveryRequest.create({ caseId, matchId, quantity: 1 }), admin),
        'delivered_at',
      ],
      [() => r.review(ReviewRequest.create({ caseId, rating: 6 }), admin), 'rating'],
      [() => r.closeCase(CloseCaseRequest.create({ caseId, outcome: 'solved' }), admin), 'outcome'],
      [
        () => r.transferCase(TransferCaseRequest.create({ caseId, toWorkerId: '', reason: 'leave' }), admin),
        'to_worker_id',
      ],
      [
        () =>
          r.transferCase(TransferCaseRequest.create({ caseId, toWorkerId: 'w5', reason: 'leave' }), admin),
        'to_worker_id',
      ],
      [() => r.escalateCase(EscalateCaseRequest.create({ caseId, reason: '   ' }), admin), 'reason'],
      [
        () => r.escalateCase(EscalateCaseRequest.create({ caseId, reason: 'x', expectedVersion: -1 }), admin),
        'expected_version',
      ],
      [
        () => r.routeDonations(RouteDonationsRequest.create({ donationIds: ['not an id!'] }), admin),
        'donation_ids.0',
      ],
      [() => r.listCases(ListCasesRequest.create({ communityCode: '12' }), admin), 'community_code'],
      [() => r.listCases(ListCasesRequest.create({ pageSize: 500 }), admin), 'page_size'],
      [
        () =>
          r.getDistrictStatistics(
            GetDistrictStatisticsRequest.create({ from: new Date('2026-12-02'), to: new Date('2026-12-01') }),
            admin,
          ),
        'to',
      ],
    ];
    for (const [call, field] of bad) {
      const failure = await failureOf(call());
      expect({ field, code: failure.code }).toEqual({ field, code: status.INVALID_ARGUMENT });
      expect(failure.details).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: `));
    }
    expect(await f.version(caseId)).toBe(before);
    expect(await failureOf(r.getCase(GetCaseRequest.create({ caseId: 'c-m2-x' }), admin))).toMatchObject({
      code: status.NOT_FOUND,
    });
  });

  it('answers ABORTED for a stale expected_version, and transfers and escalates the case', async () => {
    const opened = (await f.rpc.openCase(OpenCaseRequest.create({ needId: 'm3' }), admin)).case!;
    await f.rpc.assignWorker(
      AssignWorkerRequest.create({ caseId: opened.caseId, workerId: 'w5', expectedVersion: 1 }),
      admin,
    );
    const stale = AssignWorkerRequest.create({ caseId: opened.caseId, workerId: 'w4', expectedVersion: 1 });
    expect(await failureOf(f.rpc.assignWorker(stale, admin))).toMatchObject({ code: status.ABORTED });
    await f.workerAccepts(opened.caseId);
    const version = await f.version(opened.caseId);
    const assess = AssessRequest.create({
      caseId: opened.caseId,
      riskLevel: 'high',
      needsIdentified: ['meals'],
      urgency: 'critical',
      expectedVersion: version - 1,
    });
    expect(await failureOf(f.rpc.assess(assess, admin))).toMatchObject({ code: status.ABORTED });
    expect(await f.version(opened.caseId)).toBe(version);

    // the case's worker hands it over; community staff may not
    const worker = await f.token(['social_worker'], { level: 'community', code: '330102001002' }, 'w5');
    const transfer = TransferCaseRequest.create({
      caseId: opened.caseId,
      toWorkerId: 'w4',
      reason: 'on leave',
    });
    const staffA2 = await f.token(['community_staff'], { level: 'community', code: A2 });
    expect(await failureOf(f.rpc.transferCase(transfer, staffA2))).toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    // A transfer is an offer: the receiving worker accepts it, then the social-worker service is asked.
    const transferred = await f.rpc.transferCase(transfer, worker);
    expect(transferred.case).toMatchObject({ workerId: 'w5', transferToWorkerId: 'w4', pendingWorkerId: '' });
    const w4 = await f.token(['social_worker'], { level: 'street', code: B }, 'w4');
    const accepted = await new Promise<messages.AnswerTransferResponse>((resolve, reject) =>
      f.client.answerTransfer(
        messages.AnswerTransferRequest.create({ caseId: opened.caseId, accept: true }),
        w4,
        (err, res) => (err ? reject(err) : resolve(res)),
      ),
    );
    expect(accepted.case).toMatchObject({ workerId: 'w5', transferToWorkerId: '', pendingWorkerId: 'w4' });
    await f.workerAccepts(opened.caseId);
    expect(
      (await f.rpc.getCase(GetCaseRequest.create({ caseId: opened.caseId }), admin)).case?.workerId,
    ).toBe('w4');

    const escalate = EscalateCaseRequest.create({ caseId: opened.caseId, reason: 'needs a street decision' });
    const streetAdmin = await f.token(['street_admin'], { level: 'street', code: A });
    expect((await f.rpc.escalateCase(escalate, streetAdmin)).case?.escalationLevel).toBe(1);
    expect((await f.rpc.escalateCase(escalate, admin)).case?.escalationLevel).toBe(2);
    expect(await failureOf(f.rpc.escalateCase(escalate, admin))).toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: 'the case is at the district level already',
    });
  });

  it('shows a case to its scope and to its worker only, and refuses roles that may not act', async () => {
    const caseId = (await f.rpc.openCase(OpenCaseRequest.create({ needId: 'm4' }), admin)).case!.caseId;
    const get = GetCaseRequest.create({ caseId });
    const w1 = await f.token(['social_worker'], { level: 'community', code: A1 }, 'w1');
    const denied = [
      staffA1,
      w1,
      await f.token(['street_admin'], { level: 'street', code: A }),
      await f.token(['district_admin'], { level: 'district', code: '330103' }),
    ];
    for (const m of denied)
      expect(await failureOf(f.rpc.getCase(get, m))).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(
      await failureOf(f.rpc.escalateCase(EscalateCaseRequest.create({ caseId, reason: 'x' }), w1)),
    ).toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    const before = await f.version(caseId);
    for (const m of [
      await f.token(['community_staff'], { level: 'community', code: B1 }),
      await f.token(['street_admin'], { level: 'street', code: B }),
      await f.token(['ops']),
    ])
      expect((await f.rpc.getCase(get, m)).case?.caseId).toBe(caseId);

    await f.rpc.assignWorker(AssignWorkerRequest.create({ caseId, workerId: 'w1' }), admin);
    await f.workerAccepts(caseId);
    expect((await f.rpc.getCase(get, w1)).case?.workerId).toBe('w1');
    expect(await f.version(caseId)).toBe(before + 2);

    // roles: reading is not acting, a volunteer does neither, a token is needed
    const ops = await f.token(['ops']);
    expect(
      await failureOf(f.rpc.escalateCase(EscalateCaseRequest.create({ caseId, reason: 'x' }), ops)),
    ).toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    const volunteer = await f.token(['volunteer']);
    expect(await failureOf(f.rpc.getCase(get, volunteer))).toMatchObject({ code: status.PERMISSION_DENIED });
    expect(
      await failureOf(f.rpc.openCase(OpenCaseRequest.create({ needId: 'm4' }), volunteer)),
    ).toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    expect(await failureOf(f.rpc.getCase(get, new Metadata()))).toMatchObject({
      code: status.UNAUTHENTICATED,
    });
    // a need outside the caller's scope cannot be opened by them
    expect(await failureOf(f.rpc.openCase(OpenCaseRequest.create({ needId: 'm4' }), staffA1))).toMatchObject({
      code: status.PERMISSION_DENIED,
    });
  });

  it('refuses every scoped RPC × role from outside the case’s place (generated from RPC_ACCESS), changing nothing', async () => {
    const caseId = await assignedCase('mx'); // community A1, worker w5
    await f.projected([caseId]);
    const inScope = await f.rpc.getCase(GetCaseRequest.create({ caseId }), admin);
    const matchId = `${caseId}-r1`;
    // Values by field name: every request names the home case, its need, place and worker, and is valid
    // enough that a caller inside the place gets past validation (the filters name the home place too).
    const values = {
      caseId,
      caseIds: [caseId],
      needId: 'mx',
      workerId: 'w5',
      toWorkerId: 'w1',
      communityCode: A1,
      streetCode: A,
      reason: 'matrix',
      riskLevel: 'medium',
      needsIdentified: ['meals'],
      urgency: 'high',
      items: [careItem],
      itemId: 'care',
      resourceId: 'oblack',
      matchId,
      quantity: 1,
      deliveredAt: new Date('2026-12-06T00:00:00.000Z'),
      rating: 5,
      outcome: 'resolved',
      topK: 3,
      dryRun: true,
      step: 'assessment',
      reasonCode: 'other',
      title: 'matrix',
      dueAt: new Date('2026-12-06T00:00:00.000Z'),
      taskId: `${caseId}-t1`,
      approvalId: `${caseId}-a1`,
      accept: true,
    };
    const strangers: Array<[string, Scope]> = [
      ['same street, other community', { level: 'community', code: A2 }],
      ['other street', { level: 'street', code: B }],
      ['other district', { level: 'district', code: '330103' }],
    ];
    const call = (method: string, request: unknown, md: Metadata) =>
      new Promise<{ code: status; body: string }>((resolve) => {
        const rpc = (f.client as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!.bind(
          f.client,
        );
        if (method === 'watchCase' || method === 'watchActions') {
          const stream = rpc(request, md) as ClientReadableStream<unknown>;
          stream.on('data', (d: unknown) => {
            resolve({ code: status.OK, body: JSON.stringify(d) });
            stream.cancel();
          });
          stream.on('error', (e: { code: status }) => resolve({ code: e.code, body: '' }));
          return;
        }
        rpc(request, md, (err: { code: status; details: string } | null, res: unknown) =>
          resolve(
            err ? { code: err.code, body: err.details } : { code: status.OK, body: JSON.stringify(res) },
          ),
        );
      });
    const before = await f.version(caseId);
    const failures: string[] = [];
    const outcomes: Record<string, number> = {};
    let methods = 0;
    for (const [method, access] of Object.entries(RPC_ACCESS)) {
      if (!isScoped(access.scope)) continue;
      methods++;
      const type = (messages as unknown as Record<string, { fromPartial(o: object): unknown }>)[
        `${method[0]!.toUpperCase()}${method.slice(1)}Request`
      ]!;
      const request = type.fromPartial(values);
      for (const role of access.roles)
        for (const [label, scope] of strangers) {
          const r = await call(method, request, await f.token([role], scope, 'matrix-stranger'));
          const who = `${method} as ${role} (${label})`;
          outcomes[status[r.code]] = (outcomes[status[r.code]] ?? 0) + 1;
          if (r.code === status.OK) {
            for (const marker of [caseId, '"mx"', A1])
              if (r.body.includes(marker)) failures.push(`${who}: answers ${marker}`);
          } else if (
            !([status.PERMISSION_DENIED, status.NOT_FOUND, status.INVALID_ARGUMENT] as status[]).includes(
              r.code,
            )
          )
            failures.push(`${who}: answers ${status[r.code]} (${r.body}), which tells of the case`);
        }
    }
    console.log(
      `rpc scope matrix linkage: ${methods} scoped RPCs × their roles × 3 places outside, ${failures.length} failures; answers ${JSON.stringify(outcomes)}`,
    );
    expect(failures).toEqual([]);
    expect(methods).toBe(Object.values(RPC_ACCESS).filter((a) => isScoped(a.scope)).length);
    expect(await f.version(caseId)).toBe(before);
    expect((await f.rpc.getCase(GetCaseRequest.create({ caseId }), admin)).case).toEqual(inScope.case);
  });
});
