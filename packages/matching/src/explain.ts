import { organizationRuleFailures, prepareItem, volunteerRuleFailures, workerRuleFailures } from './rules.ts';
import type { HardRule } from './rules.ts';
import type { MatchOptions } from './match.ts';
import {
  combine,
  organizationBreakdown,
  resolveWeights,
  volunteerBreakdown,
  workerBreakdown,
} from './score.ts';
import type { ScoreBreakdown } from './score.ts';
import type { OrganizationCandidate, PlanItem, VolunteerCandidate, WorkerCandidate } from './types.ts';

/** "Why (not) this candidate": the failed hard rules (empty = admissible) and the score it would have. */
export interface Explanation {
  readonly id: string;
  readonly excludedBy: readonly HardRule[];
  readonly score: number;
  readonly breakdown: ScoreBreakdown;
}

export function explainVolunteer(item: PlanItem, c: VolunteerCandidate, o: MatchOptions = {}): Explanation {
  const p = prepareItem(item);
  const breakdown = volunteerBreakdown(p, c);
  return {
    id: c.id,
    excludedBy: volunteerRuleFailures(p, c, o),
    score: combine(breakdown, resolveWeights(o.weights)),
    breakdown,
  };
}

export function explainOrganization(
  item: PlanItem,
  c: OrganizationCandidate,
  o: MatchOptions = {},
): Explanation {
  const p = prepareItem(item);
  const breakdown = organizationBreakdown(p, c, o.organizationRadiusKm ?? 5);
  const score = combine(breakdown, resolveWeights(o.weights));
  return { id: c.id, excludedBy: organizationRuleFailures(p, c, o), score, breakdown };
}

export function explainWorker(item: PlanItem, c: WorkerCandidate, o: MatchOptions = {}): Explanation {
  const p = prepareItem(item);
  const breakdown = workerBreakdown(p, c);
  return {
    id: c.id,
    excludedBy: workerRuleFailures(p, c),
    score: combine(breakdown, resolveWeights(o.weights)),
    breakdown,
  };
}
