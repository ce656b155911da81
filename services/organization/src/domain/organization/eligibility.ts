import { creditStanding } from './credit.ts';
import { currentEvaluation } from './evaluation.ts';
import { overdueYears } from './lifecycle.ts';
import type { OrganizationState } from './state.ts';
import { ratingLevel, type Rating } from './values.ts';

export interface EligibilityRules {
  /** Lowest rating level (1 = 1A … 5 = 5A) a catalogue organization must hold. */
  minRating: number;
}

export interface EligibilityCheck {
  rule: 'registered' | 'active' | 'rating' | 'credit' | 'annual_reports';
  passed: boolean;
  reason: string;
}

/**
 * Whether an organization belongs in the catalogue of organizations eligible to undertake government
 * purchases (承接政府购买服务), with the reason for each rule, so the answer explains itself. `current`
 * is the rating as it stands (residents' ratings and the district's bands applied, see assessment.ts);
 * without it, the rating the evaluator's round recorded.
 */
export function eligibility(
  s: OrganizationState,
  now: Date,
  rules: EligibilityRules,
  current?: { rating: Rating | null },
) {
  const evaluation = current ?? currentEvaluation(s.evaluations, now);
  const level = evaluation?.rating ? ratingLevel(evaluation.rating) : 0;
  const standing = creditStanding(s.credit, now);
  const overdue = overdueYears(s, now);
  const checks: EligibilityCheck[] = [
    {
      rule: 'registered',
      passed: s.registration === 'registered',
      reason: s.registration === 'registered' ? 'registered' : `registration is ${s.registration}`,
    },
    {
      rule: 'active',
      passed: s.activity === 'normal',
      reason: s.activity === 'normal' ? 'not on the abnormal-activity list' : `activity is ${s.activity}`,
    },
    {
      rule: 'rating',
      passed: level >= rules.minRating,
      reason: evaluation
        ? `current rating ${evaluation.rating ?? 'none'}, at least ${rules.minRating}A required`
        : `no valid evaluation, at least ${rules.minRating}A required`,
    },
    {
      rule: 'credit',
      passed: standing !== 'serious',
      reason: standing === 'serious' ? 'on the serious-violation list' : `credit standing ${standing}`,
    },
    {
      rule: 'annual_reports',
      passed: overdue.length === 0,
      reason:
        overdue.length === 0 ? 'all due annual reports filed' : `reports missing for ${overdue.join(', ')}`,
    },
  ];
  return { eligible: checks.every((c) => c.passed), checks };
}
