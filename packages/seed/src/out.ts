import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { needs, organizations, tree, volunteers, workers, type SeedSizes } from './generate.ts';
import { donations, donors, funds } from './generateCharity.ts';

/** Writes one record a line to `<dir>/<resource>.ndjson`, streaming (100,000 records never sit in memory). */
async function writeNdjson(dir: string, resource: string, records: Iterable<unknown>): Promise<number> {
  const out = createWriteStream(join(dir, `${resource}.ndjson`));
  let n = 0;
  for (const r of records) {
    n++;
    if (!out.write(`${JSON.stringify(r)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return n;
}

/**
 * The generated data set as NDJSON files per resource, without calling any service; returns the counts.
 * Units are lines of community's `POST /v1/imports/tree`; the other records are the generator's.
 */
export async function writeDataSet(dir: string, seed: number, sizes: SeedSizes) {
  mkdirSync(dir, { recursive: true });
  const t = tree(sizes);
  const units = [
    { id: t.district.code, level: 'district', ...t.district },
    ...t.streets.map((s) => ({ id: s.code, level: 'street', ...s, parentCode: t.district.code })),
    ...t.communities.map(({ streetCode, ...c }) => ({
      id: c.code,
      level: 'community',
      ...c,
      parentCode: streetCode,
    })),
  ];
  const sets: Array<[string, Iterable<unknown>]> = [
    ['units', units],
    ['needs', needs(seed, t, sizes.needs)],
    ['workers', workers(seed, t, sizes.workers, sizes.organizations)],
    ['volunteers', volunteers(seed, t, sizes.volunteers)],
    ['organizations', organizations(seed, t, sizes.organizations)],
    ['donors', donors(seed, t, sizes.donors)],
    ['funds', funds(seed, t, sizes.funds)],
    ['donations', donations(seed, t, sizes.donations, sizes.donors, sizes.funds)],
  ];
  const counts: Record<string, number> = {};
  for (const [resource, records] of sets) counts[resource] = await writeNdjson(dir, resource, records);
  return counts;
}
