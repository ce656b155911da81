import { status } from '@grpc/grpc-js';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case, PlanItem } from '@fivesoc/linkage/client';
import { useInfra } from '@fivesoc/test-support';
import {
  act,
  approveIfSubmitted,
  assessAndPlan,
  closeApproved,
  submitted,
  caseWithWorker,
  confirmed,
  coordinatorAllocates,
  coordinatorDisburses,
  held,
  lastMatch,
  matchesOf,
  organizationAccepts,
  scenarioPlan,
  serviceUnderWay,
  volunteerHours,
} from './caseFlow/drive.ts';
import { linkageClient, waitForCase, type LinkageClient } from './caseFlow/linkageClient.ts';
import { caughtUp, redeliverEverything, settled, snapshot } from './caseFlow/redelivery.ts';
import { loadScenario, reportNeed, type Scenario } from './caseFlow/scenario.ts';
import { System } from './caseFlow/system.ts';

// The "Must show" for the case workflow, against the real stack with all six services running as
// their own processes: the full flow over Kafka and gRPC; a refused volunteer and an expired reservation move
// to the next candidate; a closed case gives back what it held; linkage SIGKILLed mid-flow finishes it with
// nothing lost or doubled; and every event of the test delivered again changes nothing.

let sys: System;
let scenario: Scenario;
let mongo: MongoClient;
let api: LinkageClient;
/** The district's supervisor (督导): the standard policy puts the high-risk assessment, plan and closure under them. */
let supervisor: LinkageClient;
/** Next Saturday 09:00 in Beijing, for a case that ends before its service starts. */
const serviceDay = new Date(
  Date.parse('2026-12-05T01:00:00Z') +
    7 *
      86_400_000 *
      Math.max(0, Math.ceil((Date.now() - Date.parse('2026-12-05T01:00:00Z')) / (7 * 86_400_000))),
);

beforeAll(async () => {
  sys = new System(useInfra());
  await sys.start();
  mongo = await new MongoClient(useInfra().mongoUrl).connect();
  scenario = await loadScenario(sys, sys.suffix, {
    volunteers: 3,
    organizations: 2,
    donations: 2,
    received: 100_000,
  });
  api = linkageClient(sys.grpcAddress, () => sys.token(['social_worker'], scenario.workerId));
  supervisor = linkageClient(sys.grpcAddress, () => sys.token(['supervisor'], 'e2e-supervisor'));
}, 300_000);
afterAll(async () => {
  api?.close();
  supervisor?.close();
  await sys?.stop();
  await mongo?.close();
});

const admin = () => sys.token(['district_admin']);
const worker = async () =>
  sys.ok<{ activeCaseIds: string[] }>(
    'social-worker',
    'GET',
    `/v1/workers/${scenario.workerId}`,
    await admin(),
  );
const donation = async (id: string) =>
  sys.ok<{ available: number }>(
    'charity',
    'GET',
    `/v1/donations/${id}`,
    await sys.token(['charity_coordinator']),
  );
const task = async (id: string) =>
  sys.ok<{ status: string; assigned: string[] }>('volunteer', 'GET', `/v1/tasks/${id}`, await admin());
const schedule = async (volunteerId: string) =>
  sys.ok<{ windows: { taskId: string }[] }>(
    'volunteer',
    'GET',
    `/v1/volunteers/${volunteerId}/schedule`,
    await admin(),
  );
const eventTypes = async (caseId: string) => {
  const commits = await mongo
    .db(sys.db('linkage'))
    .collection<{ streamId: string; events: { type: string }[] }>('es_commits')
    .find({ streamId: `case-${caseId}` })
    .toArray();
  return commits.flatMap((c) => c.events.map((e) => e.type));
};

