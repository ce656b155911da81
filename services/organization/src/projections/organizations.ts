import type { Db } from 'mongodb';
import { applyOnce, type EventEnvelope } from '@fivesoc/eventing';
import { assess, type AssessmentDeps } from '../api/assessment.ts';
import { creditStanding } from '../domain/organization/credit.ts';
import type { EligibilityCheck } from '../domain/organization/eligibility.ts';
import type { OrganizationEvent } from '../domain/organization/events.ts';
import { evolve, initialState, type OrganizationState } from '../domain/organization/state.ts';

/**
 * The list query model: one row per organization with its place (for scoping), its list memberships
 * (abnormal list, serious-violation list) and its place in the eligible-organization catalogue.
 */
export interface OrganizationRow {
  _id: string;
  _v?: number;
  name: string;
  field?: string;
  category?: string;
  kind?: string;
  hub: boolean;
  registration: string;
  activity: string;
  creditStanding: string;
  seriousViolation: boolean;
  rating: string | null;
  eligible: boolean;
  eligibilityChecks: EligibilityCheck[];
  districtCode?: string;
  streetCode?: string;
  communityCode?: string;
}

export const organizationsCollection = (db: Db) => db.collection<OrganizationRow>('organizations');
const PREFIX = 'organization-';

/** The derived part of a row: the rating as it stands and the catalogue place it gives (see assess). */
export async function derivedOf(deps: AssessmentDeps, s: OrganizationState, now: Date) {
  const a = await assess(deps, s, now);
  return {
    rating: a.assessment?.rating ?? null,
    eligible: a.eligibility.eligible,
    eligibilityChecks: a.eligibility.checks,
  };
}

export async function rowOf(
  deps: AssessmentDeps,
  s: OrganizationState,
  now: Date,
): Promise<Omit<OrganizationRow, '_id'>> {
  const standing = creditStanding(s.credit, now);
  return {
    name: s.name ?? '',
    ...(s.field ? { field: s.field } : {}),
    ...(s.category ? { category: s.category } : {}),
    ...(s.kind ? { kind: s.kind } : {}),
    hub: s.hub,
    registration: s.registration,
    activity: s.activity,
    creditStanding: standing,
    seriousViolation: standing === 'serious',
    ...(await derivedOf(deps, s, now)),
    ...(s.place ?? {}),
  };
}

/**
 * Projects each organization stream into its row. The row is recomputed from the stream up to the event,
 * so any input of the catalogue rules that changes (registration, credit, reports, evaluation, activity)
 * recomputes the organization's place in it; the scheduler refreshes what time alone changes, and
 * `refreshDerived` what residents' ratings and the district's rules change.
 */
export function organizationsProjection(deps: AssessmentDeps) {
  const { db, store } = deps;
  return async (event: EventEnvelope): Promise<void> => {
    if (!event.streamId.startsWith(PREFIX)) return;
    const history = await store.readStream<OrganizationEvent>(event.streamId);
    const state = history
      .filter((e) => e.streamVersion <= event.streamVersion)
      .reduce(evolve, initialState());
    await applyOnce(organizationsCollection(db), event.streamId.slice(PREFIX.length), event.streamVersion, {
      $set: await rowOf(deps, state, new Date()),
    });
  };
}

/** Recomputes the rating and catalogue place of existing rows (a new rating, new district rules). */
export async function refreshDerived(deps: AssessmentDeps, organizationIds: readonly string[], now: Date) {
  for (const id of organizationIds) {
    const history = await deps.store.readStream<OrganizationEvent>(`${PREFIX}${id}`);
    if (history.length === 0) continue;
    const state = history.reduce(evolve, initialState());
    await organizationsCollection(deps.db).updateOne(
      { _id: id },
      { $set: await derivedOf(deps, state, now) },
    );
  }
}
