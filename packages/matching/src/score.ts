import { nearness, TREE_LEVEL_SCORE } from './place.ts';
import type { PreparedItem } from './rules.ts';
import type { OrganizationCandidate, VolunteerCandidate, WorkerCandidate } from './types.ts';

/** Weights of the score's parts. Only the parts that apply to a candidate kind count, renormalized to sum 1. */
export interface ScoreWeights {
  readonly fit: number;
  readonly nearness: number;
  readonly load: number;
  readonly rating: number;
  readonly credit: number;
}

export const DEFAULT_WEIGHTS: ScoreWeights = {
  fit: 0.35,
  nearness: 0.25,
  load: 0.15,
  rating: 0.15,
  credit: 0.1,
};

/** Each part in [0,1]; absent parts do not apply to the candidate kind. */
export interface ScoreBreakdown {
  readonly fit: number;
  readonly nearness: number;
  readonly load: number;
  readonly rating?: number;
  readonly credit?: number;
}

export interface Scored {
  readonly id: string;
  /** Weighted sum in [0,1]. */
  readonly score: number;
  readonly breakdown: ScoreBreakdown;
}

export function resolveWeights(w: Partial<ScoreWeights> = {}): ScoreWeights {
  const all = { ...DEFAULT_WEIGHTS, ...w };
  for (const [k, v] of Object.entries(all)) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`weight ${k} must be a finite number ≥ 0`);
  }
  return all;
}

export function combine(b: ScoreBreakdown, w: ScoreWeights): number {
  let sum = w.fit * b.fit + w.nearness * b.nearness + w.load * b.load;
  let total = w.fit + w.nearness + w.load;
  if (b.rating !== undefined) {
    sum += w.rating * b.rating;
    total += w.rating;
  }
  if (b.credit !== undefined) {
    sum += w.credit * b.credit;
    total += w.credit;
  }
  return total > 0 ? sum / total : 0;
}

const clamp01 = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x);

/** Share of the required skills held (1 when none are required). */
export function skillFit(required: readonly string[], held: readonly string[]): number {
  if (required.length === 0) return 1;
  let n = 0;
  for (const s of required) if (held.includes(s)) n++;
  return n / required.length;
}

/** The volunteer's load part: weekly hours left and tasks held, each half. */
export function volunteerLoad(v: VolunteerCandidate): number {
  const hoursLeft = v.maxHoursPerWeek > 0 ? 1 - v.hoursThisWeek / v.maxHoursPerWeek : 0;
  return clamp01(0.5 * hoursLeft + 0.5 / (1 + Math.max(0, v.load)));
}

export function volunteerBreakdown(p: PreparedItem, v: VolunteerCandidate): ScoreBreakdown {
  return {
    fit: skillFit(p.item.requiredSkills, v.skills),
    nearness: nearness(p.item.place, v.place, v.radiusKm),
    load: volunteerLoad(v),
  };
}

export const CREDIT_SCORE = { good: 1, warning: 0.5, serious: 0 } as const;

/** The parts of an organization's score that do not depend on the item. */
export function organizationStatic(c: OrganizationCandidate): {
  load: number;
  rating: number;
  credit: number;
} {
  return {
    load: c.capacity > 0 ? clamp01(1 - c.activeProjects / c.capacity) : 0,
    rating: clamp01(c.rating / 5),
    credit: CREDIT_SCORE[c.creditStanding],
  };
}

export function organizationBreakdown(
  p: PreparedItem,
  c: OrganizationCandidate,
  radiusKm: number,
): ScoreBreakdown {
  const { field } = p.item;
  return {
    fit: field === undefined || c.fields.includes(field) ? 1 : 0,
    nearness: nearness(p.item.place, c.place, radiusKm),
    ...organizationStatic(c),
  };
}

export function workerBreakdown(p: PreparedItem, w: WorkerCandidate): ScoreBreakdown {
  const { place, requiredSkills } = p.item;
  const covers = w.coveredCommunities.includes(place.communityCode);
  return {
    fit: skillFit(requiredSkills, w.specialties),
    nearness: covers
      ? TREE_LEVEL_SCORE.community
      : w.streetCode === place.streetCode
        ? TREE_LEVEL_SCORE.street
        : 0,
    load: w.maxCaseload > 0 ? clamp01(1 - w.activeCases / w.maxCaseload) : 0,
  };
}
