import { describe, expect, it } from 'vitest';
import { generator } from '../testing/generate.ts';
import type { Donation, Need } from '../types.ts';
import { greedyRoute } from './greedy.ts';
import { DEFAULT_ROUTE_WEIGHTS, pairBreakdown, pairRuleFailures, pairScore } from './pairs.ts';
import { routeDonations } from './route.ts';
import type { RoutingResult } from './route.ts';

const at = (c: string) => ({ districtCode: 'D1', streetCode: c.slice(0, 2), communityCode: c });
const score = (d: Donation, n: Need) => pairScore(pairBreakdown(d, n), DEFAULT_ROUTE_WEIGHTS);

/** Every integer assignment within the bounds, the best total score. */
function bruteForce(ds: Donation[], ns: Need[]): number {
  const pairs = ds.flatMap((d, i) =>
    ns.map((n, j) => ({ i, j, ok: pairRuleFailures(d, n).length === 0, s: score(d, n) })),
  );
  const dl = ds.map((d) => d.available);
  const nl = ns.map((n) => n.requested);
  const go = (p: number): number => {
    const pair = pairs[p];
    if (!pair) return 0;
    if (!pair.ok) return go(p + 1);
    let best = 0;
    for (let q = 0; q <= Math.min(dl[pair.i]!, nl[pair.j]!); q++) {
      dl[pair.i]! -= q;
      nl[pair.j]! -= q;
      best = Math.max(best, q * pair.s + go(p + 1));
      dl[pair.i]! += q;
      nl[pair.j]! += q;
    }
    return best;
  };
  return go(0);
}

function assertFeasible(ds: Donation[], ns: Need[], r: RoutingResult): void {
  const d = new Map(ds.map((x) => [x.id, x]));
  const n = new Map(ns.map((x) => [x.id, x]));
  const used = new Map<string, number>();
  const got = new Map<string, number>();
  for (const a of r.allocations) {
    expect(a.quantity).toBeGreaterThan(0);
    expect(Number.isInteger(a.quantity)).toBe(true);
    expect(pairRuleFailures(d.get(a.donationId)!, n.get(a.needId)!)).toEqual([]);
    used.set(a.donationId, (used.get(a.donationId) ?? 0) + a.quantity);
    got.set(a.needId, (got.get(a.needId) ?? 0) + a.quantity);
  }
  for (const [id, q] of used) expect(q).toBeLessThanOrEqual(d.get(id)!.available);
  for (const [id, q] of got) expect(q).toBeLessThanOrEqual(n.get(id)!.requested);
}

function randomInstance(seed: number, nd: number, nn: number, maxQ: number) {
  const g = generator(seed, {
    streets: 2,
    communitiesPerStreet: 2,
    skills: [],
    fields: [],
    categories: ['a', 'b'],
  });
  const shrink = <T extends { id: string }>(x: T, key: 'available' | 'requested') => ({
    ...x,
    [key]: 1 + Math.floor(g.r() * maxQ),
  });
  return {
    ds: Array.from({ length: nd }, (_, i) =>
      shrink(g.donation(i, ['fen', 'rice_kg']), 'available'),
    ) as Donation[],
    ns: Array.from({ length: nn }, (_, i) => shrink(g.need(i, ['fen', 'rice_kg']), 'requested')) as Need[],
  };
}

describe('batch routing of donations to needs', () => {
  it('finds the optimum that brute force finds on small instances', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const { ds, ns } = randomInstance(seed, 2 + (seed % 2), 2 + (seed % 3 === 0 ? 1 : 0), 3);
      const r = routeDonations(ds, ns);
      assertFeasible(ds, ns, r);
      expect(r.totalScore).toBeCloseTo(bruteForce(ds, ns), 4);
    }
  });

  it('never breaks a restriction nor exceeds a quantity, and beats or equals greedy, on random instances', () => {
    for (let seed = 100; seed < 130; seed++) {
      const { ds, ns } = randomInstance(seed, 40, 40, 50);
      const best = routeDonations(ds, ns);
      const greedy = greedyRoute(ds, ns);
      assertFeasible(ds, ns, best);
      assertFeasible(ds, ns, greedy);
      expect(best.totalScore).toBeGreaterThanOrEqual(greedy.totalScore - 1e-6);
    }
  });

  it('beats greedy strictly when the nearest donation is the only one free to go elsewhere', () => {
    const ds: Donation[] = [
      { id: 'free', available: 10, measure: 'fen', place: at('S1C1') },
      { id: 'tied', available: 10, measure: 'fen', restriction: { communityCode: 'S1C1' } },
    ];
    const ns: Need[] = [
      { id: 'here', place: at('S1C1'), category: 'elder_care', requested: 10, measure: 'fen', urgency: 4 },
      { id: 'there', place: at('S2C1'), category: 'elder_care', requested: 10, measure: 'fen', urgency: 4 },
    ];
    const greedy = greedyRoute(ds, ns);
    const best = routeDonations(ds, ns);
    expect(greedy.allocations.map((a) => [a.donationId, a.needId, a.quantity])).toEqual([
      ['free', 'here', 10],
    ]);
    expect(best.allocations.map((a) => [a.donationId, a.needId, a.quantity])).toEqual([
      ['free', 'there', 10],
      ['tied', 'here', 10],
    ]);
    expect(best.totalScore).toBeGreaterThan(greedy.totalScore);
    expect(best.totalQuantity).toBe(20);
  });

  it('never routes across measures or against a category restriction', () => {
    const ds: Donation[] = [
      { id: 'rice', available: 5, measure: 'rice_kg' },
      { id: 'kids', available: 5, measure: 'fen', restriction: { category: 'child_care' } },
    ];
    const ns: Need[] = [
      { id: 'n', place: at('S1C1'), category: 'elder_care', requested: 9, measure: 'fen', urgency: 5 },
    ];
    expect(routeDonations(ds, ns).allocations).toEqual([]);
  });

  it('gives the same answer for the same input in any order', () => {
    const { ds, ns } = randomInstance(7, 60, 60, 30);
    const a = routeDonations(ds, ns);
    expect(routeDonations([...ds].reverse(), [...ns].reverse())).toEqual(a);
  });

  it('refuses fractional or negative quantities and duplicate ids', () => {
    const n: Need = { id: 'n', place: at('S1C1'), category: 'x', requested: 1, measure: 'fen', urgency: 1 };
    expect(() => routeDonations([{ id: 'd', available: 1.5, measure: 'fen' }], [n])).toThrow(RangeError);
    expect(() => routeDonations([], [n, n])).toThrow(RangeError);
  });
});
