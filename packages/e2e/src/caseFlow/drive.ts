import type { Case, Match, PlanItem } from '@fivesoc/linkage/client';
import type { Endpoints } from './endpoints.ts';
import { status, type ServiceError } from '@grpc/grpc-js';
import { waitForCase, type LinkageClient } from './linkageClient.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const BEIJING = 8 * HOUR;

/**
 * The start of a two-hour service that began up to an hour ago, today in Beijing. Hours are recorded only
 * once a task has started, and volunteers are assigned only before it ends, so a flow that records hours
 * needs a task under way. The window never crosses Beijing midnight: the scenario's every-day availability
 * (00:00–23:59) does not cover it.
 */
export function serviceUnderWay(now = Date.now()): Date {
  const dayStart = Math.floor((now + BEIJING) / (24 * HOUR)) * (24 * HOUR) - BEIJING;
  const latest = dayStart + 23 * HOUR + 59 * MINUTE - 2 * HOUR;
  return new Date(Math.min(Math.max(dayStart, now - HOUR), latest));
}

/** The three items of the scenario's plan: a volunteer, an elderly-care organization and money. */
export function scenarioPlan(startAt: Date, amountFen: number): PlanItem[] {
  const endAt = new Date(startAt.getTime() + 2 * 3600_000);
  return [
    {
      itemId: 'meals',
      kind: 'RESOURCE_KIND_VOLUNTEER',
      description: '每周六上门助餐',
      requirement: 'elder_care',
      quantity: 1,
      startAt,
      endAt,
    },
    {
      itemId: 'daycare',
      kind: 'RESOURCE_KIND_ORGANIZATION',
      description: '日间照料服务',
      requirement: 'elderly',
      quantity: 1,
    },
    {
      itemId: 'subsidy',
      kind: 'RESOURCE_KIND_DONATION',
      description: '助餐补贴',
      requirement: 'fen',
      quantity: amountFen,
    },
  ];
}

/**
 * A write decided on the case's current version, as a client does: linkage's saga may append between a read
 * and the write (ABORTED, nothing changed), and then the write is decided again on the newer version.
 */
export async function act(
  api: LinkageClient,
  caseId: string,
  write: (version: number) => Promise<{ case?: Case | undefined }>,
): Promise<Case> {
  for (let attempt = 1; ; attempt++) {
    const now = (await api.getCase({ caseId })).case as Case;
    try {
      return (await write(now.version)).case as Case;
    } catch (err) {
      if ((err as ServiceError).code !== status.ABORTED || attempt >= 10) throw err;
    }
  }
}

export const matchesOf = (c: Case, itemId: string): Match[] => c.matches.filter((m) => m.itemId === itemId);
export const lastMatch = (c: Case, itemId: string): Match | undefined => matchesOf(c, itemId).at(-1);
export const statusOfMatch = (c: Case, matchId: string) =>
  c.matches.find((m) => m.matchId === matchId)?.status;

/** The case opened for a need, once a worker has been assigned to it. */
export function caseWithWorker(api: LinkageClient, needId: string): Promise<Case> {
  return waitForCase(api, `c-${needId}`, (c) => c.workerId !== '', 'a worker assigned', 90_000);
}

/** The step waits for a supervisor (the district's policy put it under supervision). */
export const submitted = (c: Case, step: 'assessment' | 'plan' | 'closure'): boolean =>
  c.approvals.some((a) => a.step === step && a.status === 'pending');

/** A supervisor (督导) approves the step when it waits for one; the case as it is otherwise. */
export async function approveIfSubmitted(
  supervisor: LinkageClient,
  c: Case,
  step: 'assessment' | 'plan' | 'closure',
): Promise<Case> {
  if (!submitted(c, step)) return c;
  return act(supervisor, c.caseId, (v) =>
    supervisor.approveStep({ caseId: c.caseId, expectedVersion: v, step }),
  );
}

/** Assessment and the plan, each decided on the version the worker saw, approved where supervised. */
export async function assessAndPlan(
  api: LinkageClient,
  supervisor: LinkageClient,
  c: Case,
  plan: PlanItem[],
): Promise<Case> {
  let assessed = await act(api, c.caseId, (v) =>
    api.assess({
      caseId: c.caseId,
      expectedVersion: v,
      riskLevel: 'high',
      needsIdentified: ['meals', 'day_care', 'subsidy'],
      urgency: 'high',
    }),
  );
  assessed = await approveIfSubmitted(supervisor, assessed, 'assessment');
  const planned = await act(api, assessed.caseId, (v) =>
    api.plan({ caseId: c.caseId, expectedVersion: v, items: plan }),
  );
  return approveIfSubmitted(supervisor, planned, 'plan');
}

/** Closes the case with `outcome`, the closure approved by the supervisor where supervised. */
export async function closeApproved(
  api: LinkageClient,
  supervisor: LinkageClient,
  c: Case,
  outcome: string,
): Promise<Case> {
  const closing = await act(api, c.caseId, (v) =>
    api.closeCase({ caseId: c.caseId, expectedVersion: v, outcome }),
  );
  return approveIfSubmitted(supervisor, closing, 'closure');
}

/** The organization answers linkage's referral (the referral id is the match id). */
export async function organizationAccepts(
  sys: Endpoints,
  organizationId: string,
  matchId: string,
): Promise<void> {
  await sys.ok(
    'organization',
    'POST',
    `/v1/referrals/${matchId}/acceptance`,
    await sys.token(['organization'], organizationId),
    {},
  );
}

