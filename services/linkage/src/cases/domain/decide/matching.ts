import { IllegalStateError, NotFoundError, ValidationError } from '@fivesoc/service-kit';
import type { CaseDeciderOptions, CommandOf, DecideContext } from '../commands.ts';
import type { CaseEvent } from '../events.ts';
import { activeQuantity, evolveCase, isActive, type CaseState, type MatchState } from '../state.ts';
import { requestIdOf, opened, live, itemOf, matchOf, approvedOrUnsupervised } from './decision.ts';

type MatchingCommand = CommandOf<
  'proposeCandidates' | 'accept' | 'reject' | 'answered' | 'expire' | 'released' | 'deliver'
>;

/** The events that ask the next candidate of an item after `after` failed (or the item is exhausted). */
function nextCandidate(s: CaseState, after: MatchState, deadline: string): CaseEvent[] {
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
        deadline,
        score: next.score,
      },
    },
  ];
}

/**
 * Resources for the plan's items: candidates, the requests to the societies, their answers, expiries and
 * deliveries. A refusal or an expiry asks the next proposed candidate in the same decision, so no answer is
 * left without a next step.
 */
export function decideMatching(
  c: MatchingCommand,
  s: CaseState,
  { now }: DecideContext,
  opts: CaseDeciderOptions,
): CaseEvent[] {
  const deadlineFrom = (at: Date) => new Date(at.getTime() + opts.matchTimeoutMs).toISOString();
  /** Applies `first`, then asks the next candidate on the state it leaves. */
  const thenNext = (first: CaseEvent, failed: MatchState): CaseEvent[] => [
    first,
    ...nextCandidate(evolveCase(s, first), failed, deadlineFrom(now)),
  ];
  switch (c.kind) {
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
      return thenNext({ type: 'MatchWithdrawn', payload: { requestId: m.requestId, reason: c.reason } }, m);
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
      return thenNext({ type: 'MatchRefused', payload: { ...id, reason: c.reason ?? 'refused' } }, m);
    }
    case 'expire': {
      opened(s);
      const m = matchOf(s, c.requestId);
      if (!m || (m.status !== 'requested' && m.status !== 'held')) return [];
      if (Date.parse(m.deadline) > now.getTime()) return [];
      return thenNext({ type: 'MatchExpired', payload: { requestId: m.requestId } }, m);
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
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
}
