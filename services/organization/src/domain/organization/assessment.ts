import type { OrganizationRules } from '../rules/rules.ts';
import { currentEvaluation, ratingOf } from './evaluation.ts';
import type { OrganizationState } from './state.ts';
import type { IndicatorScores, Rating } from './values.ts';

/** One resident's rating (效果共评) of a service or case the organization delivered. */
export interface ResidentRating {
  /** The community society's feedback stream (one per resident and subject). */
  feedbackId: string;
  subjectKind: 'service' | 'case';
  subjectId: string;
  rating: number;
  at: string;
}

/** Residents' average rating 1–5 mapped onto the indicator's 0–100: 1 → 0, 3 → 50, 5 → 100. */
export const residentsScoreOf = (average: number): number => Math.round(((average - 1) / 4) * 100);

export const SOCIAL_BENEFIT_FORMULA =
  'benefit = evaluator × (100 − w)% + residents × w%, residents = (average rating − 1) / 4 × 100, ' +
  'when at least minCount ratings; otherwise the evaluator’s score alone';

/**
 * The social-benefit indicator (社会效益) of an evaluation: the evaluator's score blended with residents'
 * ratings of the organization's services, once there are enough of them. Says which ratings and why.
 */
export function socialBenefit(
  evaluatorScore: number,
  ratings: readonly ResidentRating[],
  rules: OrganizationRules['residentFeedback'],
) {
  const count = ratings.length;
  const average = count ? Math.round((ratings.reduce((s, r) => s + r.rating, 0) / count) * 100) / 100 : null;
  const residentsScore = average === null ? null : residentsScoreOf(average);
  const counted = residentsScore !== null && count >= rules.minCount;
  const w = rules.weightPercent;
  const score = counted
    ? Math.round((evaluatorScore * (100 - w) + residentsScore * w) / 100)
    : evaluatorScore;
  const reason = counted
    ? `${count} residents’ ratings, average ${average} → ${residentsScore}; ${100 - w}% evaluator ${evaluatorScore} + ${w}% residents ${residentsScore} = ${score}`
    : `${count} residents’ ratings, fewer than ${rules.minCount}: the evaluator’s ${evaluatorScore} stands`;
  return {
    score,
    evaluatorScore,
    residents: { count, average, score: residentsScore, counted, ...rules },
    formula: SOCIAL_BENEFIT_FORMULA,
    reason,
    sources: [...ratings],
  };
}

/**
 * The organization's evaluation as it stands now: the latest valid round's indicator scores, its social
 * benefit fed by residents' ratings, the mean and the rating under the district's bands. Undefined when no
 * round is valid.
 */
export function currentAssessment(
  s: OrganizationState,
  now: Date,
  rules: OrganizationRules,
  ratings: readonly ResidentRating[],
) {
  const evaluation = currentEvaluation(s.evaluations, now);
  if (!evaluation) return undefined;
  const benefit = socialBenefit(evaluation.scores.benefit, ratings, rules.residentFeedback);
  const scores: IndicatorScores = { ...evaluation.scores, benefit: benefit.score };
  const mean = (scores.serviceCapacity + scores.efficiency + scores.compliance + scores.benefit) / 4;
  const rating: Rating | null = ratingOf(scores, rules.ratingBands);
  return {
    round: evaluation.round,
    evaluator: evaluation.evaluator,
    validFrom: evaluation.validFrom,
    validUntil: evaluation.validUntil,
    /** What the evaluator recorded, before residents' ratings and the district's bands. */
    recorded: { scores: evaluation.scores, rating: evaluation.rating },
    scores,
    mean,
    rating,
    socialBenefit: benefit,
  };
}
export type Assessment = NonNullable<ReturnType<typeof currentAssessment>>;
