import type { Evaluation } from './events.ts';
import type { IndicatorScores, Rating } from './values.ts';

/** Lowest mean indicator score (0-100) for each rating, best first; below 50 there is no rating. */
const THRESHOLDS: [number, Rating][] = [
  [90, '5A'],
  [80, '4A'],
  [70, '3A'],
  [60, '2A'],
  [50, '1A'],
];

/** The rating (1A–5A) from the four indicators, equally weighted; null below the lowest band. */
export function ratingOf(scores: IndicatorScores): Rating | null {
  const mean = (scores.serviceCapacity + scores.efficiency + scores.compliance + scores.benefit) / 4;
  return THRESHOLDS.find(([min]) => mean >= min)?.[1] ?? null;
}

/** The latest evaluation still valid at `now`, if any. */
export function currentEvaluation(evaluations: readonly Evaluation[], now: Date): Evaluation | undefined {
  const t = now.getTime();
  return evaluations
    .filter((e) => Date.parse(e.validFrom) <= t && t < Date.parse(e.validUntil))
    .sort((a, b) => Date.parse(b.validFrom) - Date.parse(a.validFrom))[0];
}
