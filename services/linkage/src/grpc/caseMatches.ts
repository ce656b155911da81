import { ForbiddenError, IllegalStateError, type Principal } from '@fivesoc/service-kit';
import type { CaseState } from '../cases/domain/state.ts';
import type { ReadModelCollections } from '../readModels/collections.ts';
import { CONSENT_OVERRIDERS } from './caseAccess.ts';
import { candidatesFor, openItemsOf, ruleFailuresFor } from '../cases/candidates/propose.ts';
import type { Candidate } from '../gen/fivesoc/linkage/v1/linkage.ts';
import { caseMessage, KIND_MESSAGE, scoreMessage } from './caseMessages.ts';
import { runCommand, visibleCase, type CaseRpcDeps } from './caseCommands.ts';
import {
  acceptMatchRequest,
  parseRequest,
  planRequest,
  proposeMatchesRequest,
  recordDeliveryRequest,
  rejectMatchRequest,
} from './caseRequests.ts';

/**
 * A referral to an organization (转介) needs the resident's consent to `referral_to_partners` (as the need
 * recorded it); without it, an override: a reason, from a role allowed to give one. Answers the override to
 * record, or nothing when consent covers the referral.
 */
async function referralOverride(
  readModels: ReadModelCollections,
  s: CaseState,
  reason: string | undefined,
  p: Principal,
): Promise<{ reason: string; by: string } | undefined> {
  const need = await readModels.needs.findOne({ _id: `need-${s.needId}` });
  if (need?.consentScope.includes('referral_to_partners')) return undefined;
  if (!reason)
    throw new IllegalStateError(
      "the resident's consent does not cover referral_to_partners: record it with the need, or a street or district admin refers with consent_override_reason",
    );
  if (!p.roles.some((r) => CONSENT_OVERRIDERS.includes(r)))
    throw new ForbiddenError(
      `only ${CONSENT_OVERRIDERS.join(' or ')} may refer without the resident's consent`,
    );
  return { reason, by: p.subject };
}

/** The plan and its matches: plan, propose (ranked candidates recorded on the case), accept, reject, deliver. */
export function caseMatchRpcs({ app, readModels }: CaseRpcDeps) {
  return {
    plan: async (req: unknown, p: Principal) => {
      const q = parseRequest(planRequest, req);
      return runCommand(app, p, q, (policy) => ({ kind: 'plan', items: q.items, policy }));
    },

    proposeMatches: async (req: unknown, p: Principal) => {
      const q = parseRequest(proposeMatchesRequest, req);
      let loaded = await visibleCase(app, q.caseId, p);
      const s = loaded.state;
      if (s.closed) throw new IllegalStateError(`case ${q.caseId} is closed`);
      if (s.plan.length === 0) throw new IllegalStateError('plan the case before proposing matches');
      const now = new Date();
      const out: Candidate[] = [];
      for (const item of openItemsOf(s)) {
        const candidates = await candidatesFor(readModels, s, item, q.topK, now);
        // Recorded on the case: the saga asks the next of them when a request is refused or expires.
        loaded = await app.execute(
          q.caseId,
          { kind: 'proposeCandidates', itemId: item.itemId, candidates },
          { actor: p.subject, roles: p.roles.join(',') },
        );
        out.push(
          ...candidates.map((c, n) => ({
            itemId: item.itemId,
            kind: KIND_MESSAGE[item.kind],
            resourceId: c.resourceId,
            score: scoreMessage(c.score),
            rank: n + 1,
          })),
        );
      }
      return { candidates: out, case: caseMessage(loaded.state, loaded.version) };
    },

    acceptMatch: async (req: unknown, p: Principal) => {
      const q = parseRequest(acceptMatchRequest, req);
      const { state } = await visibleCase(app, q.caseId, p);
      const item = state.plan.find((i) => i.itemId === q.itemId);
      // An unknown item is the decider's to name (`item_id`); a known one is held to the matching rules.
      if (item && !state.closed) {
        const failed = await ruleFailuresFor(readModels, state, item, q.resourceId, q.quantity, new Date());
        if (failed.length > 0)
          throw new IllegalStateError(
            `${q.resourceId} cannot serve item ${item.itemId}: ${failed.join(', ')}`,
            { failed },
          );
      }
      const consentOverride =
        item?.kind === 'organization' && !state.closed
          ? await referralOverride(readModels, state, q.consentOverrideReason, p)
          : undefined;
      return runCommand(app, p, q, {
        kind: 'accept',
        ...(consentOverride ? { consentOverride } : {}),
        itemId: q.itemId,
        resourceId: q.resourceId,
        ...(q.quantity !== undefined ? { quantity: q.quantity } : {}),
        ...(q.confirmWithinSeconds !== undefined ? { timeoutMs: q.confirmWithinSeconds * 1000 } : {}),
      });
    },

    rejectMatch: async (req: unknown, p: Principal) => {
      const q = parseRequest(rejectMatchRequest, req);
      return runCommand(app, p, q, { kind: 'reject', requestId: q.matchId, reason: q.reason });
    },

    recordDelivery: async (req: unknown, p: Principal) => {
      const q = parseRequest(recordDeliveryRequest, req);
      return runCommand(app, p, q, {
        kind: 'deliver',
        requestId: q.matchId,
        quantity: q.quantity,
        deliveredAt: q.deliveredAt,
        source: 'staff',
      });
    },
  };
}
