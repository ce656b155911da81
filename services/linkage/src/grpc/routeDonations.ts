import type { Collection } from 'mongodb';
import {
  FivesocError,
  ForbiddenError,
  NotFoundError,
  inScope,
  scopeFilter,
  type Principal,
} from '@fivesoc/service-kit';
import type { CaseApp } from '../cases/app.ts';
import { donationOf, routeToCases } from '../cases/candidates/donations.ts';
import type { CaseState } from '../cases/domain/state.ts';
import type { CaseViewDoc } from '../cases/projection/caseView.ts';
import type { Allocation, RouteDonationsResponse } from '../gen/fivesoc/linkage/v1/linkage.ts';
import type { DonationDoc, ReadModelCollections } from '../readModels/collections.ts';
import { caseScopeFilter } from './caseAccess.ts';
import { scopePlaceOf, visibleCase } from './caseCommands.ts';
import { parseRequest, routeDonationsRequest } from './caseRequests.ts';

const CASE_LIMIT = 5_000;

async function donationsFor(m: ReadModelCollections, ids: string[], p: Principal): Promise<DonationDoc[]> {
  if (ids.length === 0)
    return m.donations.find({ $and: [scopeFilter(p), { available: { $gte: 1 } }] } as never).toArray();
  const docs = await m.donations.find({ _id: { $in: ids.map((id) => `donation-${id}`) } }).toArray();
  for (const id of ids) {
    const d = docs.find((x) => x.donationId === id);
    if (!d) throw new NotFoundError('donation', id);
    if (!inScope(p, scopePlaceOf(d)))
      throw new ForbiddenError(`donation ${id} is outside your ${p.scope.level} scope`);
  }
  return docs;
}

/** The cases to route to, each read from its stream (the projection only finds them). */
async function casesFor(
  app: CaseApp,
  views: Collection<CaseViewDoc>,
  ids: string[],
  p: Principal,
): Promise<CaseState[]> {
  if (ids.length > 0) return Promise.all(ids.map(async (id) => (await visibleCase(app, id, p)).state));
  const found = await views
    .find({ $and: [caseScopeFilter(p), { openDonationItems: true }] } as never, { projection: { _id: 1 } })
    .limit(CASE_LIMIT)
    .toArray();
  const states = await Promise.all(found.map(async (v) => (await app.load(v._id)).state));
  return states.sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
}

/**
 * RouteDonations: the optimal assignment (min-cost flow) of the available donations in scope to the open
 * donation items of open cases in scope. A dry run returns it; otherwise each allocation is accepted on its
 * case, in order, so the saga reserves it with the charity; an allocation the case no longer takes (it moved
 * on meanwhile) says why in `error` and the others go ahead.
 */
export function routeDonationsRpc(deps: {
  app: CaseApp;
  readModels: ReadModelCollections;
  views: Collection<CaseViewDoc>;
}) {
  return async (req: unknown, p: Principal): Promise<RouteDonationsResponse> => {
    const q = parseRequest(routeDonationsRequest, req);
    const donations = await donationsFor(deps.readModels, [...new Set(q.donationIds)], p);
    const cases = await casesFor(deps.app, deps.views, [...new Set(q.caseIds)], p);
    const r = routeToCases(cases, donations.map(donationOf));
    const allocations: Allocation[] = [];
    for (const a of r.allocations) {
      const out: Allocation = { ...a, matchId: '', error: '' };
      if (!q.dryRun) {
        try {
          const done = await deps.app.execute(
            a.caseId,
            { kind: 'accept', itemId: a.itemId, resourceId: a.donationId, quantity: a.quantity },
            { actor: p.subject, roles: p.roles.join(',') },
          );
          const requested = done.events.find((e) => e.type === 'MatchRequested');
          out.matchId = requested?.type === 'MatchRequested' ? requested.payload.requestId : '';
        } catch (err) {
          if (!(err instanceof FivesocError)) throw err;
          out.error = err.message;
        }
      }
      allocations.push(out);
    }
    return {
      allocations,
      totalCost: r.totalCost,
      totalScore: r.totalScore,
      totalQuantity: r.totalQuantity,
    };
  };
}
