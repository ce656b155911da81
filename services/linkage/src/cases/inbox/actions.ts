import { ESCALATION_LEVELS } from '../domain/values.ts';
import { activeQuantity, type CaseState } from '../domain/state.ts';

// The action inbox, derived from case states (pure): what needs a social worker's or a supervisor's action.

export const WORKER_KINDS = [
  'case_assigned',
  'transfer_offered',
  'approval_returned',
  'match_needs_choice',
  'task_overdue',
  'task_due',
] as const;
export const SUPERVISOR_KINDS = [
  'approval_waiting',
  'escalation_waiting',
  'case_overdue',
  'worker_over_caseload',
] as const;
export type ActionKind = (typeof WORKER_KINDS)[number] | (typeof SUPERVISOR_KINDS)[number];

export interface ActionItem {
  kind: ActionKind;
  caseId: string;
  place: { districtCode: string; streetCode: string; communityCode: string } | null;
  workerId: string;
  subject: string;
  dueAt: string | null;
  detail: string;
}

/** Tasks due within this long show in the inbox before they are overdue. */
export const DUE_SOON_MS = 7 * 86_400_000;

const base = (s: CaseState) => ({ caseId: s.caseId, place: s.place, workerId: s.workerId ?? '' });

/** What a social worker (`me`) must act on in one case they hold or are offered. */
export function workerActions(s: CaseState, me: string, now: Date): ActionItem[] {
  const out: ActionItem[] = [];
  if (s.transfer?.toWorkerId === me)
    out.push({
      ...base(s),
      kind: 'transfer_offered',
      subject: s.transfer.transferId,
      dueAt: null,
      detail: s.transfer.by,
    });
  if (s.workerId !== me) return out;
  if (!s.closed && !s.assessment)
    out.push({ ...base(s), kind: 'case_assigned', subject: '', dueAt: null, detail: s.urgency });
  if (!s.closed)
    for (const a of Object.values(s.approvals))
      if (a.status === 'returned')
        out.push({
          ...base(s),
          kind: 'approval_returned',
          subject: a.step,
          dueAt: null,
          detail: a.reasonCode ?? '',
        });
  if (!s.closed)
    for (const item of s.plan) {
      const tried = s.matches.filter((m) => m.itemId === item.itemId);
      // Asked before, nothing active covers it, and no recorded candidate is left to ask: a person chooses.
      if (tried.length === 0 || activeQuantity(s, item.itemId) >= item.quantity) continue;
      const asked = new Set(tried.map((m) => m.resourceId));
      if ((s.candidates[item.itemId] ?? []).some((c) => !asked.has(c.resourceId))) continue;
      out.push({
        ...base(s),
        kind: 'match_needs_choice',
        subject: item.itemId,
        dueAt: null,
        detail: item.kind,
      });
    }
  for (const t of s.tasks) {
    if (t.status !== 'open') continue;
    if (t.overdue)
      out.push({ ...base(s), kind: 'task_overdue', subject: t.taskId, dueAt: t.dueAt, detail: t.kind });
    else if (Date.parse(t.dueAt) - now.getTime() <= DUE_SOON_MS)
      out.push({ ...base(s), kind: 'task_due', subject: t.taskId, dueAt: t.dueAt, detail: t.kind });
  }
  return out;
}

/** What a supervisor acting at `level` must act on in one case of their place. */
export function supervisorActions(s: CaseState, level: 'district' | 'street' | 'community'): ActionItem[] {
  const out: ActionItem[] = [];
  if (s.closed) return out;
  for (const a of Object.values(s.approvals))
    if (a.status === 'pending')
      out.push({
        ...base(s),
        kind: 'approval_waiting',
        subject: a.step,
        dueAt: null,
        detail: a.outcome ?? '',
      });
  const escalatedTo = ESCALATION_LEVELS[s.escalationLevel];
  if (s.escalationLevel > 0 && escalatedTo === level && !s.escalationOwner)
    out.push({ ...base(s), kind: 'escalation_waiting', subject: '', dueAt: null, detail: escalatedTo });
  const overdue = s.tasks.filter((t) => t.status === 'open' && t.overdue);
  if (overdue.length > 0)
    out.push({
      ...base(s),
      kind: 'case_overdue',
      subject: overdue[0]!.taskId,
      dueAt: overdue.map((t) => t.dueAt).sort()[0]!,
      detail: String(overdue.length),
    });
  return out;
}

const OVERDUE: readonly ActionKind[] = ['task_overdue', 'case_overdue'];

/** Overdue first, then the earliest due, then the rest by case and kind. */
export function sortActions(items: ActionItem[]): ActionItem[] {
  return [...items].sort(
    (a, b) =>
      Number(OVERDUE.includes(b.kind)) - Number(OVERDUE.includes(a.kind)) ||
      (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff') ||
      a.caseId.localeCompare(b.caseId) ||
      a.kind.localeCompare(b.kind) ||
      a.subject.localeCompare(b.subject),
  );
}

export function countsOf(items: ActionItem[]): { kind: ActionKind; count: number }[] {
  const n = new Map<ActionKind, number>();
  for (const i of items) n.set(i.kind, (n.get(i.kind) ?? 0) + 1);
  return [...WORKER_KINDS, ...SUPERVISOR_KINDS]
    .filter((k) => n.has(k))
    .map((kind) => ({ kind, count: n.get(kind)! }));
}
