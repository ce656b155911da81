import { buildCandidateIndex, tiersFor } from './candidateIndex.ts';
import type { CandidateIndex } from './candidateIndex.ts';
import { organizationRuleFailures, prepareItem, volunteerPasses, workerRuleFailures } from './rules.ts';
import type { PreparedItem, RuleOptions } from './rules.ts';
import {
  combine,
  DEFAULT_WEIGHTS,
  organizationBreakdown,
  organizationStatic,
  resolveWeights,
  volunteerBreakdown,
  volunteerLoad,
  workerBreakdown,
} from './score.ts';
import type { ScoreBreakdown, Scored, ScoreWeights } from './score.ts';
import { markSlotHours, WEEK_MASK_WORDS, windowHours } from './time.ts';
import { TopK } from './topk.ts';
import type { OrganizationCandidate, PlanItem, VolunteerCandidate, WorkerCandidate } from './types.ts';

export interface MatchOptions extends RuleOptions {
  readonly weights?: Partial<ScoreWeights>;
  /** Distance at which an organization's distance factor reaches 0 (default 5 km). */
  readonly organizationRadiusKm?: number;
}

/** How one candidate kind is judged: its hard rules, its breakdown, and the index keys it is found by. */
interface Judge<C> {
  /** No hard rule fails (the `*RuleFailures` functions name them for "why not"). */
  passes(p: PreparedItem, c: C): boolean;
  breakdown(p: PreparedItem, c: C): ScoreBreakdown;
  idOf(c: C): string;
  /** The breakdown this candidate cannot exceed when its nearness is at most `nearness` (fit taken as 1). */
  bound(c: C, nearness: number): ScoreBreakdown;
  /** A cheap necessary test on index data: false means the candidate at this position fails a hard rule. */
  mayPass?(index: RankedIndex<C>, p: PreparedItem): ((i: number) => boolean) | undefined;
  /** Keys (any of which) a candidate must hold to pass the rules; empty when the rules do not filter by key. */
  queryKeys(item: PlanItem): readonly string[];
}

function volunteerJudge(o: MatchOptions): Judge<VolunteerCandidate> {
  return {
    passes: (p, c) => volunteerPasses(p, c, o),
    breakdown: volunteerBreakdown,
    idOf: (c) => c.id,
    bound: (c, nearness) => ({ fit: 1, nearness, load: volunteerLoad(c) }),
    queryKeys: (item) => item.requiredSkills,
    mayPass: (index, p) => {
      const slots = (index as Partial<VolunteerIndex>).slotHours;
      if (!p.window || !slots) return undefined;
      const need = windowHours(p.window, o.tzOffsetMinutes ?? 480);
      return (i) => {
        for (let w = 0, at = i * WEEK_MASK_WORDS; w < WEEK_MASK_WORDS; w++) {
          if (((need[w] as number) & ~(slots[at + w] as number)) !== 0) return false;
        }
        return true;
      };
    },
  };
}

function organizationJudge(o: MatchOptions): Judge<OrganizationCandidate> {
  const radius = o.organizationRadiusKm ?? 5;
  return {
    passes: (p, c) => organizationRuleFailures(p, c, o).length === 0,
    breakdown: (p, c) => organizationBreakdown(p, c, radius),
    idOf: (c) => c.id,
    bound: (c, nearness) => ({ ...organizationStatic(c), fit: 1, nearness }),
    queryKeys: (item) => (item.field === undefined ? [] : [item.field]),
  };
}

/** Scores first (cheap) and checks the hard rules (dearer) only for a candidate that could enter the top k. */
function consider<C>(j: Judge<C>, p: PreparedItem, c: C, w: ScoreWeights, top: TopK): void {
  const breakdown = j.breakdown(p, c);
  const score = combine(breakdown, w);
  if (!top.admits(score) || !j.passes(p, c)) return;
  top.offer({ id: j.idOf(c), score, breakdown });
}

function scan<C>(
  j: Judge<C>,
  item: PlanItem,
  candidates: readonly C[],
  k: number,
  o: MatchOptions,
): Scored[] {
  const p = prepareItem(item);
  const w = resolveWeights(o.weights);
  const top = new TopK(k);
  for (const c of candidates) consider(j, p, c, w, top);
  return top.items;
}

/**
 * The same top k as `scan`, visiting only the posting lists of the item's keys, tier by tier (community →
 * street → district → elsewhere). A tier is skipped when even a perfect candidate there scores strictly below
 * the k-th best so far; inside a list (sorted by the candidate-only part of the score) the walk stops at the
 * first candidate whose bound is below it, when the list's order holds for the query's weights.
 */
