import type { Db } from 'mongodb';
import type { EventStore } from '@fivesoc/eventing';
import { currentAssessment, type ResidentRating } from '../domain/organization/assessment.ts';
import { eligibility } from '../domain/organization/eligibility.ts';
import type { OrganizationState } from '../domain/organization/state.ts';
import {
  DEFAULT_RULES_SOURCE,
  defaultRules,
  rulesStreamOf,
  type RulesEvent,
  type RulesInForce,
} from '../domain/rules/rules.ts';
import { organizationRatings } from '../projections/residentFeedback.ts';

/** What an organization's derived standing (rating, catalogue place) is computed from. */
export interface AssessmentDeps {
  store: EventStore;
  db: Db;
  /** The service's default catalogue threshold (CATALOGUE_MIN_RATING). */
  catalogue: { minRating: number };
}

/** The organization rules in force in a district and where they come from. */
export async function rulesInForce(
  deps: Pick<AssessmentDeps, 'store' | 'catalogue'>,
  districtCode: string | undefined,
): Promise<RulesInForce> {
  const fallback: RulesInForce = {
    rules: defaultRules(deps.catalogue.minRating),
    source: { kind: 'default', text: DEFAULT_RULES_SOURCE },
  };
  if (!districtCode) return fallback;
  const history = await deps.store.readStream<RulesEvent>(rulesStreamOf(districtCode));
  const last = history.at(-1);
  if (!last) return fallback;
  const { rules, setBy } = last.payload;
  return {
    rules,
    source: { kind: 'district', districtCode, version: last.streamVersion, setBy, setAt: last.occurredAt },
  };
}

/** Residents' ratings attributed to the organization, oldest first (a scan on FerretDB: see README). */
export async function residentRatings(db: Db, organizationId: string): Promise<ResidentRating[]> {
  const rows = await organizationRatings(db).find({ organizationId }).toArray();
  return rows
    .map(({ feedbackId, subjectKind, subjectId, rating, at }) => ({
      feedbackId,
      subjectKind,
      subjectId,
      rating,
      at,
    }))
    .sort((a, b) => a.at.localeCompare(b.at) || a.feedbackId.localeCompare(b.feedbackId));
}

/** The evaluation as it stands, the catalogue place it gives, and the rules (with source) behind both. */
export async function assess(deps: AssessmentDeps, s: OrganizationState, now: Date) {
  const [{ rules, source }, ratings] = await Promise.all([
    rulesInForce(deps, s.place?.districtCode),
    s.id ? residentRatings(deps.db, s.id) : Promise.resolve([]),
  ]);
  const assessment = currentAssessment(s, now, rules, ratings);
  const e = eligibility(s, now, rules.catalogue, assessment ? { rating: assessment.rating } : undefined);
  return { rules, source, ratings, assessment, eligibility: e };
}
