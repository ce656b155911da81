import { NotFoundError } from '@fivesoc/service-kit';
import {
  explainOrganization,
  explainVolunteer,
  pairRuleFailures,
  scanOrganizations,
  scanVolunteers,
} from '@fivesoc/matching';
import type { ReadModelCollections } from '../../readModels/collections.ts';
import { activeQuantity, confirmedQuantity, itemCovered, type CaseState } from '../domain/state.ts';
import type { Candidate, PlanItem } from '../domain/values.ts';
import { donationOf, needIdOf, needsOf, rankDonations } from './donations.ts';
import {
  TZ_OFFSET_MINUTES,
  matchingItemOf,
  organizationCandidateOf,
  scoreOf,
  volunteerCandidateOf,
} from './mapping.ts';

/** More candidates than this for one requirement in one district are not read (a safety bound, not a rule). */
const READ_LIMIT = 20_000;

/** The plan items a proposal is for: every item whose confirmed requests do not cover it yet. */
export const openItemsOf = (s: CaseState): PlanItem[] => s.plan.filter((i) => !itemCovered(s, i));

/**
 * The top `k` candidates for one plan item from the read models of the case's district, scored by the
 * matching engine; resources already asked for this item are left out (the saga would skip them anyway).
 * The engine's full scan is used: the read models are queried per item, so an index would be built for one
 * query and thrown away (it gives the same answer; see packages/matching).
 */
export async function candidatesFor(
  m: ReadModelCollections,
  s: CaseState,
  item: PlanItem,
  k: number,
  now: Date,
): Promise<Candidate[]> {
  const tried = new Set(s.matches.filter((x) => x.itemId === item.itemId).map((x) => x.resourceId));
  const district = s.place.districtCode;
  switch (item.kind) {
    case 'volunteer': {
      const docs = (
        await m.volunteers
          .find({ status: 'active', skills: item.requirement, districtCode: district })
          .limit(READ_LIMIT)
          .toArray()
      ).filter((d) => !tried.has(d.volunteerId));
      const schedules = await m.schedules
        .find({ _id: { $in: docs.map((d) => `schedule-${d.volunteerId}`) } })
        .toArray();
      const byVolunteer = new Map(schedules.map((x) => [x.volunteerId, x]));
      const at = { itemStart: Date.parse(item.startAt ?? now.toISOString()), now: now.getTime() };
      const candidates = docs.map((d) => volunteerCandidateOf(d, byVolunteer.get(d.volunteerId), at));
      const query = matchingItemOf(item, s.place, confirmedQuantity(s, item.itemId));
      return scanVolunteers(query, candidates, k, { tzOffsetMinutes: TZ_OFFSET_MINUTES }).map((x) => ({
        resourceId: x.id,
        score: scoreOf(x),
      }));
    }
    case 'organization': {
      const docs = (
        await m.organizations
          .find({ field: item.requirement, districtCode: district })
          .limit(READ_LIMIT)
          .toArray()
      ).filter((d) => !tried.has(d.organizationId));
      const query = matchingItemOf(item, s.place, confirmedQuantity(s, item.itemId));
      const candidates = docs.map((d) => organizationCandidateOf(d, now));
      return scanOrganizations(query, candidates, k).map((x) => ({ resourceId: x.id, score: scoreOf(x) }));
    }
    case 'donation': {
      const docs = (
        await m.donations
          .find({ measure: item.requirement, districtCode: district, available: { $gte: 1 } })
          .limit(READ_LIMIT)
          .toArray()
      ).filter((d) => !tried.has(d.donationId));
      return rankDonations(s, item, docs.map(donationOf), k);
    }
    default: {
      const unreachable: never = item.kind;
      return unreachable;
    }
  }
}

/**
 * Why a resource a worker picked by hand cannot serve an item: the hard rules it fails (the engine's names,
 * e.g. `booked_overlap`, `credit_blacklisted`, `restricted_community`), empty when it may. Unknown to the
 * read models: NOT_FOUND.
 */
export async function ruleFailuresFor(
  m: ReadModelCollections,
  s: CaseState,
  item: PlanItem,
  resourceId: string,
  quantity: number | undefined,
  now: Date,
): Promise<string[]> {
  switch (item.kind) {
    case 'volunteer': {
      const v = await m.volunteers.findOne({ _id: `volunteer-${resourceId}` });
      if (!v) throw new NotFoundError('volunteer', resourceId);
      if (v.status !== 'active') return ['inactive'];
      const schedule = await m.schedules.findOne({ _id: `schedule-${resourceId}` });
      const at = { itemStart: Date.parse(item.startAt ?? now.toISOString()), now: now.getTime() };
      const query = matchingItemOf(item, s.place, confirmedQuantity(s, item.itemId));
      return [
        ...explainVolunteer(query, volunteerCandidateOf(v, schedule ?? undefined, at), {
          tzOffsetMinutes: TZ_OFFSET_MINUTES,
        }).excludedBy,
      ];
    }
    case 'organization': {
      const o = await m.organizations.findOne({ _id: `organization-${resourceId}` });
      if (!o) throw new NotFoundError('organization', resourceId);
      const query = matchingItemOf(item, s.place, confirmedQuantity(s, item.itemId));
      return [...explainOrganization(query, organizationCandidateOf(o, now)).excludedBy];
    }
    case 'donation': {
      const d = await m.donations.findOne({ _id: `donation-${resourceId}` });
      if (!d) throw new NotFoundError('donation', resourceId);
      const need = needsOf(s).find((n) => n.id === needIdOf(s.caseId, item.itemId));
      const wanted = quantity ?? item.quantity - activeQuantity(s, item.itemId);
      const donation = donationOf(d);
      return [
        ...(need ? pairRuleFailures(donation, need) : []),
        ...(donation.available < wanted ? ['not_enough_available'] : []),
      ];
    }
    default: {
      const unreachable: never = item.kind;
      return unreachable;
    }
  }
}
