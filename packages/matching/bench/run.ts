// Benchmark of the matching engine: prints each figure beside its baseline from the same run.
//   pnpm --filter @fivesoc/matching bench      (≈ 30 s on 2 cores; bounded: fixed sizes and query counts)
import { isDeepStrictEqual } from 'node:util';
import {
  buildOrganizationIndex,
  buildVolunteerIndex,
  greedyRoute,
  routeDonations,
  scanOrganizations,
  scanVolunteers,
  topKOrganizations,
  topKVolunteers,
} from '../src/index.ts';
import type { PlanItem, Scored } from '../src/index.ts';
import { generator } from '../src/testing/generate.ts';

const QUERIES = 200;
const K = 10;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const out = f();
  return [out, performance.now() - t0];
}

const ms = (x: number): string => `${x.toFixed(2)} ms`;

function topKBench(
  label: string,
  items: PlanItem[],
  fast: (i: PlanItem) => Scored[],
  scan: (i: PlanItem) => Scored[],
) {
  const fastT: number[] = [];
  const scanT: number[] = [];
  let mismatches = 0;
  let empty = 0;
  for (const item of items) {
    const [a, ta] = time(() => fast(item));
    const [b, tb] = time(() => scan(item));
    fastT.push(ta);
    scanT.push(tb);
    if (!isDeepStrictEqual(a, b)) mismatches++;
    if (a.length === 0) empty++;
  }
  const p50 = percentile(fastT, 50);
  const b50 = percentile(scanT, 50);
  console.log(
    `${label}: top-${K} p50 ${ms(p50)}  p99 ${ms(percentile(fastT, 99))}  | full scan p50 ${ms(b50)}  p99 ${ms(percentile(scanT, 99))}` +
      `  | ${(b50 / p50).toFixed(1)}x at p50; same result ${items.length - mismatches}/${items.length} queries (${empty} with no admissible candidate)`,
  );
}

const g = generator(42);
console.log(`matching bench, node ${process.version}, ${QUERIES} queries per kind, seed 42`);

const volunteers = Array.from({ length: 100_000 }, (_, i) => g.volunteer(i));
const [vIndex, vBuild] = time(() => buildVolunteerIndex(volunteers));
const organizations = Array.from({ length: 20_000 }, (_, i) => g.organization(i));
const [oIndex, oBuild] = time(() => buildOrganizationIndex(organizations));
console.log(`index build: 100,000 volunteers ${ms(vBuild)}; 20,000 organizations ${ms(oBuild)}`);

const tasks = Array.from({ length: QUERIES }, (_, q) => g.volunteerTask(`t${q}`));
const services = Array.from({ length: QUERIES }, (_, q) => g.organizationService(`s${q}`));
// warm-up so the JIT does not land on the first measured queries
for (const item of tasks.slice(0, 20)) {
  topKVolunteers(item, vIndex, K);
  scanVolunteers(item, volunteers, K);
}
for (const item of services.slice(0, 20)) {
  topKOrganizations(item, oIndex, K);
  scanOrganizations(item, organizations, K);
}

topKBench(
  'volunteers (100,000)',
  tasks,
  (i) => topKVolunteers(i, vIndex, K),
  (i) => scanVolunteers(i, volunteers, K),
);
topKBench(
  'organizations (20,000)',
  services,
  (i) => topKOrganizations(i, oIndex, K),
  (i) => scanOrganizations(i, organizations, K),
);

const measures = ['fen', 'fen', 'fen', 'rice_kg', 'oil_l'];
const donations = Array.from({ length: 1000 }, (_, i) => g.donation(i, measures));
const needs = Array.from({ length: 1000 }, (_, i) => g.need(i, measures));
greedyRoute(donations.slice(0, 50), needs.slice(0, 50));
routeDonations(donations.slice(0, 50), needs.slice(0, 50));
const [best, tBest] = time(() => routeDonations(donations, needs));
const [greedy, tGreedy] = time(() => greedyRoute(donations, needs));
const supply = donations.reduce((a, d) => a + d.available, 0);
const demand = needs.reduce((a, n) => a + n.requested, 0);
console.log(
  `routing 1,000 donations → 1,000 needs (supply ${supply}, demand ${demand}): min-cost flow ${ms(tBest)}, ` +
    `total score ${best.totalScore.toFixed(2)}, quantity ${best.totalQuantity}, ${best.allocations.length} allocations` +
    ` (network: ${JSON.stringify(best.network)})` +
    `  | greedy ${ms(tGreedy)}, total score ${greedy.totalScore.toFixed(2)}, quantity ${greedy.totalQuantity}` +
    `  | optimal − greedy = +${(best.totalScore - greedy.totalScore).toFixed(2)} (+${((100 * (best.totalScore - greedy.totalScore)) / greedy.totalScore).toFixed(2)}%)`,
);
