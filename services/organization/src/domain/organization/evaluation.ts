import { DEFAULT_RATING_BANDS } from '../rules/rules.ts';
import type { Evaluation } from './events.ts';
import { RATINGS, type IndicatorScores, type Rating } from './values.ts';

/**
 * The rating (1A–5A) from the four indicators, equally weighted, under the bands (lowest mean for each
 * rating: 50/60/70/80/90 unless the district sets its own); null below the lowest band.
 */
export function ratingOf(
  scores: IndicatorScores,
  bands: Record<Rating, number> = DEFAULT_RATING_BANDS,
): Rating | null {
  const mean = (scores.serviceCapacity + scores.efficiency + scores.compliance + scores.benefit) / 4;
  return [...RATINGS].reverse().find((r) => mean >= bands[r]) ?? null;
}

/** The latest evaluation still valid at `now`, if any. */
export function currentEvaluation(evaluations: readonly Evaluation[], now: Date): Evaluation | undefined {
  const t = now.getTime();
  return evaluations
    .filter((e) => Date.parse(e.validFrom) <= t && t < Date.parse(e.validUntil))
    .sort((a, b) => Date.parse(b.validFrom) - Date.parse(a.validFrom))[0];
}
