import {
  AlreadyExistsError,
  IllegalStateError,
  NotFoundError,
  ValidationError,
  type Sealed,
} from '@fivesoc/service-kit';
import type { Decider } from '@fivesoc/eventing';
import type { CaseEvent } from './events.ts';
import {
  activeQuantity,
  evolveCase,
  initialCaseState,
  isActive,
  itemDelivered,
  statusOf,
  type CaseState,
  type MatchState,
  type TaskState,
} from './state.ts';
import type { Candidate, CasePlace, Outcome, PlanItem, Score } from './values.ts';
import { ESCALATION_LEVELS } from './values.ts';
import {
  firstContactHours,
  needsApproval,
  type ApprovalStep,
  type PolicyInForce,
  type ReturnReason,
} from './policy.ts';

export type CaseCommand =
  | {
      kind: 'open';
      caseId: string;
      needId: string;
      place: CasePlace;
      category: string;
      urgency: 'low' | 'normal' | 'high' | 'critical';
      openedBy: string;
    }
  /** Ranked worker candidates (by the matcher); the best untried one is asked when the case has none. */
  | { kind: 'proposeWorkers'; workerIds: string[] }
  | { kind: 'assignWorker'; workerId: string }
  | { kind: 'transfer'; toWorkerId: string; reason: string }
  | {
      kind: 'workerAnswered';
      requestId: string;
      accepted: boolean;
      reason?: string;
      /** The district's policy: a first assignment schedules the first contact and the assessment by it. */
      policy?: PolicyInForce;
    }
  /** The worker a transfer was offered to accepts or declines it (declined: the case stays where it is). */
  | { kind: 'answerTransfer'; accepted: boolean; reason?: string }
  /** A supervisor approves or returns the pending submission of a step. */
  | { kind: 'approve'; step: ApprovalStep; policy?: PolicyInForce }
  | { kind: 'returnStep'; step: ApprovalStep; reasonCode: ReturnReason; note?: Sealed }
  /** A supervisor of the level the case is escalated to takes it out of that level's queue. */
  | { kind: 'takeEscalation' }
  | { kind: 'addTask'; title: string; dueAt: string }
  | { kind: 'completeTask'; taskId: string; policy?: PolicyInForce }
  /** The saga's timer: the task's deadline has passed (recorded once; a no-op when it was done first). */
  | { kind: 'taskDue'; taskId: string }
  | { kind: 'workerReleased'; workerId: string }
  | {
      kind: 'assess';
      riskLevel: 'low' | 'medium' | 'high' | 'critical';
      needsIdentified: string[];
      urgency: 'low' | 'normal' | 'high' | 'critical';
      /** The district's policy when a person runs the step (absent for the saga: no supervision). */
      policy?: PolicyInForce;
    }
  | { kind: 'plan'; items: PlanItem[]; policy?: PolicyInForce }
  | { kind: 'proposeCandidates'; itemId: string; candidates: Candidate[] }
  | {
      kind: 'accept';
      itemId: string;
      resourceId: string;
      quantity?: number;
      score?: Score | null;
      /** This request's own time to confirm (e.g. shorter for an urgent case); later candidates get the default. */
      timeoutMs?: number;
      /** A referral without the resident's consent to it, decided by `by` (the edge checks who may). */
      consentOverride?: { reason: string; by: string };
    }
  | { kind: 'reject'; requestId: string; reason: string }
  | { kind: 'answered'; requestId: string; outcome: 'held' | 'confirmed' | 'refused'; reason?: string }
  | { kind: 'expire'; requestId: string }
  | { kind: 'released'; requestId: string; outcome: 'released' | 'nothing_held' }
  | {
      kind: 'deliver';
      requestId: string;
      quantity: number;
      deliveredAt: string;
      source: 'staff' | 'charity' | 'volunteer' | 'organization';
      sourceEventId?: string;
    }
  | { kind: 'review'; rating: number }
  | { kind: 'escalate'; reason: string }
  | { kind: 'close'; outcome: Outcome; policy?: PolicyInForce };

