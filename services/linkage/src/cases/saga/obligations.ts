import type { CaseCommand } from '../domain/decider.ts';
import type { PolicyInForce } from '../domain/policy.ts';
import type { CaseState, MatchState } from '../domain/state.ts';
import type { CasePlace } from '../domain/values.ts';
import { isRefused, type Answer } from './societies.ts';

/** A call to a society that a case's request stands for (what `effects.ts` sends). */
export type SocietyRequest =
  | {
      kind: 'volunteer';
      task: { requestId: string; caseId: string; volunteerId: string; skill: string; title: string };
      slot: { startAt: string; endAt: string };
      place: CasePlace;
    }
  | {
      kind: 'organization';
      referral: { requestId: string; caseId: string; itemId: string; organizationId: string; field: string };
      place: CasePlace;
      slot: { startAt: string | undefined; endAt: string | undefined };
    }
  | {
      kind: 'donation';
      reservation: {
        requestId: string;
        donationId: string;
        quantity: number;
        needId: string;
        category: string;
      };
      place: CasePlace;
    };

/**
 * What a case owes the societies as it is now, in the order the saga carries it out: the worker asked, the
 * workers to release, then per request, the request sent (with its deadline kept) or what a refused,
 * expired or withdrawn one holds given back. Each is recorded on the case when answered, so a case that
 * owes nothing more yields none: that is what makes a redelivered event harmless.
 */
export type Obligation =
  | { kind: 'askWorker'; caseId: string; requestId: string; workerId: string; districtCode: string }
  | { kind: 'releaseWorker'; caseId: string; workerId: string; key: string }
  | { kind: 'request'; caseId: string; match: MatchState; request: SocietyRequest | { refused: string } }
  | { kind: 'giveBack'; caseId: string; match: MatchState };

const NEEDS_RELEASE: readonly MatchState['status'][] = ['refused', 'expired', 'withdrawn'];

/** The call a request stands for, from the plan item it serves (none when the item left the plan). */
export function requestOf(s: CaseState, m: MatchState): SocietyRequest | { refused: string } {
  const item = s.plan.find((i) => i.itemId === m.itemId);
  if (!item) return { refused: 'the item left the plan' };
  const { requestId, resourceId } = m;
  switch (m.kind) {
    case 'volunteer':
      return {
        kind: 'volunteer',
        task: {
          requestId,
          caseId: s.caseId,
          volunteerId: resourceId,
          skill: item.requirement,
          title: (item.description || `case ${s.caseId}: ${item.requirement}`).slice(0, 100),
        },
        slot: { startAt: item.startAt ?? '', endAt: item.endAt ?? '' },
        place: s.place,
      };
    case 'organization':
      return {
        kind: 'organization',
        referral: {
          requestId,
          caseId: s.caseId,
          itemId: m.itemId,
          organizationId: resourceId,
          field: item.requirement,
        },
        place: s.place,
        slot: { startAt: item.startAt, endAt: item.endAt },
      };
    case 'donation':
      return {
        kind: 'donation',
        reservation: {
          requestId,
          donationId: resourceId,
          quantity: m.quantity,
          needId: s.needId,
          category: s.category,
        },
        place: s.place,
      };
  }
}

/** What the case owes now (see `Obligation`). Pure: the saga's reconciliation is this, carried out. */
export function obligations(s: CaseState): Obligation[] {
  const caseId = s.caseId;
  const out: Obligation[] = [];
  if (s.workerRequest) {
    const { requestId, workerId } = s.workerRequest;
    out.push({ kind: 'askWorker', caseId, requestId, workerId, districtCode: s.place.districtCode });
  }
  for (const workerId of s.workersToRelease)
    out.push({
      kind: 'releaseWorker',
      caseId,
      workerId,
      key: `${caseId}-release-${workerId}-${s.requestSeq}`,
    });
  for (const m of s.matches) {
    if (m.status === 'requested') out.push({ kind: 'request', caseId, match: m, request: requestOf(s, m) });
    // Only matches with work still owed cost a call: a held match got its timer while requested, and the
    // timer of a confirmed one removes itself when it comes due (the deadline finds it answered).
    if (NEEDS_RELEASE.includes(m.status) && !m.released) out.push({ kind: 'giveBack', caseId, match: m });
  }
  return out;
}

/**
 * The command that records a society's answer to an obligation. A worker's first assignment gets its
 * deadlines by the district's policy (read by the runner); a volunteer reserved is confirmed at once, the
 * other requests are held until the society confirms them.
 */
export function recordOf(o: Obligation, a: Answer, policy?: PolicyInForce): CaseCommand {
  switch (o.kind) {
    case 'askWorker':
      return {
        kind: 'workerAnswered',
        requestId: o.requestId,
        accepted: !isRefused(a),
        ...(isRefused(a) ? { reason: a.refused } : {}),
        ...(policy ? { policy } : {}),
      };
    case 'releaseWorker':
      return { kind: 'workerReleased', workerId: o.workerId };
    case 'request':
      return {
        kind: 'answered',
        requestId: o.match.requestId,
        outcome: isRefused(a) ? 'refused' : o.match.kind === 'volunteer' ? 'confirmed' : 'held',
        ...(isRefused(a) ? { reason: a.refused.slice(0, 200) } : {}),
      };
    case 'giveBack':
      return {
        kind: 'released',
        requestId: o.match.requestId,
        outcome: isRefused(a) ? 'nothing_held' : 'released',
      };
  }
}
