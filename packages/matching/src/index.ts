// The matching engine's public surface. Pure: no I/O, no clock; the callers hand in plain read-model data.
export type * from './types.ts';
export { treeLevel, haversineKm, distanceKm, nearness, TREE_LEVEL_SCORE } from './place.ts';
export type { TreeLevel } from './place.ts';
export { prepareItem, volunteerRuleFailures, organizationRuleFailures, workerRuleFailures } from './rules.ts';
export type { HardRule, RuleOptions, PreparedItem } from './rules.ts';
export { DEFAULT_WEIGHTS, CREDIT_SCORE, combine, resolveWeights } from './score.ts';
export type { ScoreWeights, ScoreBreakdown, Scored } from './score.ts';
export { compareScored } from './topk.ts';
export {
  buildVolunteerIndex,
  buildOrganizationIndex,
  topKVolunteers,
  topKOrganizations,
  topKWorkers,
  scanVolunteers,
  scanOrganizations,
} from './match.ts';
export type { MatchOptions, VolunteerIndex, OrganizationIndex } from './match.ts';
export { explainVolunteer, explainOrganization, explainWorker } from './explain.ts';
export type { Explanation } from './explain.ts';
export { pairRuleFailures, pairBreakdown, pairScore, DEFAULT_ROUTE_WEIGHTS } from './routing/pairs.ts';
export type { RouteRule, RouteWeights, PairBreakdown } from './routing/pairs.ts';
export { routeDonations, SCORE_SCALE } from './routing/route.ts';
export type { Allocation, RoutingResult, RouteOptions } from './routing/route.ts';
export { greedyRoute } from './routing/greedy.ts';
