import type { StoredEvent } from '@fivesoc/eventing';
import type {
  AreaStatistics as AreaMessage,
  Case,
  CasePolicy as CasePolicyMessage,
  CaseStatus as CaseStatusMessage,
  MatchStatus as MatchStatusMessage,
  ResourceKind,
  ScoreBreakdown,
  WatchCaseResponse,
} from '../gen/fivesoc/linkage/v1/linkage.ts';
import {
  statusOf,
  type CaseState,
  type CaseStatus,
  type MatchState,
  type MatchStatus,
} from '../cases/domain/state.ts';
import type { ItemKind, PlanItem, Score } from '../cases/domain/values.ts';
import type { AreaStatistics } from '../cases/projection/statistics.ts';
import type { CasePolicy } from '../cases/domain/policy.ts';

// Domain values → generated messages. One direction only: requests come in through caseRequests.ts.

export const KIND_MESSAGE: Record<ItemKind, ResourceKind> = {
  volunteer: 'RESOURCE_KIND_VOLUNTEER',
  organization: 'RESOURCE_KIND_ORGANIZATION',
  donation: 'RESOURCE_KIND_DONATION',
};

const STATUS_MESSAGE: Record<CaseStatus, CaseStatusMessage> = {
  open: 'CASE_STATUS_OPEN',
  assigned: 'CASE_STATUS_ASSIGNED',
  assessed: 'CASE_STATUS_ASSESSED',
  planned: 'CASE_STATUS_PLANNED',
  matching: 'CASE_STATUS_MATCHING',
  in_delivery: 'CASE_STATUS_IN_DELIVERY',
  under_review: 'CASE_STATUS_UNDER_REVIEW',
  closed: 'CASE_STATUS_CLOSED',
};

const MATCH_STATUS_MESSAGE: Record<MatchStatus, MatchStatusMessage> = {
  requested: 'MATCH_STATUS_REQUESTED',
  held: 'MATCH_STATUS_HELD',
  confirmed: 'MATCH_STATUS_CONFIRMED',
  refused: 'MATCH_STATUS_REFUSED',
  expired: 'MATCH_STATUS_EXPIRED',
  withdrawn: 'MATCH_STATUS_WITHDRAWN',
};

export const scoreMessage = (s: Score): ScoreBreakdown => ({
  total: s.total,
  skillFit: s.skillFit,
  nearness: s.nearness,
  loadBalance: s.loadBalance,
  rating: s.rating,
  credit: s.credit,
});

const planItemMessage = (i: PlanItem) => ({
  itemId: i.itemId,
  kind: KIND_MESSAGE[i.kind],
  description: i.description,
  requirement: i.requirement,
  quantity: i.quantity,
  ...(i.startAt ? { startAt: new Date(i.startAt) } : {}),
  ...(i.endAt ? { endAt: new Date(i.endAt) } : {}),
});

const matchMessage = (m: MatchState) => ({
  matchId: m.requestId,
  itemId: m.itemId,
  kind: KIND_MESSAGE[m.kind],
  resourceId: m.resourceId,
  quantity: m.quantity,
  ...(m.score ? { score: scoreMessage(m.score) } : {}),
  status: MATCH_STATUS_MESSAGE[m.status],
  attempt: m.attempt,
  deadline: new Date(m.deadline),
  released: m.released,
  delivered: m.delivered,
  deliveries: m.deliveries,
});

/** A case as the API shows it: the folded state, its derived status and the stream version. */
export function caseMessage(s: CaseState, version: number): Case {
  return {
    caseId: s.caseId,
    needId: s.needId,
    place: { ...s.place },
    status: STATUS_MESSAGE[statusOf(s)],
    workerId: s.workerId ?? '',
    pendingWorkerId: s.workerRequest?.workerId ?? '',
    category: s.category,
    urgency: s.urgency,
    riskLevel: s.assessment?.riskLevel ?? '',
    needsIdentified: s.assessment?.needsIdentified ?? [],
    plan: s.plan.map(planItemMessage),
    matches: s.matches.map(matchMessage),
    candidates: s.plan.flatMap((item) =>
      (s.candidates[item.itemId] ?? []).map((c, n) => ({
        itemId: item.itemId,
        kind: KIND_MESSAGE[item.kind],
        resourceId: c.resourceId,
        score: scoreMessage(c.score),
        rank: n + 1,
      })),
    ),
    escalationLevel: s.escalationLevel,
    rating: s.rating ?? 0,
    outcome: s.outcome ?? '',
    openedAt: new Date(s.openedAt),
    version,
    approvals: Object.values(s.approvals).map((a) => ({
      approvalId: a.approvalId,
      step: a.step,
      status: a.status,
      outcome: a.outcome ?? '',
      reasonCode: a.reasonCode ?? '',
      decidedBy: a.by ?? '',
      hasNote: a.note !== null && a.note !== undefined,
    })),
    tasks: s.tasks.map((t) => ({
      taskId: t.taskId,
      kind: t.kind,
      dueAt: new Date(t.dueAt),
      title: t.title ?? '',
      status: t.status,
      overdue: t.overdue,
    })),
    transferToWorkerId: s.transfer?.toWorkerId ?? '',
    escalationOwner: s.escalationOwner ?? '',
  };
}

/** A district's case policy as the API shows it (the proto's flat task rules). */
export const policyMessage = (p: CasePolicy): CasePolicyMessage => ({
  approvals: { ...p.approvals },
  tasks: {
    firstContactHoursLow: p.tasks.firstContactHours.low,
    firstContactHoursNormal: p.tasks.firstContactHours.normal,
    firstContactHoursHigh: p.tasks.firstContactHours.high,
    firstContactHoursCritical: p.tasks.firstContactHours.critical,
    assessmentDays: p.tasks.assessmentDays,
    planReviewDays: p.tasks.planReviewDays,
    followUpDays: p.tasks.followUpDays,
  },
});

export const eventMessage = (e: StoredEvent): WatchCaseResponse => ({
  eventId: e.id,
  type: e.type,
  streamVersion: e.streamVersion,
  occurredAt: new Date(e.occurredAt),
  payloadJson: JSON.stringify(e.payload),
});

export const areaMessage = (a: AreaStatistics): AreaMessage => ({ ...a, place: { ...a.place } });
