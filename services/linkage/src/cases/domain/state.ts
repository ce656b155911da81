import type { Sealed } from '@fivesoc/service-kit';
import type { CaseEvent } from './events.ts';
import type { ApprovalStep, ReturnReason, TaskKind } from './policy.ts';
import type { Candidate, CasePlace, ItemKind, Outcome, PlanItem, Score } from './values.ts';

export type MatchStatus = 'requested' | 'held' | 'confirmed' | 'refused' | 'expired' | 'withdrawn';

export interface MatchState {
  requestId: string;
  itemId: string;
  kind: ItemKind;
  resourceId: string;
  quantity: number;
  attempt: number;
  deadline: string;
  score: Score | null;
  status: MatchStatus;
  /** Refused, expired and withdrawn requests are released by the saga (a no-op when nothing was held). */
  released: boolean;
  delivered: number;
  deliveries: number;
}

/** The latest submission of a supervised step. */
export interface ApprovalState {
  approvalId: string;
  step: ApprovalStep;
  status: 'pending' | 'approved' | 'returned';
  /** The closure's outcome, carried until it is approved. */
  outcome: Outcome | null;
  reasonCode: ReturnReason | null;
  /** The supervisor's sealed note with a return. */
  note: Sealed | null;
  /** Who approved or returned it. */
  by: string | null;
}

export interface TaskState {
  taskId: string;
  kind: TaskKind;
  dueAt: string;
  title: string | null;
  status: 'open' | 'done' | 'cancelled';
  /** Its deadline passed while it was open (recorded once, by the saga's timer). */
  overdue: boolean;
}

export interface CaseState {
  exists: boolean;
  caseId: string;
  needId: string;
  place: CasePlace;
  category: string;
  urgency: string;
  openedAt: string;
  workerId: string | null;
  /** A worker request the social-worker service has not answered yet. */
  workerRequest: { requestId: string; workerId: string; reason: string } | null;
  workerCandidates: string[];
  workersTried: string[];
  /** Workers whose caseload still holds this case although it left them (transfer, close). */
  workersToRelease: string[];
  assessment: { riskLevel: string; needsIdentified: string[]; urgency: string } | null;
  plan: PlanItem[];
  candidates: Record<string, Candidate[]>;
  matches: MatchState[];
  requestSeq: number;
  deliverySources: string[];
  rating: number | null;
  escalationLevel: number;
  outcome: Outcome | null;
  closed: boolean;
  /** The latest submission per supervised step (absent: the step was never under supervision). */
  approvals: Partial<Record<ApprovalStep, ApprovalState>>;
  tasks: TaskState[];
  /** Numbers the case's approvals, tasks and transfers (`<caseId>-a<n>`, `-t<n>`, `-x<n>`). */
  seq: number;
  /** A transfer offered to another worker and not answered yet. */
  transfer: { transferId: string; toWorkerId: string; reason: string; by: string } | null;
  /** The supervisor who took the case at its escalation level (null while it waits in that level's queue). */
  escalationOwner: string | null;
}

export const initialCaseState = (): CaseState => ({
  exists: false,
  caseId: '',
  needId: '',
  place: { districtCode: '', streetCode: '', communityCode: '' },
  category: '',
  urgency: 'normal',
  openedAt: '',
  workerId: null,
  workerRequest: null,
  workerCandidates: [],
  workersTried: [],
  workersToRelease: [],
  assessment: null,
  plan: [],
  candidates: {},
  matches: [],
  requestSeq: 0,
  deliverySources: [],
  rating: null,
  escalationLevel: 0,
  outcome: null,
  closed: false,
  approvals: {},
  tasks: [],
  seq: 0,
  transfer: null,
  escalationOwner: null,
});

const ACTIVE: readonly MatchStatus[] = ['requested', 'held', 'confirmed'];
export const isActive = (m: MatchState): boolean => ACTIVE.includes(m.status);

/** How much of an item the active requests cover (confirmed or still waiting for an answer). */
export const activeQuantity = (s: CaseState, itemId: string): number =>
  s.matches.filter((m) => m.itemId === itemId && isActive(m)).reduce((n, m) => n + m.quantity, 0);

