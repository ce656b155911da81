import { MongoClient, type Collection, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDbName, useInfra } from '@fivesoc/test-support';
import { BatchProjector } from './batchProjector.ts';
import type { Fold, ReadModelDoc } from './fold.ts';

interface Counter extends ReadModelDoc {
  n: number;
  seen: number[];
}
type Fields = Omit<Counter, '_id' | '_v'>;

let client: MongoClient;
let db: Db;
let counters: Collection<Counter>;

beforeAll(async () => {
  client = new MongoClient(useInfra().mongoUrl);
  db = client.db(freshDbName('lk-batch'));
  counters = db.collection<Counter>('counters');
});
afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
});

/** Version 1 creates the counter; every later version adds one and remembers it was seen. */
const fold = (id: string, version: number): Fold<Counter> => ({
  collection: counters,
  id,
  version,
  step: (c: Fields | null): Fields | null =>
    version === 1 ? { n: 1, seen: [1] } : c && { n: c.n + 1, seen: [...c.seen, version] },
});
const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => `c-${from + i}`);

describe('BatchProjector', () => {
  it('writes each document once per batch, in stream order, and skips what the store already holds', async () => {
    const p = new BatchProjector({ db });
    // Two streams, interleaved, versions 1..3 each, plus a redelivered version 2 inside the batch.
    const batch = [fold('a', 1), fold('b', 1), fold('a', 2), fold('b', 2), fold('a', 2), fold('a', 3)];
    expect((await p.apply(batch)).written).toBe(2);
    expect(await counters.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 3, seen: [1, 2, 3], _v: 3 });
    expect(await counters.findOne({ _id: 'b' })).toEqual({ _id: 'b', n: 2, seen: [1, 2], _v: 2 });

    // A consumer that remembers nothing gets the whole batch again, then the next version.
    const cold = new BatchProjector({ db });
    expect(await cold.apply(batch)).toEqual({ written: 0, inserted: 0, read: 2, failed: new Map() });
    expect((await cold.apply([fold('b', 3)])).written).toBe(1);
    expect(await counters.findOne({ _id: 'b' })).toEqual({ _id: 'b', n: 3, seen: [1, 2, 3], _v: 3 });
    expect(await counters.findOne({ _id: 'a' })).toMatchObject({ n: 3, _v: 3 });
  });

  it('replaces hundreds of documents from three partitions at once without stalling the server', async () => {
    // FerretDB 1.24 holds a pooled connection per update of a command until the command ends (100 per
    // database): unbounded commands of this size from three partitions wait for each other for ever.
    const seed = new BatchProjector({ db });
    await seed.apply(ids(0, 900).map((id) => fold(id, 1)));
    const p = new BatchProjector({ db });
    const part = (k: number) => ids(k * 300, 300).flatMap((id) => [fold(id, 2), fold(id, 3)]);
    const results = await Promise.all([p.apply(part(0)), p.apply(part(1)), p.apply(part(2))]);
    expect(results.map((r) => r.written)).toEqual([300, 300, 300]);
    const docs = await counters.find({ _id: { $in: ids(0, 900) } }).toArray();
    expect(docs).toHaveLength(900);
    expect(docs.every((d) => d.n === 3 && d._v === 3)).toBe(true);
  });
});
