import type { Db } from 'mongodb';
import { applyOnce, type EventEnvelope, type EventStore } from '@fivesoc/eventing';
import { creditStanding } from '../domain/organization/credit.ts';
import {
  eligibility,
  type EligibilityCheck,
  type EligibilityRules,
} from '../domain/organization/eligibility.ts';
import { currentEvaluation } from '../domain/organization/evaluation.ts';
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

export const eligibilityOf = (s: OrganizationState, now: Date, rules: EligibilityRules) => {
  const e = eligibility(s, now, rules);
  return { eligible: e.eligible, eligibilityChecks: e.checks };
};

export function rowOf(
  s: OrganizationState,
  now: Date,
  rules: EligibilityRules,
): Omit<OrganizationRow, '_id'> {
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
    rating: currentEvaluation(s.evaluations, now)?.rating ?? null,
    ...eligibilityOf(s, now, rules),
    ...(s.place ?? {}),
  };
}

/**
 * Projects each organization stream into its row. The row is recomputed from the stream up to the event,
 * so any input of the catalogue rules that changes (registration, credit, reports, evaluation, activity)
 * recomputes the organization's place in it; the scheduler refreshes what time alone changes.
 */
export function organizationsProjection(db: Db, store: EventStore, rules: EligibilityRules) {
  return async (event: EventEnvelope): Promise<void> => {
    if (!event.streamId.startsWith(PREFIX)) return;
    const history = await store.readStream(event.streamId);
    const state = history
      .filter((e) => e.streamVersion <= event.streamVersion)
      .reduce((s, e) => evolve(s, e as unknown as OrganizationEvent), initialState());
    await applyOnce(organizationsCollection(db), event.streamId.slice(PREFIX.length), event.streamVersion, {
      $set: rowOf(state, new Date(), rules),
    });
  };
}
