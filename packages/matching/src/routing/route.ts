import type { Donation, Need } from '../types.ts';
import { MinCostFlow } from './minCostFlow.ts';
import {
  DEFAULT_ROUTE_WEIGHTS,
  donationClassKey,
  needCellKey,
  pairBreakdown,
  pairRuleFailures,
  pairScore,
} from './pairs.ts';
import type { RouteWeights } from './pairs.ts';

export interface RouteOptions {
  readonly weights?: Partial<RouteWeights>;
}

export interface Allocation {
  readonly donationId: string;
  readonly needId: string;
  readonly quantity: number;
  /** Per-unit score of the pair in [0,1]; the allocation contributes quantity × score. */
  readonly score: number;
}

export interface RoutingResult {
  /** Sorted by donationId, then needId. */
  readonly allocations: Allocation[];
  readonly totalQuantity: number;
  /** Σ quantity × score. */
  readonly totalScore: number;
  /** Size of the flow network (min-cost flow only): merged donation classes, need cells, pair edges, paths. */
  readonly network?: { classes: number; cells: number; edges: number; augmentations: number };
}

/** Integer cost per unit: scores are scaled so the flow's arithmetic stays exact. */
export const SCORE_SCALE = 1_000_000;

export function validateRouting(donations: readonly Donation[], needs: readonly Need[]): void {
  const ids = (xs: readonly { id: string }[], what: string): void => {
    const seen = new Set<string>();
    for (const x of xs) {
      if (seen.has(x.id)) throw new RangeError(`duplicate ${what} id ${x.id}`);
      seen.add(x.id);
    }
  };
  ids(donations, 'donation');
  ids(needs, 'need');
  for (const d of donations)
    if (!Number.isSafeInteger(d.available) || d.available < 0)
      throw new RangeError(`donation ${d.id}: available must be an integer ≥ 0`);
  for (const n of needs)
    if (!Number.isSafeInteger(n.requested) || n.requested < 0)
      throw new RangeError(`need ${n.id}: requested must be an integer ≥ 0`);
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function groupBy<T extends { id: string }>(xs: readonly T[], key: (x: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const x of [...xs].sort(byId)) {
    const k = key(x);
    const g = groups.get(k);
    if (g) g.push(x);
    else groups.set(k, [x]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

export function finish(allocations: Allocation[]): RoutingResult {
  allocations.sort(
    (a, b) => byId({ id: a.donationId }, { id: b.donationId }) || byId({ id: a.needId }, { id: b.needId }),
  );
  let totalQuantity = 0;
  let totalScore = 0;
  for (const a of allocations) {
    totalQuantity += a.quantity;
    totalScore += a.quantity * a.score;
  }
  return { allocations, totalQuantity, totalScore };
}

/**
 * The maximum-score assignment of donation quantities to needs: min-cost flow with cost −score per unit on
 * source → donation class → need cell → sink. Interchangeable donations (same measure, restriction, place) and
 * needs (same measure, place, category, urgency) are merged first, which changes neither the rules nor the
 * optimum, then each class → cell flow is split over its members in id order.
 */
export function routeDonations(
  donations: readonly Donation[],
  needs: readonly Need[],
  o: RouteOptions = {},
): RoutingResult {
  validateRouting(donations, needs);
  const w = { ...DEFAULT_ROUTE_WEIGHTS, ...o.weights };
  const classes = groupBy(donations, donationClassKey);
  const cells = groupBy(needs, needCellKey);
  const S = 0;
  const T = 1;
  const classNode = (i: number): number => 2 + i;
  const cellNode = (j: number): number => 2 + classes.length + j;
  const g = new MinCostFlow(2 + classes.length + cells.length);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  classes.forEach((c, i) => g.addEdge(S, classNode(i), sum(c.map((d) => d.available)), 0));
  const pi = new Array<number>(g.nodes).fill(0);
  const edges: { i: number; j: number; edge: number; score: number }[] = [];
  classes.forEach((c, i) => {
    const d = c[0] as Donation;
    cells.forEach((cell, j) => {
      const n = cell[0] as Need;
      if (pairRuleFailures(d, n).length > 0) return;
      const score = pairScore(pairBreakdown(d, n), w);
      const cost = -Math.round(score * SCORE_SCALE);
      if (cost >= 0) return; // a zero-score pair never raises the total
      edges.push({ i, j, edge: g.addEdge(classNode(i), cellNode(j), Number.MAX_SAFE_INTEGER, cost), score });
      pi[cellNode(j)] = Math.min(pi[cellNode(j)] as number, cost);
    });
  });
  cells.forEach((cell, j) => g.addEdge(cellNode(j), T, sum(cell.map((n) => n.requested)), 0));
  pi[T] = cells.reduce((m, _, j) => Math.min(m, pi[cellNode(j)] as number), 0);
  const { augmentations } = g.run(S, T, pi);
  const flows = edges.map((e) => ({ ...e, flow: g.flowOn(e.edge) }));
  const network = { classes: classes.length, cells: cells.length, edges: edges.length, augmentations };
  return { ...finish(splitFlows(classes, cells, flows)), network };
}

/** Splits each class → cell flow over the members with two cursors (donations per class, needs per cell). */
function splitFlows(
  classes: Donation[][],
  cells: Need[][],
  flows: { i: number; j: number; flow: number; score: number }[],
): Allocation[] {
  const donLeft = classes.map((c) => c.map((d) => d.available));
  const needLeft = cells.map((c) => c.map((n) => n.requested));
  const donAt = classes.map(() => 0);
  const needAt = cells.map(() => 0);
  const out: Allocation[] = [];
  for (const { i, j, flow, score } of flows) {
    let left = flow;
    while (left > 0) {
      const di = donAt[i] as number;
      const nj = needAt[j] as number;
      const dl = donLeft[i] as number[];
      const nl = needLeft[j] as number[];
      const q = Math.min(left, dl[di] as number, nl[nj] as number);
      if (q > 0)
        out.push({
          donationId: (classes[i] as Donation[])[di]?.id ?? '',
          needId: (cells[j] as Need[])[nj]?.id ?? '',
          quantity: q,
          score,
        });
      left -= q;
      dl[di] = (dl[di] as number) - q;
      nl[nj] = (nl[nj] as number) - q;
      if (dl[di] === 0) donAt[i] = di + 1;
      if (nl[nj] === 0) needAt[j] = nj + 1;
    }
  }
  return out;
}