function indexed<C>(
  j: Judge<C>,
  item: PlanItem,
  index: RankedIndex<C>,
  k: number,
  o: MatchOptions,
): Scored[] {
  const p = prepareItem(item);
  const w = resolveWeights(o.weights);
  const top = new TopK(k);
  if (k <= 0) return [];
  const ordered = index.rankedFor === 'any' || sameWeights(index.rankedFor, w);
  const mayPass = j.mayPass?.(index, p);
  const stamp = ++index.query;
  for (const tier of tiersFor(index, item.place, j.queryKeys(item))) {
    const perfect = { fit: 1, nearness: tier.nearnessBound, load: 1, rating: 1, credit: 1 };
    if (top.full && top.floor > combine(perfect, w)) break;
    for (const list of tier.lists) {
      for (const i of list) {
        if (index.seen[i] === stamp) continue;
        if (mayPass && !mayPass(i)) {
          index.seen[i] = stamp;
          continue;
        }
        const c = index.candidates[i] as C;
        const bound = top.full ? combine(j.bound(c, tier.nearnessBound), w) : Number.POSITIVE_INFINITY;
        if (top.floor > bound) {
          // the list's rank orders the bounds up to rounding: stop only with a margin above it
          if (ordered && top.floor > bound + ORDER_MARGIN) break;
          continue;
        }
        index.seen[i] = stamp;
        consider(j, p, c, w, top);
      }
    }
  }
  return top.items;
}

const ORDER_MARGIN = 1e-9;

const sameWeights = (a: ScoreWeights, b: ScoreWeights): boolean =>
  a.fit === b.fit &&
  a.nearness === b.nearness &&
  a.load === b.load &&
  a.rating === b.rating &&
  a.credit === b.credit;

/** An index whose lists are ranked for given weights, or for any weights (volunteers: only load is static). */
export interface RankedIndex<C> extends CandidateIndex<C> {
  readonly rankedFor: ScoreWeights | 'any';
}

export interface VolunteerIndex extends RankedIndex<VolunteerCandidate> {
  /** Per candidate, the hours of the week its availability slots touch (WEEK_MASK_WORDS words each). */
  readonly slotHours: Uint32Array;
}
export type OrganizationIndex = RankedIndex<OrganizationCandidate>;

export function buildVolunteerIndex(candidates: readonly VolunteerCandidate[]): VolunteerIndex {
  const slotHours = new Uint32Array(candidates.length * WEEK_MASK_WORDS);
  candidates.forEach((c, i) => markSlotHours(slotHours, i * WEEK_MASK_WORDS, c.availability));
  const index = buildCandidateIndex(
    candidates,
    (c) => c.place,
    (c) => c.skills,
    volunteerLoad,
  );
  return { ...index, rankedFor: 'any', slotHours };
}

/**
 * The organization lists are ranked by load, rating and credit under `weights` (the defaults unless given);
 * queries with other weights get the same answers, only with less pruning.
 */
export function buildOrganizationIndex(
  candidates: readonly OrganizationCandidate[],
  weights: Partial<ScoreWeights> = DEFAULT_WEIGHTS,
): OrganizationIndex {
  const w = resolveWeights(weights);
  const rank = (c: OrganizationCandidate): number =>
    combine({ ...organizationStatic(c), fit: 0, nearness: 0 }, w);
  return {
    ...buildCandidateIndex(
      candidates,
      (c) => c.place,
      (c) => c.fields,
      rank,
    ),
    rankedFor: w,
  };
}

export function topKVolunteers(
  item: PlanItem,
  index: VolunteerIndex,
  k: number,
  o: MatchOptions = {},
): Scored[] {
  return indexed(volunteerJudge(o), item, index, k, o);
}

export function topKOrganizations(item: PlanItem, index: OrganizationIndex, k: number, o: MatchOptions = {}) {
  return indexed(organizationJudge(o), item, index, k, o);
}

/** Baseline: rules and score for every volunteer. */
export function scanVolunteers(
  item: PlanItem,
  all: readonly VolunteerCandidate[],
  k: number,
  o: MatchOptions = {},
) {
  return scan(volunteerJudge(o), item, all, k, o);
}

export function scanOrganizations(
  item: PlanItem,
  all: readonly OrganizationCandidate[],
  k: number,
  o: MatchOptions = {},
): Scored[] {
  return scan(organizationJudge(o), item, all, k, o);
}

/** Workers number in the hundreds per district: a full scan is the index. */
export function topKWorkers(
  item: PlanItem,
  all: readonly WorkerCandidate[],
  k: number,
  o: MatchOptions = {},
) {
  const judge: Judge<WorkerCandidate> = {
    passes: (p, c) => workerRuleFailures(p, c).length === 0,
    breakdown: workerBreakdown,
    idOf: (c) => c.id,
    bound: () => ({ fit: 1, nearness: 1, load: 1 }),
    queryKeys: () => [],
  };
  return scan(judge, item, all, k, o);
}