export const confirmedQuantity = (s: CaseState, itemId: string): number =>
  s.matches
    .filter((m) => m.itemId === itemId && m.status === 'confirmed')
    .reduce((n, m) => n + m.quantity, 0);

export const itemCovered = (s: CaseState, item: PlanItem): boolean =>
  confirmedQuantity(s, item.itemId) >= item.quantity;

/** Every confirmed match of the item has had a delivery recorded. */
export const itemDelivered = (s: CaseState, item: PlanItem): boolean =>
  itemCovered(s, item) &&
  s.matches
    .filter((m) => m.itemId === item.itemId && m.status === 'confirmed')
    .every((m) => m.deliveries > 0);

export type CaseStatus =
  'open' | 'assigned' | 'assessed' | 'planned' | 'matching' | 'in_delivery' | 'under_review' | 'closed';

/** The case's place in the workflow, derived from what happened (never stored on its own). */
export function statusOf(s: CaseState): CaseStatus {
  if (s.closed) return 'closed';
  if (!s.workerId) return 'open';
  if (!s.assessment) return 'assigned';
  if (s.plan.length === 0) return 'assessed';
  if (s.matches.length === 0) return 'planned';
  if (!s.plan.every((i) => itemCovered(s, i))) return 'matching';
  if (!s.plan.every((i) => itemDelivered(s, i))) return 'in_delivery';
  return 'under_review';
}

const patchMatch = (
  s: CaseState,
  requestId: string,
  patch: (m: MatchState) => Partial<MatchState>,
): CaseState => ({
  ...s,
  matches: s.matches.map((m) => (m.requestId === requestId ? { ...m, ...patch(m) } : m)),
});

const patchTask = (s: CaseState, taskId: string, patch: Partial<TaskState>): CaseState => ({
  ...s,
  tasks: s.tasks.map((t) => (t.taskId === taskId ? { ...t, ...patch } : t)),
});

