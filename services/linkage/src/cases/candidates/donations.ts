import {
  DEFAULT_ROUTE_WEIGHTS,
  SCORE_SCALE,
  pairBreakdown,
  pairRuleFailures,
  pairScore,
  routeDonations,
  type Allocation,
  type Donation,
  type Need,
} from '@fivesoc/matching';
import type { DonationDoc } from '../../readModels/collections.ts';
import type { CaseState } from '../domain/state.ts';
import { activeQuantity } from '../domain/state.ts';
import type { PlanItem, Score } from '../domain/values.ts';
import { placeOf } from './mapping.ts';

/** A charity donation as the router sees it: what is left, its measure, the donor's restriction, its place. */
export function donationOf(d: DonationDoc): Donation {
  const r = d.restriction;
  const restriction = {
    ...(r?.communityCode ? { communityCode: r.communityCode } : {}),
    ...(r?.category ? { category: r.category } : {}),
  };
  return {
    id: d.donationId,
    available: Math.max(0, Math.floor(d.available)),
    measure: d.measure,
    ...(Object.keys(restriction).length > 0 ? { restriction } : {}),
    place: placeOf(d),
  };
}

/** The router's urgency scale is 1 (low) … 5 (emergency); a case's urgency has four levels. */
const URGENCY_LEVEL: Record<string, number> = { low: 2, normal: 3, high: 4, critical: 5 };
export const urgencyLevelOf = (urgency: string): number => URGENCY_LEVEL[urgency] ?? 3;

/** A need id the router can sort and that names the case and its item (ids never hold `/`). */
export const needIdOf = (caseId: string, itemId: string): string => `${caseId}/${itemId}`;
export function caseItemOf(needId: string): { caseId: string; itemId: string } {
  const at = needId.lastIndexOf('/');
  return { caseId: needId.slice(0, at), itemId: needId.slice(at + 1) };
}

/**
 * The open donation items of a case as needs: what no active request covers yet, in the item's measure, at
 * the case's place, with its category and urgency. A closed case has none.
 */
export function needsOf(s: CaseState): Need[] {
  if (s.closed) return [];
  return s.plan
    .filter((i) => i.kind === 'donation')
    .map((i) => ({ item: i, open: i.quantity - activeQuantity(s, i.itemId) }))
    .filter(({ open }) => open > 0)
    .map(({ item, open }) => ({
      id: needIdOf(s.caseId, item.itemId),
      place: placeOf(s.place),
      category: s.category,
      requested: open,
      measure: item.requirement,
      urgency: urgencyLevelOf(s.urgency),
    }));
}

/** The min-cost flow's own cost of an assignment: −Σ quantity × round(score × 10⁶) (lower is better). */
export const totalCostOf = (allocations: readonly Allocation[]): number =>
  -allocations.reduce((sum, a) => sum + a.quantity * Math.round(a.score * SCORE_SCALE), 0);

/**
 * Donation candidates for one item, best first: the donations the router itself would admit for the item
 * (same measure, something available, the donor's community and category restriction respected), ranked
 * by the router's per-unit pair score (urgency, nearness, purpose) times the share of the item's open
 * amount the donation can cover alone, so a donation that covers the item beats one that covers a tenth
 * of it; ties by id. `skillFit` carries that share, `nearness` the tree nearness.
 */
export function rankDonations(
  s: CaseState,
  item: PlanItem,
  donations: readonly Donation[],
  k: number,
): { resourceId: string; score: Score }[] {
  const open = Math.max(1, item.quantity - activeQuantity(s, item.itemId));
  const need: Need = {
    id: needIdOf(s.caseId, item.itemId),
    place: placeOf(s.place),
    category: s.category,
    requested: open,
    measure: item.requirement,
    urgency: urgencyLevelOf(s.urgency),
  };
  return donations
    .filter((d) => d.available >= 1 && pairRuleFailures(d, need).length === 0)
    .map((d) => {
      const b = pairBreakdown(d, need);
      const coverage = Math.min(1, d.available / open);
      const total = pairScore(b, DEFAULT_ROUTE_WEIGHTS) * coverage;
      const score: Score = {
        total,
        skillFit: coverage,
        nearness: b.nearness,
        loadBalance: 0,
        rating: 0,
        credit: 0,
      };
      return { resourceId: d.id, score };
    })
    .sort(
      (a, b) =>
        b.score.total - a.score.total ||
        (a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0),
    )
    .slice(0, k);
}

export interface CaseAllocation {
  donationId: string;
  caseId: string;
  itemId: string;
  quantity: number;
  measure: string;
  /** Per-unit pair score in [0,1]. */
  score: number;
}

/**
 * The optimal assignment (min-cost flow of the matching package, deterministic) of the donations to the open
 * donation items of the cases, sorted by donation, then case and item.
 */
export function routeToCases(states: readonly CaseState[], donations: readonly Donation[]) {
  const needs = states.flatMap(needsOf);
  const measures = new Map(needs.map((n) => [n.id, n.measure]));
  const r = routeDonations(donations, needs);
  const allocations: CaseAllocation[] = r.allocations.map((a) => ({
    donationId: a.donationId,
    ...caseItemOf(a.needId),
    quantity: a.quantity,
    measure: measures.get(a.needId) ?? '',
    score: a.score,
  }));
  return {
    allocations,
    totalCost: totalCostOf(r.allocations),
    totalScore: r.totalScore,
    totalQuantity: r.totalQuantity,
  };
}
