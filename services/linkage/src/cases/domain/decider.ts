import { AlreadyExistsError, IllegalStateError, NotFoundError, ValidationError } from '@fivesoc/service-kit';
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
} from './state.ts';
import type { Candidate, CasePlace, Outcome, PlanItem, Score } from './values.ts';
import { ESCALATION_LEVELS } from './values.ts';

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
  | { kind: 'workerAnswered'; requestId: string; accepted: boolean; reason?: string }
  | { kind: 'workerReleased'; workerId: string }
  | {
      kind: 'assess';
      riskLevel: 'low' | 'medium' | 'high' | 'critical';
      needsIdentified: string[];
      urgency: 'low' | 'normal' | 'high' | 'critical';
    }
  | { kind: 'plan'; items: PlanItem[] }
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
  | { kind: 'close'; outcome: Outcome };

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

  const decide = (c: CaseCommand, s: CaseState, ctx: { now: Date }): CaseEvent[] => {
    const now = ctx.now;
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
        if (c.kind === 'transfer' && !s.workerId)
          throw new IllegalStateError('the case has no worker to transfer from; assign one');
        if (s.workerId === workerId) {
          if (c.kind === 'transfer') throw new ValidationError('to_worker_id', 'is the case worker already');
          return [];
        }
        return [
          {
            type: 'WorkerRequested',
            payload: {
              requestId: requestIdOf(s, 'w'),
              workerId,
              reason: s.workerId ? 'transfer' : 'assign',
              ...(c.kind === 'transfer' ? { note: c.reason } : {}),
            },
          },
        ];
      }
      case 'workerAnswered': {
        opened(s);
        const req = s.workerRequest;
        if (!req || req.requestId !== c.requestId) return []; // answered before: a redelivery
        if (c.accepted)
          return [
            {
              type: 'WorkerAssigned',
              payload: { requestId: req.requestId, workerId: req.workerId, previousWorkerId: s.workerId },
            },
          ];
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
      case 'assess':
        live(s);
        if (!s.workerId) throw new IllegalStateError('assign a worker before the assessment');
        return [
          {
            type: 'CaseAssessed',
            payload: { riskLevel: c.riskLevel, needsIdentified: c.needsIdentified, urgency: c.urgency },
          },
        ];
      case 'plan': {
        live(s);
        if (!s.assessment) throw new IllegalStateError('assess the case before planning');
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
        return [
          { type: 'CasePlanned', payload: { items: c.items, droppedItemIds: dropped } },
          ...withdrawals,
        ];
      }
      case 'proposeCandidates':
        live(s);
        itemOf(s, c.itemId);
        return [{ type: 'CandidatesProposed', payload: { itemId: c.itemId, candidates: c.candidates } }];
      case 'accept': {
        live(s);
        const item = itemOf(s, c.itemId);
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
        const withdrawals: CaseEvent[] = s.matches
          .filter((m) => isActive(m) && m.deliveries === 0)
          .map((m) => ({
            type: 'MatchWithdrawn',
            payload: { requestId: m.requestId, reason: 'case closed' },
          }));
        return [
          ...withdrawals,
          { type: 'CaseClosed', payload: { outcome: c.outcome, closedAt: now.toISOString() } },
        ];
      }
      default: {
        const unreachable: never = c;
        return unreachable;
      }
    }
  };

  return { decide, evolve: evolveCase, initialState: initialCaseState };
}