/** The charity coordinator allocates linkage's reservation (the entry id is the match id). */
export async function coordinatorAllocates(
  sys: Endpoints,
  donationId: string,
  matchId: string,
): Promise<void> {
  const token = await sys.token(['charity_coordinator']);
  await sys.ok('charity', 'POST', `/v1/donations/${donationId}/entries/${matchId}/allocation`, token, {});
}

export async function coordinatorDisburses(
  sys: Endpoints,
  donationId: string,
  matchId: string,
): Promise<void> {
  const token = await sys.token(['charity_coordinator']);
  await sys.ok('charity', 'POST', `/v1/donations/${donationId}/entries/${matchId}/disbursement`, token, {});
}

/** The case's worker records a volunteer's hours for the case's task in the volunteer service. */
export async function volunteerHours(
  sys: Endpoints,
  workerId: string,
  volunteerId: string,
  matchId: string,
  hours: number,
): Promise<void> {
  const token = await sys.token(['social_worker'], workerId);
  await sys.ok(
    'volunteer',
    'POST',
    `/v1/volunteers/${volunteerId}/hours`,
    token,
    { taskId: matchId, hours },
    `hours-${matchId}`,
  );
}

/** Waits until the match is held by its society (a referral received, a reservation made). */
export const held = (api: LinkageClient, caseId: string, matchId: string) =>
  waitForCase(api, caseId, (c) => statusOfMatch(c, matchId) === 'MATCH_STATUS_HELD', `${matchId} held`);

export const confirmed = (api: LinkageClient, caseId: string, matchId: string) =>
  waitForCase(
    api,
    caseId,
    (c) => statusOfMatch(c, matchId) === 'MATCH_STATUS_CONFIRMED',
    `${matchId} confirmed`,
  );

/**
 * The whole flow the happy way: assess and plan, propose, accept each item's best candidate, the
 * societies confirm (the volunteer at once; the organization and the coordinator by their own APIs),
 * deliveries (the volunteer's and organization's recorded by the worker, the money by its disbursement),
 * the resident's rating, and the close.
 */
export async function happyFlow(
  sys: Endpoints,
  api: LinkageClient,
  supervisor: LinkageClient,
  needId: string,
  startAt: Date,
  say: (line: string) => void = () => {},
): Promise<Case> {
  let c = await caseWithWorker(api, needId);
  say(`case ${c.caseId} opened for need ${needId}, worker ${c.workerId} assigned`);
  c = await assessAndPlan(api, supervisor, c, scenarioPlan(startAt, 50_000));
  say(
    `  assessment and plan approved by supervisor ${c.approvals.map((a) => `${a.step}: ${a.decidedBy}`).join(', ')}`,
  );
  const proposed = await api.proposeMatches({ caseId: c.caseId, topK: 3 });
  c = proposed.case as Case;
  for (const item of c.plan) {
    const best = proposed.candidates.find((x) => x.itemId === item.itemId);
    if (!best) throw new Error(`no candidate for ${item.itemId}`);
    say(
      `  ${item.itemId}: best of ${proposed.candidates.filter((x) => x.itemId === item.itemId).length} is ${best.resourceId} (score ${best.score?.total.toFixed(3)})`,
    );
    c = await act(api, c.caseId, (v) =>
      api.acceptMatch({
        consentOverrideReason: '',
        caseId: c.caseId,
        expectedVersion: v,
        itemId: item.itemId,
        resourceId: best.resourceId,
      }),
    );
  }
  const org = lastMatch(c, 'daycare')!;
  const money = lastMatch(c, 'subsidy')!;
  await held(api, c.caseId, org.matchId);
  await organizationAccepts(sys, org.resourceId, org.matchId);
  await held(api, c.caseId, money.matchId);
  await coordinatorAllocates(sys, money.resourceId, money.matchId);
  c = await waitForCase(api, c.caseId, (x) => x.status === 'CASE_STATUS_IN_DELIVERY', 'every item confirmed');
  say(`  every item confirmed: ${c.matches.map((m) => `${m.itemId}→${m.resourceId}`).join(', ')}`);
  // The volunteer's hours are recorded in the volunteer service (the worker organizes the case's task) and
  // come back as a delivery; the organization's service is recorded by the worker on the case.
  const meals = lastMatch(c, 'meals')!;
  await volunteerHours(sys, c.workerId, meals.resourceId, meals.matchId, 2);
  const daycare = lastMatch(c, 'daycare')!;
  c = await act(api, c.caseId, (v) =>
    api.recordDelivery({
      caseId: c.caseId,
      expectedVersion: v,
      matchId: daycare.matchId,
      quantity: 1,
      deliveredAt: new Date(),
    }),
  );
  await coordinatorDisburses(sys, money.resourceId, money.matchId);
  c = await waitForCase(
    api,
    c.caseId,
    (x) => x.status === 'CASE_STATUS_UNDER_REVIEW',
    'every item delivered',
  );
  c = await act(api, c.caseId, (v) => api.review({ caseId: c.caseId, expectedVersion: v, rating: 5 }));
  c = await closeApproved(api, supervisor, c, 'resolved');
  say(`case ${c.caseId} closed: ${c.outcome}, rated ${c.rating}, the closure approved by the supervisor`);
  return c;
}
