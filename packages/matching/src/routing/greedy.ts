import type { Donation, Need } from '../types.ts';
import { DEFAULT_ROUTE_WEIGHTS, pairBreakdown, pairRuleFailures, pairScore } from './pairs.ts';
import { finish, validateRouting } from './route.ts';
import type { Allocation, RouteOptions, RoutingResult } from './route.ts';

/** Baseline: take the admissible pairs best score first (ties by ids) and give each as much as is left. */
export function greedyRoute(
  donations: readonly Donation[],
  needs: readonly Need[],
  o: RouteOptions = {},
): RoutingResult {
  validateRouting(donations, needs);
  const w = { ...DEFAULT_ROUTE_WEIGHTS, ...o.weights };
  const pairs: { d: number; n: number; score: number }[] = [];
  donations.forEach((d, di) =>
    needs.forEach((n, ni) => {
      if (pairRuleFailures(d, n).length === 0)
        pairs.push({ d: di, n: ni, score: pairScore(pairBreakdown(d, n), w) });
    }),
  );
  const id = (x: { id: string }): string => x.id;
  pairs.sort((a, b) => {
    if (a.score !== b.score) return b.score - a.score;
    const [da, db] = [id(donations[a.d] as Donation), id(donations[b.d] as Donation)];
    if (da !== db) return da < db ? -1 : 1;
    const [na, nb] = [id(needs[a.n] as Need), id(needs[b.n] as Need)];
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
  const donLeft = donations.map((d) => d.available);
  const needLeft = needs.map((n) => n.requested);
  const out: Allocation[] = [];
  for (const p of pairs) {
    const q = Math.min(donLeft[p.d] as number, needLeft[p.n] as number);
    if (q <= 0 || p.score <= 0) continue;
    donLeft[p.d] = (donLeft[p.d] as number) - q;
    needLeft[p.n] = (needLeft[p.n] as number) - q;
    out.push({
      donationId: (donations[p.d] as Donation).id,
      needId: (needs[p.n] as Need).id,
      quantity: q,
      score: p.score,
    });
  }
  return finish(out);
}