export interface CaseDeciderOptions {
  /** How long a society has to confirm a request before it expires and the next candidate is asked. */
  matchTimeoutMs: number;
}

const requestIdOf = (s: CaseState, prefix: 'w' | 'r'): string => `${s.caseId}-${prefix}${s.requestSeq + 1}`;

function opened(s: CaseState): CaseState {
  if (!s.exists) throw new NotFoundError('case', s.caseId || '?');
  return s;
}

function live(s: CaseState): CaseState {
  opened(s);
  if (s.closed) throw new IllegalStateError(`case ${s.caseId} is closed`);
  return s;
}

function itemOf(s: CaseState, itemId: string, field = 'item_id'): PlanItem {
  const item = s.plan.find((i) => i.itemId === itemId);
  if (!item) throw new ValidationError(field, `no plan item ${itemId} in case ${s.caseId}`);
  return item;
}

function matchOf(s: CaseState, requestId: string): MatchState | undefined {
  return s.matches.find((m) => m.requestId === requestId);
}

/** Events of one decision, each applied as it is added, so ids and checks see the ones before it. */
class Decision {
  readonly events: CaseEvent[] = [];
  state: CaseState;
  constructor(state: CaseState) {
    this.state = state;
  }
  add(...events: CaseEvent[]): this {
    for (const e of events) {
      this.events.push(e);
      this.state = evolveCase(this.state, e);
    }
    return this;
  }
  /** The next id of an approval (`a`), task (`t`) or transfer (`x`) of the case. */
  next(prefix: 'a' | 't' | 'x'): string {
    return `${this.state.caseId}-${prefix}${this.state.seq + 1}`;
  }
}

