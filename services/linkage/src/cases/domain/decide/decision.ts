import { IllegalStateError, NotFoundError, ValidationError } from '@fivesoc/service-kit';
import type { CaseEvent } from '../events.ts';
import type { ApprovalStep, PolicyInForce } from '../policy.ts';
import { evolveCase, isActive, type CaseState, type MatchState, type TaskState } from '../state.ts';
import type { Outcome, PlanItem } from '../values.ts';

// What every concern of the case decider checks and builds with: guards on the state, the decision that
// applies its events as it adds them, and the steps that several commands share (tasks, closing).

export const requestIdOf = (s: CaseState, prefix: 'w' | 'r'): string =>
  `${s.caseId}-${prefix}${s.requestSeq + 1}`;

export function opened(s: CaseState): CaseState {
  if (!s.exists) throw new NotFoundError('case', s.caseId || '?');
  return s;
}

export function live(s: CaseState): CaseState {
  opened(s);
  if (s.closed) throw new IllegalStateError(`case ${s.caseId} is closed`);
  return s;
}

export function itemOf(s: CaseState, itemId: string, field = 'item_id'): PlanItem {
  const item = s.plan.find((i) => i.itemId === itemId);
  if (!item) throw new ValidationError(field, `no plan item ${itemId} in case ${s.caseId}`);
  return item;
}

export function matchOf(s: CaseState, requestId: string): MatchState | undefined {
  return s.matches.find((m) => m.requestId === requestId);
}

/** Events of one decision, each applied as it is added, so ids and checks see the ones before it. */
export class Decision {
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

export const inDays = (now: Date, days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
export const inHours = (now: Date, hours: number) =>
  new Date(now.getTime() + hours * 3_600_000).toISOString();

export function schedule(
  d: Decision,
  kind: TaskState['kind'],
  dueAt: string,
  createdBy: string,
  title: string | null = null,
) {
  d.add({ type: 'TaskScheduled', payload: { taskId: d.next('t'), kind, dueAt, title, createdBy } });
}

/** Marks the open tasks of these kinds done (the step they ask for happened). */
export function doneTasks(d: Decision, kinds: readonly TaskState['kind'][], by: string) {
  for (const t of d.state.tasks)
    if (t.status === 'open' && kinds.includes(t.kind))
      d.add({ type: 'TaskDone', payload: { taskId: t.taskId, by } });
}

/** A plan in force (recorded without supervision, or approved): its next review is due by the policy. */
export function planInForce(d: Decision, policy: PolicyInForce | undefined, now: Date, by: string) {
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
export function closeNow(
  d: Decision,
  outcome: Outcome,
  policy: PolicyInForce | undefined,
  now: Date,
  by: string,
) {
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
export function approvedOrUnsupervised(s: CaseState, step: ApprovalStep, doing: string): void {
  const a = s.approvals[step];
  if (!a || a.status === 'approved') return;
  throw new IllegalStateError(
    a.status === 'pending'
      ? `the ${step} waits for a supervisor's approval before ${doing}`
      : `the ${step} was returned by the supervisor (${a.reasonCode ?? 'other'}); submit it again before ${doing}`,
    { approvalId: a.approvalId },
  );
}

export function notPending(s: CaseState, step: ApprovalStep): void {
  const a = s.approvals[step];
  if (a?.status === 'pending')
    throw new IllegalStateError(`the ${step} is with a supervisor already`, { approvalId: a.approvalId });
}