export function evolveCase(s: CaseState, e: CaseEvent): CaseState {
  switch (e.type) {
    case 'CaseOpened': {
      const p = e.payload;
      return {
        ...s,
        exists: true,
        caseId: p.caseId,
        needId: p.needId,
        place: p.place,
        category: p.category,
        urgency: p.urgency,
        openedAt: p.openedAt,
      };
    }
    case 'WorkerCandidatesProposed':
      // A fresh ranking: everyone on it may be asked again (a full caseload may have room now).
      return { ...s, workerCandidates: e.payload.workerIds, workersTried: [] };
    case 'WorkerRequested':
      return {
        ...s,
        requestSeq: s.requestSeq + 1,
        workerRequest: {
          requestId: e.payload.requestId,
          workerId: e.payload.workerId,
          reason: e.payload.reason,
        },
        workersTried: [...s.workersTried, e.payload.workerId],
      };
    case 'WorkerAssigned': {
      // The previous worker's caseload, or (for an answer that lands after the close) this one's, goes back.
      const previous = e.payload.previousWorkerId;
      const release = [previous, s.closed ? e.payload.workerId : null].filter(
        (w): w is string => w !== null && !s.workersToRelease.includes(w),
      );
      return {
        ...s,
        workerId: e.payload.workerId,
        workerRequest: null,
        workersToRelease: [...s.workersToRelease, ...release],
      };
    }
    case 'WorkerRefused':
      return { ...s, workerRequest: null };
    case 'WorkerReleased':
      return { ...s, workersToRelease: s.workersToRelease.filter((w) => w !== e.payload.workerId) };
    case 'CaseAssessed': {
      // A new assessment supersedes the one before, and its submission (its own follows when supervised).
      const { assessment: _superseded, ...approvals } = s.approvals;
      return { ...s, assessment: e.payload, urgency: e.payload.urgency, approvals };
    }
    case 'CasePlanned': {
      const candidates = { ...s.candidates };
      for (const d of e.payload.droppedItemIds) delete candidates[d];
      const { plan: _superseded, ...approvals } = s.approvals;
      return { ...s, plan: e.payload.items, candidates, approvals };
    }
    case 'CandidatesProposed':
      return { ...s, candidates: { ...s.candidates, [e.payload.itemId]: e.payload.candidates } };
    case 'CandidatesExhausted':
    case 'ReferralConsentOverridden':
      // The audit of a decision: it changes nothing the case owes (its MatchRequested follows).
      return s;
    case 'MatchRequested':
      return {
        ...s,
        requestSeq: s.requestSeq + 1,
        matches: [
          ...s.matches,
          { ...e.payload, status: 'requested', released: false, delivered: 0, deliveries: 0 },
        ],
      };
    case 'MatchHeld':
      return patchMatch(s, e.payload.requestId, () => ({ status: 'held' }));
    case 'MatchConfirmed':
      return patchMatch(s, e.payload.requestId, () => ({ status: 'confirmed' }));
    case 'MatchRefused':
      return patchMatch(s, e.payload.requestId, () => ({ status: 'refused' }));
    case 'MatchExpired':
      return patchMatch(s, e.payload.requestId, () => ({ status: 'expired' }));
    case 'MatchWithdrawn':
      return patchMatch(s, e.payload.requestId, () => ({ status: 'withdrawn' }));
    case 'MatchReleased':
      return patchMatch(s, e.payload.requestId, () => ({ released: true }));
    case 'DeliveryRecorded': {
      const next = patchMatch(s, e.payload.requestId, (m) => ({
        delivered: m.delivered + e.payload.quantity,
        deliveries: m.deliveries + 1,
      }));
      const src = e.payload.sourceEventId;
      return src ? { ...next, deliverySources: [...next.deliverySources, src] } : next;
    }
    case 'CaseReviewed':
      return { ...s, rating: e.payload.rating };
    case 'CaseEscalated':
      return {
        ...s,
        escalationLevel: e.payload.level === 'district' ? 2 : e.payload.level === 'street' ? 1 : 0,
        escalationOwner: null,
      };
    case 'EscalationTaken':
      return { ...s, escalationOwner: e.payload.by };
    case 'ApprovalRequested': {
      const p = e.payload;
      return {
        ...s,
        seq: s.seq + 1,
        approvals: {
          ...s.approvals,
          [p.step]: {
            approvalId: p.approvalId,
            step: p.step,
            status: 'pending',
            outcome: p.outcome,
            reasonCode: null,
            note: null,
            by: null,
          },
        },
      };
    }
    case 'ApprovalGranted':
    case 'ApprovalReturned': {
      const a = s.approvals[e.payload.step];
      if (!a || a.approvalId !== e.payload.approvalId) return s;
      const decided: ApprovalState =
        e.type === 'ApprovalGranted'
          ? { ...a, status: 'approved', by: e.payload.by }
          : {
              ...a,
              status: 'returned',
              by: e.payload.by,
              reasonCode: e.payload.reasonCode,
              note: e.payload.note ?? null,
            };
      return { ...s, approvals: { ...s.approvals, [a.step]: decided } };
    }
    case 'TaskScheduled': {
      const p = e.payload;
      return {
        ...s,
        seq: s.seq + 1,
        tasks: [
          ...s.tasks,
          { taskId: p.taskId, kind: p.kind, dueAt: p.dueAt, title: p.title, status: 'open', overdue: false },
        ],
      };
    }
    case 'TaskDone':
      return patchTask(s, e.payload.taskId, { status: 'done' });
    case 'TaskCancelled':
      return patchTask(s, e.payload.taskId, { status: 'cancelled' });
    case 'TaskOverdue':
      return patchTask(s, e.payload.taskId, { overdue: true });
    case 'TransferRequested':
      return {
        ...s,
        seq: s.seq + 1,
        transfer: {
          transferId: e.payload.transferId,
          toWorkerId: e.payload.toWorkerId,
          reason: e.payload.reason,
          by: e.payload.by,
        },
      };
    case 'TransferAccepted':
    case 'TransferDeclined':
      return s.transfer?.transferId === e.payload.transferId ? { ...s, transfer: null } : s;
    case 'CaseClosed':
      return {
        ...s,
        closed: true,
        outcome: e.payload.outcome,
        workersToRelease:
          s.workerId && !s.workersToRelease.includes(s.workerId)
            ? [...s.workersToRelease, s.workerId]
            : s.workersToRelease,
      };
    default:
      return s;
  }
}