const inDays = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
const inHours = (now: Date, hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();

function schedule(
  d: Decision,
  kind: TaskState['kind'],
  dueAt: string,
  createdBy: string,
  title: string | null = null,
) {
  d.add({ type: 'TaskScheduled', payload: { taskId: d.next('t'), kind, dueAt, title, createdBy } });
}

/** Marks the open tasks of these kinds done (the step they ask for happened). */
function doneTasks(d: Decision, kinds: readonly TaskState['kind'][], by: string) {
  for (const t of d.state.tasks)
    if (t.status === 'open' && kinds.includes(t.kind))
      d.add({ type: 'TaskDone', payload: { taskId: t.taskId, by } });
}

/** A plan in force (recorded without supervision, or approved): its next review is due by the policy. */
function planInForce(d: Decision, policy: PolicyInForce | undefined, now: Date, by: string) {
  for (const t of d.state.tasks)
    if (t.status === 'open' && t.kind === 'plan_review')
      d.add({ type: 'TaskCancelled', payload: { taskId: t.taskId, reason: 'the plan was revised' } });
  const days = policy?.policy.tasks.planReviewDays ?? 0;
  if (days > 0) schedule(d, 'plan_review', inDays(now, days), by);
}

/**
 * The case closes: what it still asks of the societies is withdrawn, open tasks go, the follow-up visit is
 * due; `CaseClosed` comes last, so a watcher that stops at it has seen the whole decision.
 */
function closeNow(d: Decision, outcome: Outcome, policy: PolicyInForce | undefined, now: Date, by: string) {
  for (const m of d.state.matches)
    if (isActive(m) && m.deliveries === 0)
      d.add({ type: 'MatchWithdrawn', payload: { requestId: m.requestId, reason: 'case closed' } });
  for (const t of d.state.tasks)
    if (t.status === 'open')
      d.add({ type: 'TaskCancelled', payload: { taskId: t.taskId, reason: 'case closed' } });
  const days = policy?.policy.tasks.followUpDays ?? 0;
  if (days > 0 && outcome === 'resolved') schedule(d, 'follow_up', inDays(now, days), by);
  d.add({ type: 'CaseClosed', payload: { outcome, closedAt: now.toISOString() } });
}

/** A step that waits for a supervisor: refused while its submission is pending (or was returned). */
function approvedOrUnsupervised(s: CaseState, step: ApprovalStep, doing: string): void {
  const a = s.approvals[step];
  if (!a || a.status === 'approved') return;
  throw new IllegalStateError(
    a.status === 'pending'
      ? `the ${step} waits for a supervisor's approval before ${doing}`
      : `the ${step} was returned by the supervisor (${a.reasonCode ?? 'other'}); submit it again before ${doing}`,
    { approvalId: a.approvalId },
  );
}

function notPending(s: CaseState, step: ApprovalStep): void {
  const a = s.approvals[step];
  if (a?.status === 'pending')
    throw new IllegalStateError(`the ${step} is with a supervisor already`, { approvalId: a.approvalId });
}

/**
 * The case (个案) as a pure decider. Requests to the societies are recorded as intents (`WorkerRequested`,
 * `MatchRequested`) that the case saga carries out; their answers come back as commands. A refusal or an
 * expiry asks the next proposed candidate in the same decision, so no answer is ever left without a next step.
 */
export function caseDecider(opts: CaseDeciderOptions): Decider<CaseState, CaseCommand, CaseEvent> {
  const deadlineFrom = (now: Date) => new Date(now.getTime() + opts.matchTimeoutMs).toISOString();

  /** The events that ask the next candidate of an item after `after` failed (or the item is exhausted). */
  function nextCandidate(s: CaseState, after: MatchState, now: Date): CaseEvent[] {
    if (s.closed) return [];
    const item = s.plan.find((i) => i.itemId === after.itemId);
    if (!item) return [];
    const remaining = item.quantity - activeQuantity(s, item.itemId);
    if (remaining <= 0) return [];
    const tried = new Set(s.matches.filter((m) => m.itemId === item.itemId).map((m) => m.resourceId));
    const next = (s.candidates[item.itemId] ?? []).find((c) => !tried.has(c.resourceId));
    if (!next) return [{ type: 'CandidatesExhausted', payload: { itemId: item.itemId } }];
    return [
      {
        type: 'MatchRequested',
        payload: {
          requestId: requestIdOf(s, 'r'),
          itemId: item.itemId,
          kind: item.kind,
          resourceId: next.resourceId,
          quantity: Math.min(after.quantity, remaining),
          attempt: after.attempt + 1,
          deadline: deadlineFrom(now),
          score: next.score,
        },
      },
    ];
  }

  /** Applies `first`, then asks the next candidate on the state it leaves. */
  function thenNext(s: CaseState, first: CaseEvent, failed: MatchState, now: Date): CaseEvent[] {
    return [first, ...nextCandidate(evolveCase(s, first), failed, now)];
  }

  function nextWorker(s: CaseState, reason: 'assign' | 'next_candidate'): CaseEvent[] {
    if (s.closed || s.workerId || s.workerRequest) return [];
    const next = s.workerCandidates.find((w) => !s.workersTried.includes(w));
    if (!next) return [];
    return [{ type: 'WorkerRequested', payload: { requestId: requestIdOf(s, 'w'), workerId: next, reason } }];
  }

  const decide = (c: CaseCommand, s: CaseState, ctx: { now: Date; actor?: string }): CaseEvent[] => {
    const now = ctx.now;
    const actor = ctx.actor ?? 'unknown';
    switch (c.kind) {
      case 'open':
        if (s.exists) throw new AlreadyExistsError('case', s.caseId);
        return [
          {
            type: 'CaseOpened',
            payload: {
              caseId: c.caseId,
              needId: c.needId,
              place: c.place,
              category: c.category,
              urgency: c.urgency,
              openedBy: c.openedBy,
              openedAt: now.toISOString(),
            },
          },
        ];
      case 'proposeWorkers': {
        live(s);
        if (s.workerId || s.workerRequest) return [];
        const proposed: CaseEvent = { type: 'WorkerCandidatesProposed', payload: { workerIds: c.workerIds } };
        return [proposed, ...nextWorker(evolveCase(s, proposed), 'assign')];
      }
      case 'assignWorker':
      case 'transfer': {
        live(s);
        const workerId = c.kind === 'assignWorker' ? c.workerId : c.toWorkerId;
        if (s.workerRequest)
          throw new IllegalStateError(`worker ${s.workerRequest.workerId} has not answered yet`, {
            requestId: s.workerRequest.requestId,
          });
        if (s.transfer)
          throw new IllegalStateError(
            `the case is offered to worker ${s.transfer.toWorkerId}, who has not answered`,
            {
              transferId: s.transfer.transferId,
            },
          );
        if (c.kind === 'transfer' && !s.workerId)
          throw new IllegalStateError('the case has no worker to transfer from; assign one');
        if (s.workerId === workerId) {
          if (c.kind === 'transfer') throw new ValidationError('to_worker_id', 'is the case worker already');
          return [];
        }
        // A transfer is an offer: the receiving worker accepts it (then the social-worker service is asked).
        if (c.kind === 'transfer') {
          const d = new Decision(s);
          return d.add({
            type: 'TransferRequested',
            payload: { transferId: d.next('x'), toWorkerId: workerId, reason: c.reason, by: actor },
          }).events;
        }
        return [
          {
            type: 'WorkerRequested',
            payload: { requestId: requestIdOf(s, 'w'), workerId, reason: s.workerId ? 'transfer' : 'assign' },
          },
        ];
      }
      case 'answerTransfer': {
        live(s);
        const x = s.transfer;
        if (!x) throw new IllegalStateError('no transfer of this case waits for an answer');
        if (actor !== x.toWorkerId)
          throw new IllegalStateError(`the transfer is offered to worker ${x.toWorkerId}, not to you`);
        if (!c.accepted)
          return [
            {
              type: 'TransferDeclined',
              payload: { transferId: x.transferId, toWorkerId: x.toWorkerId, reason: c.reason ?? 'declined' },
            },
          ];
        if (s.workerRequest)
          throw new IllegalStateError(`worker ${s.workerRequest.workerId} has not answered yet`, {
            requestId: s.workerRequest.requestId,
          });
        return new Decision(s).add(
          { type: 'TransferAccepted', payload: { transferId: x.transferId, toWorkerId: x.toWorkerId } },
          {
            type: 'WorkerRequested',
            payload: {
              requestId: requestIdOf(s, 'w'),
              workerId: x.toWorkerId,
              reason: 'transfer',
              note: x.reason,
            },
          },
        ).events;
      }
      case 'workerAnswered': {
        opened(s);
        const req = s.workerRequest;
        if (!req || req.requestId !== c.requestId) return []; // answered before: a redelivery
        if (c.accepted) {
          const first =
            s.workerId === null && !s.assessment && !s.tasks.some((t) => t.kind === 'first_contact');
          const d = new Decision(s).add({
            type: 'WorkerAssigned',
            payload: { requestId: req.requestId, workerId: req.workerId, previousWorkerId: s.workerId },
          });
          if (first && c.policy) {
            const rules = c.policy.policy.tasks;
            schedule(d, 'first_contact', inHours(now, firstContactHours(c.policy.policy, s.urgency)), actor);
            if (rules.assessmentDays > 0) schedule(d, 'assessment', inDays(now, rules.assessmentDays), actor);
          }
          return d.events;
        }
        const refused: CaseEvent = {
          type: 'WorkerRefused',
          payload: { requestId: req.requestId, workerId: req.workerId, reason: c.reason ?? 'refused' },
        };
        return [refused, ...nextWorker(evolveCase(s, refused), 'next_candidate')];
      }
      case 'workerReleased':
        opened(s);
        return s.workersToRelease.includes(c.workerId)
          ? [{ type: 'WorkerReleased', payload: { workerId: c.workerId } }]
          : [];
      case 'assess': {
        live(s);
        if (!s.workerId) throw new IllegalStateError('assign a worker before the assessment');
        notPending(s, 'assessment');
        const d = new Decision(s).add({
          type: 'CaseAssessed',
          payload: { riskLevel: c.riskLevel, needsIdentified: c.needsIdentified, urgency: c.urgency },
        });
        doneTasks(d, ['first_contact', 'assessment'], actor);
        if (needsApproval(c.policy, 'assessment', c.riskLevel))
          d.add({
            type: 'ApprovalRequested',
            payload: {
              approvalId: d.next('a'),
              step: 'assessment',
              policyVersion: c.policy!.version,
              outcome: null,
            },
          });
        return d.events;
      }
      case 'plan': {
        live(s);
        if (!s.assessment) throw new IllegalStateError('assess the case before planning');
        approvedOrUnsupervised(s, 'assessment', 'planning');
        notPending(s, 'plan');
        const ids = c.items.map((i) => i.itemId);
        const dup = ids.find((x, i) => ids.indexOf(x) !== i);
        if (dup) throw new ValidationError('items.item_id', `${dup} appears twice`);
        for (const [n, item] of c.items.entries()) {
          const before = s.plan.find((i) => i.itemId === item.itemId);
          if (before && before.kind !== item.kind)
            throw new ValidationError(`items.${n}.kind`, `item ${item.itemId} was planned as ${before.kind}`);
        }
        const dropped = s.plan.filter((i) => !ids.includes(i.itemId)).map((i) => i.itemId);
        const withdrawals: CaseEvent[] = s.matches
          .filter((m) => dropped.includes(m.itemId) && isActive(m) && m.deliveries === 0)
          .map((m) => ({
            type: 'MatchWithdrawn',
            payload: { requestId: m.requestId, reason: 'plan item dropped' },
          }));
        const d = new Decision(s).add(
          { type: 'CasePlanned', payload: { items: c.items, droppedItemIds: dropped } },
          ...withdrawals,
        );
        if (needsApproval(c.policy, 'plan'))
          d.add({
            type: 'ApprovalRequested',
            payload: {
              approvalId: d.next('a'),
              step: 'plan',
              policyVersion: c.policy!.version,
              outcome: null,
            },
          });
        else planInForce(d, c.policy, now, actor);
        return d.events;
      }
      case 'proposeCandidates':
        live(s);
        itemOf(s, c.itemId);
        approvedOrUnsupervised(s, 'plan', 'matching');
        return [{ type: 'CandidatesProposed', payload: { itemId: c.itemId, candidates: c.candidates } }];
      case 'accept': {
        live(s);
        const item = itemOf(s, c.itemId);
        approvedOrUnsupervised(s, 'plan', 'matching');
        const active = s.matches.find(
          (m) => m.itemId === item.itemId && m.resourceId === c.resourceId && isActive(m),
        );
        if (active)
          throw new IllegalStateError(`${c.resourceId} is already matched to item ${item.itemId}`, {
            requestId: active.requestId,
          });
        const remaining = item.quantity - activeQuantity(s, item.itemId);
        if (remaining <= 0) throw new IllegalStateError(`item ${item.itemId} is covered already`);
        const quantity = c.quantity ?? (item.kind === 'donation' ? remaining : 1);
        if (quantity > remaining)
          throw new ValidationError('quantity', `at most ${remaining} of item ${item.itemId} is still open`);
        const proposed = (s.candidates[item.itemId] ?? []).find((x) => x.resourceId === c.resourceId);
        const override: CaseEvent[] = c.consentOverride
          ? [
              {
                type: 'ReferralConsentOverridden',
                payload: {
                  itemId: item.itemId,
                  resourceId: c.resourceId,
                  reason: c.consentOverride.reason,
                  overriddenBy: c.consentOverride.by,
                },
              },
            ]
          : [];
        return [
          ...override,
          {
            type: 'MatchRequested',
            payload: {
              requestId: requestIdOf(s, 'r'),
              itemId: item.itemId,
              kind: item.kind,
              resourceId: c.resourceId,
              quantity,
              attempt: 1,
              deadline: c.timeoutMs ? new Date(now.getTime() + c.timeoutMs).toISOString() : deadlineFrom(now),
              score: c.score ?? proposed?.score ?? null,
            },
          },
        ];
      }
      case 'reject': {
        live(s);
        const m = matchOf(s, c.requestId);
        if (!m) throw new ValidationError('match_id', `no match ${c.requestId} in case ${s.caseId}`);
        if (!isActive(m)) throw new IllegalStateError(`match ${m.requestId} is ${m.status} already`);
        if (m.deliveries > 0) throw new IllegalStateError(`match ${m.requestId} has deliveries recorded`);
        return thenNext(
          s,
          { type: 'MatchWithdrawn', payload: { requestId: m.requestId, reason: c.reason } },
          m,
          now,
        );
      }
      case 'answered': {
        opened(s);
        const m = matchOf(s, c.requestId);
        if (!m) throw new NotFoundError('match', c.requestId);
        const id = { requestId: m.requestId };
        if (c.outcome === 'held') return m.status === 'requested' ? [{ type: 'MatchHeld', payload: id }] : [];
        if (c.outcome === 'confirmed') {
          if (m.status !== 'requested' && m.status !== 'held') return [];
          // Confirmed after the case closed or the item left the plan: it is confirmed, and given back.
          const confirmed: CaseEvent = { type: 'MatchConfirmed', payload: id };
          const gone = s.closed || !s.plan.some((i) => i.itemId === m.itemId);
          return gone
            ? [confirmed, { type: 'MatchWithdrawn', payload: { ...id, reason: 'no longer needed' } }]
            : [confirmed];
        }
        if (!isActive(m)) return [];
        return thenNext(
          s,
          { type: 'MatchRefused', payload: { ...id, reason: c.reason ?? 'refused' } },
          m,
          now,
        );
      }
      case 'expire': {
        opened(s);
        const m = matchOf(s, c.requestId);
        if (!m || (m.status !== 'requested' && m.status !== 'held')) return [];
        if (Date.parse(m.deadline) > now.getTime()) return [];
        return thenNext(s, { type: 'MatchExpired', payload: { requestId: m.requestId } }, m, now);
      }
      case 'released': {
        opened(s);
        const m = matchOf(s, c.requestId);
        if (!m || m.released || isActive(m)) return [];
        return [{ type: 'MatchReleased', payload: { requestId: m.requestId, outcome: c.outcome } }];
      }
      case 'deliver': {
        live(s);
        if (c.sourceEventId && s.deliverySources.includes(c.sourceEventId)) return [];
        const m = matchOf(s, c.requestId);
        if (!m) throw new ValidationError('match_id', `no match ${c.requestId} in case ${s.caseId}`);
        if (m.status !== 'confirmed')
          throw new IllegalStateError(
            `match ${m.requestId} is ${m.status}; only a confirmed match is delivered`,
          );
        return [
          {
            type: 'DeliveryRecorded',
            payload: {
              requestId: m.requestId,
              quantity: c.quantity,
              deliveredAt: c.deliveredAt,
              source: c.source,
              sourceEventId: c.sourceEventId ?? null,
            },
          },
        ];
      }
      case 'review': {
        live(s);
        const status = statusOf(s);
        if (status !== 'under_review')
          throw new IllegalStateError(`the case is ${status}; it is reviewed once every item is delivered`);
        if (s.rating !== null) throw new IllegalStateError('the case has been reviewed');
        return [{ type: 'CaseReviewed', payload: { rating: c.rating } }];
      }
      case 'escalate': {
        live(s);
        const level = ESCALATION_LEVELS[s.escalationLevel + 1];
        if (!level) throw new IllegalStateError('the case is at the district level already');
        return [{ type: 'CaseEscalated', payload: { level, reason: c.reason } }];
      }
      case 'close': {
        live(s);
        if (c.outcome === 'resolved' && (s.rating === null || !s.plan.every((i) => itemDelivered(s, i))))
          throw new IllegalStateError(
            'a resolved case is delivered and reviewed first; close it with another outcome',
          );
        notPending(s, 'closure');
        const d = new Decision(s);
        if (needsApproval(c.policy, 'closure'))
          return d.add({
            type: 'ApprovalRequested',
            payload: {
              approvalId: d.next('a'),
              step: 'closure',
              policyVersion: c.policy!.version,
              outcome: c.outcome,
            },
          }).events;
        closeNow(d, c.outcome, c.policy, now, actor);
        return d.events;
      }
      case 'approve':
      case 'returnStep': {
        live(s);
        const a = s.approvals[c.step];
        if (!a || a.status !== 'pending')
          throw new IllegalStateError(`no ${c.step} of this case waits for approval`);
        if (actor === s.workerId)
          throw new IllegalStateError("a case's own worker does not approve its steps", {
            approvalId: a.approvalId,
          });
        const d = new Decision(s);
        if (c.kind === 'returnStep')
          return d.add({
            type: 'ApprovalReturned',
            payload: {
              approvalId: a.approvalId,
              step: c.step,
              reasonCode: c.reasonCode,
              by: actor,
              ...(c.note ? { note: c.note } : {}),
            },
          }).events;
        d.add({ type: 'ApprovalGranted', payload: { approvalId: a.approvalId, step: c.step, by: actor } });
        if (c.step === 'plan') planInForce(d, c.policy, now, actor);
        if (c.step === 'closure') closeNow(d, a.outcome ?? 'resolved', c.policy, now, actor);
        return d.events;
      }
      case 'takeEscalation': {
        live(s);
        if (s.escalationLevel === 0) throw new IllegalStateError('the case is not escalated');
        if (s.escalationOwner)
          throw new IllegalStateError(`supervisor ${s.escalationOwner} took the case already`);
        return [
          { type: 'EscalationTaken', payload: { level: ESCALATION_LEVELS[s.escalationLevel]!, by: actor } },
        ];
      }
      case 'addTask': {
        live(s);
        const d = new Decision(s);
        schedule(d, 'own', c.dueAt, actor, c.title);
        return d.events;
      }
      case 'completeTask': {
        opened(s);
        const t = s.tasks.find((x) => x.taskId === c.taskId);
        if (!t) throw new NotFoundError('task', c.taskId);
        if (t.status !== 'open') throw new IllegalStateError(`task ${t.taskId} is ${t.status} already`);
        const d = new Decision(s).add({ type: 'TaskDone', payload: { taskId: t.taskId, by: actor } });
        const days = c.policy?.policy.tasks.planReviewDays ?? 0;
        if (t.kind === 'plan_review' && !s.closed && days > 0)
          schedule(d, 'plan_review', inDays(now, days), actor);
        return d.events;
      }
      case 'taskDue': {
        opened(s);
        const t = s.tasks.find((x) => x.taskId === c.taskId);
        if (!t || t.status !== 'open' || t.overdue || Date.parse(t.dueAt) > now.getTime()) return [];
        return [{ type: 'TaskOverdue', payload: { taskId: t.taskId } }];
      }
      default: {
        const unreachable: never = c;
        return unreachable;
      }
    }
  };

  return { decide, evolve: evolveCase, initialState: initialCaseState };
}
