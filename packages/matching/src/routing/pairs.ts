import { TREE_LEVEL_SCORE, treeLevel } from '../place.ts';
import type { Donation, Need } from '../types.ts';

/** Hard rules of a donation → need pair. */
export type RouteRule = 'measure_mismatch' | 'restricted_community' | 'restricted_category';

export function pairRuleFailures(d: Donation, n: Need): RouteRule[] {
  const failed: RouteRule[] = [];
  if (d.measure !== n.measure) failed.push('measure_mismatch');
  const r = d.restriction;
  if (r?.communityCode !== undefined && r.communityCode !== n.place.communityCode)
    failed.push('restricted_community');
  if (r?.category !== undefined && r.category !== n.category) failed.push('restricted_category');
  return failed;
}

/** Per-unit weights of a pair's score (defaults: urgency 0.5, nearness 0.3, purpose 0.2). */
export interface RouteWeights {
  readonly urgency: number;
  readonly nearness: number;
  readonly purpose: number;
}

export const DEFAULT_ROUTE_WEIGHTS: RouteWeights = { urgency: 0.5, nearness: 0.3, purpose: 0.2 };

export interface PairBreakdown {
  /** The need's urgency / 5. */
  readonly urgency: number;
  /** Tree level between where the resource sits and the need; 0.5 when the resource has no place. */
  readonly nearness: number;
  /** 1 when a restricted donation serves its purpose, 0.5 for an unrestricted one (keeps it for the rest). */
  readonly purpose: number;
}

export function pairBreakdown(d: Donation, n: Need): PairBreakdown {
  const r = d.restriction;
  return {
    urgency: Math.min(1, Math.max(0, n.urgency / 5)),
    nearness: d.place ? TREE_LEVEL_SCORE[treeLevel(d.place, n.place)] : 0.5,
    purpose: r?.communityCode !== undefined || r?.category !== undefined ? 1 : 0.5,
  };
}

/** Per-unit score in [0,1]. Depends only on the pair's class keys below, which the router relies on. */
export function pairScore(b: PairBreakdown, w: RouteWeights): number {
  const total = w.urgency + w.nearness + w.purpose;
  return total > 0 ? (w.urgency * b.urgency + w.nearness * b.nearness + w.purpose * b.purpose) / total : 0;
}

const placeKey = (
  p: { districtCode: string; streetCode: string; communityCode: string } | undefined,
): string => (p ? `${p.districtCode}/${p.streetCode}/${p.communityCode}` : '-');

/** Donations with equal keys are interchangeable: same rules and same score against every need. */
export function donationClassKey(d: Donation): string {
  const r = d.restriction;
  return JSON.stringify([d.measure, r?.communityCode ?? null, r?.category ?? null, placeKey(d.place)]);
}

/** Needs with equal keys are interchangeable: same rules and same score against every donation. */
export function needCellKey(n: Need): string {
  return JSON.stringify([n.measure, placeKey(n.place), n.category, n.urgency]);
}
