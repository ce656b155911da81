import type { EventEnvelope } from '@fivesoc/eventing';
import type { AssessmentDeps } from '../api/assessment.ts';
import { organizationsCollection, refreshDerived } from './organizations.ts';
import { applyAttribution } from './residentFeedback.ts';

/**
 * What changes an organization's rating and catalogue place without an event on its own stream: new
 * district rules (every row of the district is recomputed) and a referral accepted or a purchase awarded
 * (the residents' ratings of that service or case now count for the organization).
 */
export function derivedProjection(deps: AssessmentDeps) {
  return async (e: EventEnvelope): Promise<void> => {
    if (e.type === 'OrganizationRulesSet') {
      const { districtCode } = e.payload as { districtCode: string };
      const rows = await organizationsCollection(deps.db)
        .find({ districtCode }, { projection: { _id: 1 } })
        .toArray();
      await refreshDerived(
        deps,
        rows.map((r) => r._id),
        new Date(),
      );
      return;
    }
    const rated = await applyAttribution(deps.db, e);
    if (rated.length) await refreshDerived(deps, rated, new Date());
  };
}