describe('the case workflow across the six services', () => {
  it('takes a reported need to a resolved case: refusal, expiry and a linkage crash on the way', async () => {
    const needId = await reportNeed(sys, 'main');
    let c = await caseWithWorker(api, needId);
    expect(c.workerId).toBe(scenario.workerId);
    expect((await worker()).activeCaseIds).toContain(c.caseId);

    c = await assessAndPlan(api, supervisor, c, scenarioPlan(serviceUnderWay(), 50_000));
    expect(c.status).toBe('CASE_STATUS_PLANNED');
    const proposed = await api.proposeMatches({ caseId: c.caseId, topK: 3 });
    const candidates = (itemId: string) => proposed.candidates.filter((x) => x.itemId === itemId);
    expect(
      candidates('meals')
        .map((x) => x.resourceId)
        .sort(),
    ).toEqual([...scenario.volunteerIds].sort());
    expect(
      candidates('daycare')
        .map((x) => x.resourceId)
        .sort(),
    ).toEqual([...scenario.organizationIds].sort());
    expect(
      candidates('subsidy')
        .map((x) => x.resourceId)
        .sort(),
    ).toEqual([...scenario.donationIds].sort());
    for (const x of proposed.candidates) expect(x.score?.total).toBeGreaterThan(0);
    c = proposed.case as Case;

    // A volunteer is reserved (task + window + seat), then withdraws: the next candidate is asked at once.
    const [v1, v2] = candidates('meals');
    c = await act(api, c.caseId, (version) =>
      api.acceptMatch({
        consentOverrideReason: '',
        caseId: c.caseId,
        expectedVersion: version,
        itemId: 'meals',
        resourceId: v1!.resourceId,
      }),
    );
    const first = lastMatch(c, 'meals')!;
    await confirmed(api, c.caseId, first.matchId);
    expect(await task(first.matchId)).toMatchObject({ status: 'open', assigned: [v1!.resourceId] });
    await sys.ok(
      'volunteer',
      'DELETE',
      `/v1/tasks/${first.matchId}/sign-ups/${v1!.resourceId}`,
      await sys.token(['volunteer'], v1!.resourceId),
    );
    c = await waitForCase(
      api,
      c.caseId,
      (x) => matchesOf(x, 'meals').length === 2 && lastMatch(x, 'meals')!.status === 'MATCH_STATUS_CONFIRMED',
      'the next volunteer confirmed',
    );
    expect(matchesOf(c, 'meals').map((m) => [m.resourceId, m.status, m.attempt])).toEqual([
      [v1!.resourceId, 'MATCH_STATUS_REFUSED', 1],
      [v2!.resourceId, 'MATCH_STATUS_CONFIRMED', 2],
    ]);
    expect((await schedule(v1!.resourceId)).windows).toEqual([]);

    // Money is reserved for 2 s; the coordinator does not allocate in time: released, the next donation asked.
    const [d1, d2] = candidates('subsidy');
    c = await act(api, c.caseId, (version) =>
      api.acceptMatch({
        consentOverrideReason: '',
        caseId: c.caseId,
        expectedVersion: version,
        itemId: 'subsidy',
        resourceId: d1!.resourceId,
        confirmWithinSeconds: 2,
      }),
    );
    const reservation = lastMatch(c, 'subsidy')!;
    await held(api, c.caseId, reservation.matchId);
    expect((await donation(d1!.resourceId)).available).toBe(50_000);
    c = await waitForCase(
      api,
      c.caseId,
      (x) =>
        matchesOf(x, 'subsidy').length === 2 &&
        lastMatch(x, 'subsidy')!.status === 'MATCH_STATUS_HELD' &&
        matchesOf(x, 'subsidy')[0]!.released,
      'the reservation expired and the next one held',
      90_000,
    );
    expect(matchesOf(c, 'subsidy').map((m) => [m.resourceId, m.status])).toEqual([
      [d1!.resourceId, 'MATCH_STATUS_EXPIRED'],
      [d2!.resourceId, 'MATCH_STATUS_HELD'],
    ]);
    expect((await donation(d1!.resourceId)).available).toBe(100_000);
    const money = lastMatch(c, 'subsidy')!;
    await coordinatorAllocates(sys, d2!.resourceId, money.matchId);
    await confirmed(api, c.caseId, money.matchId);

    // The organization is accepted, and linkage is SIGKILLed before it has sent the referral (or just after).
    const org = candidates('daycare')[0]!;
    c = await act(api, c.caseId, (version) =>
      api.acceptMatch({
        consentOverrideReason: '',
        caseId: c.caseId,
        expectedVersion: version,
        itemId: 'daycare',
        resourceId: org.resourceId,
      }),
    );
    const referral = lastMatch(c, 'daycare')!;
    await sys.killLinkage();
    await sys.startLinkage();
    await held(api, c.caseId, referral.matchId);
    await organizationAccepts(sys, org.resourceId, referral.matchId);
    c = await waitForCase(
      api,
      c.caseId,
      (x) => x.status === 'CASE_STATUS_IN_DELIVERY',
      'every item confirmed',
    );
    expect(matchesOf(c, 'daycare')).toHaveLength(1);

    // Hours recorded in the volunteer service come back as the volunteer item's delivery.
    const meals = lastMatch(c, 'meals')!;
    await volunteerHours(sys, c.workerId, meals.resourceId, meals.matchId, 2);
    c = await waitForCase(
      api,
      c.caseId,
      (x) => lastMatch(x, 'meals')!.deliveries === 1,
      'the hours delivered',
    );
    expect(lastMatch(c, 'meals')!.delivered).toBe(120);
    const daycare = lastMatch(c, 'daycare')!;
    c = await act(api, c.caseId, (version) =>
      api.recordDelivery({
        caseId: c.caseId,
        expectedVersion: version,
        matchId: daycare.matchId,
        quantity: 1,
        deliveredAt: new Date(),
      }),
    );
    await coordinatorDisburses(sys, d2!.resourceId, money.matchId);
    c = await waitForCase(
      api,
      c.caseId,
      (x) => x.status === 'CASE_STATUS_UNDER_REVIEW',
      'every item delivered',
    );
    c = await act(api, c.caseId, (version) =>
      api.review({ caseId: c.caseId, expectedVersion: version, rating: 5 }),
    );
    c = await closeApproved(api, supervisor, c, 'resolved');
    expect(c).toMatchObject({ status: 'CASE_STATUS_CLOSED', outcome: 'resolved', rating: 5 });
    await waitForCase(api, c.caseId, () => true, 'settled');
    const types = async () => eventTypes(c.caseId);
    await settled(async () => (await types()).includes('WorkerReleased'));
    expect((await worker()).activeCaseIds).not.toContain(c.caseId);

    // Each step happened once: one referral, one task per volunteer asked, two reservations, one release each.
    const all = await types();
    const count = (t: string) => all.filter((x) => x === t).length;
    expect(count('CaseOpened')).toBe(1);
    expect(count('WorkerAssigned')).toBe(1);
    expect(count('MatchRequested')).toBe(5);
    expect(count('MatchConfirmed')).toBe(4);
    expect(count('MatchRefused')).toBe(1);
    expect(count('MatchExpired')).toBe(1);
    expect(count('MatchReleased')).toBe(2);
    expect(count('DeliveryRecorded')).toBe(3);
    expect(count('WorkerReleased')).toBe(1);
    expect(all.at(-1)).toBe('WorkerReleased');
  }, 400_000);

  it('gives back what a closed case held: the volunteer task and window, the reservation, the worker', async () => {
    const needId = await reportNeed(sys, 'closed-early');
    let c = await caseWithWorker(api, needId);
    c = await assessAndPlan(
      api,
      supervisor,
      c,
      scenarioPlan(new Date(serviceDay.getTime() + 7 * 86_400_000), 30_000).filter(
        (i) => i.itemId !== 'daycare',
      ),
    );
    const proposed = await api.proposeMatches({ caseId: c.caseId, topK: 3 });
    c = proposed.case as Case;
    const v = proposed.candidates.find((x) => x.itemId === 'meals')!;
    const d = proposed.candidates.find((x) => x.itemId === 'subsidy')!;
    const before = (await donation(d.resourceId)).available;
    c = await act(api, c.caseId, (version) =>
      api.acceptMatch({
        consentOverrideReason: '',
        caseId: c.caseId,
        expectedVersion: version,
        itemId: 'meals',
        resourceId: v.resourceId,
      }),
    );
    c = await act(api, c.caseId, (version) =>
      api.acceptMatch({
        consentOverrideReason: '',
        caseId: c.caseId,
        expectedVersion: version,
        itemId: 'subsidy',
        resourceId: d.resourceId,
      }),
    );
    const [vm, dm] = [lastMatch(c, 'meals')!, lastMatch(c, 'subsidy')!];
    await confirmed(api, c.caseId, vm.matchId);
    c = await held(api, c.caseId, dm.matchId);
    expect((await donation(d.resourceId)).available).toBe(before - 30_000);
    expect((await schedule(v.resourceId)).windows.map((w) => w.taskId)).toContain(vm.matchId);

    c = await closeApproved(api, supervisor, c, 'withdrawn');
    c = await waitForCase(api, c.caseId, (x) => x.matches.every((m) => m.released), 'everything given back');
    expect(c.matches.map((m) => m.status)).toEqual(['MATCH_STATUS_WITHDRAWN', 'MATCH_STATUS_WITHDRAWN']);
    expect(await task(vm.matchId)).toMatchObject({ status: 'cancelled' });
    expect((await schedule(v.resourceId)).windows.map((w) => w.taskId)).not.toContain(vm.matchId);
    expect((await donation(d.resourceId)).available).toBe(before);
    await settled(async () => !(await worker()).activeCaseIds.includes(c.caseId));
  }, 300_000);

  it('transfers a case to another worker and escalates it: caseloads follow, then the close releases', async () => {
    const needId = await reportNeed(sys, 'transfer');
    let c = await caseWithWorker(api, needId);
    expect(c.workerId).toBe(scenario.workerId);
    const staff = linkageClient(sys.grpcAddress, () => sys.token(['street_admin']));
    try {
      await act(staff, c.caseId, (version) =>
        staff.transferCase({
          caseId: c.caseId,
          expectedVersion: version,
          toWorkerId: scenario.otherWorkerId,
          reason: '工作站调整',
        }),
      );
      // The transfer is an offer until the receiving worker accepts it.
      const other = linkageClient(sys.grpcAddress, () =>
        sys.token(['social_worker'], scenario.otherWorkerId),
      );
      try {
        await other.answerTransfer({ caseId: c.caseId, accept: true, reason: '' });
      } finally {
        other.close();
      }
      c = await waitForCase(
        api,
        c.caseId,
        (x) => x.workerId === scenario.otherWorkerId,
        'the other worker assigned',
      );
      const caseload = async (id: string) =>
        (
          await sys.ok<{ activeCaseIds: string[] }>(
            'social-worker',
            'GET',
            `/v1/workers/${id}`,
            await admin(),
          )
        ).activeCaseIds;
      await settled(async () => !(await caseload(scenario.workerId)).includes(c.caseId));
      expect(await caseload(scenario.otherWorkerId)).toContain(c.caseId);
      for (const reason of ['需要街道协调', '需要区级资源']) {
        c = await act(staff, c.caseId, (version) =>
          staff.escalateCase({ caseId: c.caseId, expectedVersion: version, reason }),
        );
      }
      expect(c.escalationLevel).toBe(2);
      c = await closeApproved(staff, supervisor, c, 'referred_out');
      await settled(async () => !(await caseload(scenario.otherWorkerId)).includes(c.caseId));
    } finally {
      staff.close();
    }
  }, 120_000);

  it('supervises a high-risk case across the services: returned, resubmitted, approved; a transfer declined stays; a task due while linkage is down fires after its restart, once', async () => {
    const needId = await reportNeed(sys, 'supervised');
    let c = await caseWithWorker(api, needId);
    const caseId = c.caseId;
    // The assignment gave the case its first deadlines by the district's policy (the standard one).
    c = await waitForCase(api, caseId, (x) => x.tasks.length >= 2, 'the first deadlines');
    expect(c.tasks.map((t) => [t.kind, t.status])).toEqual([
      ['first_contact', 'open'],
      ['assessment', 'open'],
    ]);
    const assess = (riskLevel: string) => (v: number) =>
      api.assess({ caseId, expectedVersion: v, riskLevel, needsIdentified: ['meals'], urgency: 'high' });
    const fund: PlanItem[] = [
      {
        itemId: 'fund',
        kind: 'RESOURCE_KIND_DONATION',
        description: '助餐补贴',
        requirement: 'fen',
        quantity: 1000,
      },
    ];
    c = await act(api, caseId, assess('high'));
    expect(submitted(c, 'assessment')).toBe(true);
    expect(c.tasks.map((t) => t.status)).toEqual(['done', 'done']);
    await expect(
      act(api, caseId, (v) => api.plan({ caseId, expectedVersion: v, items: fund })),
    ).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
    c = await act(supervisor, caseId, (v) =>
      supervisor.returnStep({
        caseId,
        expectedVersion: v,
        step: 'assessment',
        reasonCode: 'more_contact_needed',
        note: '请先与其家属联系，补充居住情况',
      }),
    );
    expect(c.approvals[0]).toMatchObject({ status: 'returned', decidedBy: 'e2e-supervisor', hasNote: true });
    await settled(async () =>
      (await api.listActions({ pageSize: 200 })).actions.some(
        (a) => a.caseId === caseId && a.kind === 'approval_returned' && a.detail === 'more_contact_needed',
      ),
    );
    c = await approveIfSubmitted(supervisor, await act(api, caseId, assess('critical')), 'assessment');
    expect(c.approvals[0]).toMatchObject({ status: 'approved' });
    c = await act(api, caseId, (v) => api.plan({ caseId, expectedVersion: v, items: fund }));
    expect(submitted(c, 'plan')).toBe(true);
    c = await approveIfSubmitted(supervisor, c, 'plan');
    expect(c.approvals.map((a) => [a.step, a.status, a.decidedBy])).toEqual([
      ['assessment', 'approved', 'e2e-supervisor'],
      ['plan', 'approved', 'e2e-supervisor'],
    ]);

    // A transfer offered and declined: the case stays with its worker, no caseload moves.
    const staff = linkageClient(sys.grpcAddress, () => sys.token(['street_admin']));
    const other = linkageClient(sys.grpcAddress, () => sys.token(['social_worker'], scenario.otherWorkerId));
    try {
      await act(staff, caseId, (v) =>
        staff.transferCase({
          caseId,
          expectedVersion: v,
          toWorkerId: scenario.otherWorkerId,
          reason: '工作站调整',
        }),
      );
      await settled(async () =>
        (await other.listActions({ pageSize: 200 })).actions.some(
          (a) => a.caseId === caseId && a.kind === 'transfer_offered',
        ),
      );
      c = (await other.answerTransfer({ caseId, accept: false, reason: '个案量已满' })).case!;
      expect([c.workerId, c.transferToWorkerId]).toEqual([scenario.workerId, '']);
    } finally {
      staff.close();
      other.close();
    }

    // The worker's own task comes due while linkage is down (SIGKILL): recorded overdue after its restart,
    // once, and in the worker's inbox once.
    const dueAt = new Date(Date.now() + 3_000);
    c = await act(api, caseId, (v) =>
      api.addTask({ caseId, expectedVersion: v, title: '电话联系家属', dueAt }),
    );
    const taskId = c.tasks.at(-1)!.taskId;
    await new Promise((r) => setTimeout(r, 1_000));
    await sys.killLinkage();
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt.getTime() - Date.now()) + 1_000));
    expect((await eventTypes(caseId)).filter((t) => t === 'TaskOverdue')).toEqual([]);
    await sys.startLinkage();
    const overdue = async () =>
      (await api.listActions({ pageSize: 200 })).actions.filter((a) => a.subject === taskId);
    await settled(async () => (await overdue()).some((a) => a.kind === 'task_overdue'), 90_000);
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await overdue()).map((a) => a.kind)).toEqual(['task_overdue']);
    expect((await eventTypes(caseId)).filter((t) => t === 'TaskOverdue')).toEqual(['TaskOverdue']);

    // The closure waits for the supervisor too.
    c = await act(api, caseId, (v) => api.closeCase({ caseId, expectedVersion: v, outcome: 'unreachable' }));
    expect([c.status, submitted(c, 'closure')]).toEqual(['CASE_STATUS_PLANNED', true]);
    c = await approveIfSubmitted(supervisor, c, 'closure');
    expect([c.status, c.outcome]).toEqual(['CASE_STATUS_CLOSED', 'unreachable']);
    const history = (await api.getCaseHistory({ caseId, afterVersion: 0, pageSize: 200 })).entries;
    expect(
      history
        .filter((e) => e.type === 'ApprovalReturned' || e.type === 'TransferDeclined')
        .map((e) => e.actor),
    ).toEqual(['e2e-supervisor', scenario.otherWorkerId]);
  }, 300_000);

  it('opens no case for a need reported without consent to case handling', async () => {
    const needId = await reportNeed(sys, 'no-consent', ['needs_assessment']);
    const db = sys.db('linkage');
    await settled(() => caughtUp(useInfra().kafkaBrokers, { [`${db}.case-saga`]: [sys.topic('community')] }));
    await expect(api.getCase({ caseId: `c-${needId}` })).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('changes nothing when every event of the test is delivered again', async () => {
    const topics = ['community', 'organization', 'social-worker', 'volunteer', 'charity', 'linkage'].map(
      (s) => sys.topic(s),
    );
    // linkage's consumer groups and what they read: the read models (generation 0), the case saga (the
    // societies' events in one group, the cases' in another).
    const t = (svc: string) => sys.topic(svc);
    const db = sys.db('linkage');
    const groups = {
      [`${db}.read-models.g0`]: ['community', 'social-worker', 'volunteer', 'organization', 'charity'].map(t),
      [`${db}.case-saga`]: ['community', 'volunteer', 'organization', 'charity'].map(t),
      [`${db}.case-saga.cases`]: [t('linkage')],
      [`${db}.case-projection`]: [t('linkage')],
    };
    const before = await snapshot(sys, mongo, scenario);
    const copied = await redeliverEverything(useInfra().kafkaBrokers, topics);
    expect(copied).toBeGreaterThan(50);
    await settled(() => caughtUp(useInfra().kafkaBrokers, groups), 120_000);
    // Whatever linkage would do about them is done once its saga has read them; give its writes a moment.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await snapshot(sys, mongo, scenario)).toEqual(before);
  }, 300_000);
});
