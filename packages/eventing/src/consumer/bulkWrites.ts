import type { Collection } from 'mongodb';
import { isDuplicateKey } from '../eventStore/index.ts';
import type { ReadModelDoc } from './fold.ts';

const DUPLICATE_KEY = 11000;

/** Unordered insert of new documents; answers the indexes that already existed. */
export async function insertMany(
  collection: Collection<ReadModelDoc>,
  docs: ReadModelDoc[],
): Promise<Set<number>> {
  const duplicates = new Set<number>();
  if (docs.length === 0) return duplicates;
  try {
    await collection.insertMany(docs, { ordered: false });
  } catch (err) {
    const raw = (err as { writeErrors?: unknown }).writeErrors;
    const errors = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { index: number; code: number }[];
    if (errors.length === 0 || errors.some((e) => e.code !== DUPLICATE_KEY)) throw err;
    for (const e of errors) duplicates.add(e.index);
  }
  return duplicates;
}

/** Inserts each document on its own; answers those that existed and those that failed, with why. */
export async function insertEach(
  collection: Collection<ReadModelDoc>,
  docs: ReadModelDoc[],
): Promise<{ duplicates: Set<number>; errors: Map<number, unknown> }> {
  const duplicates = new Set<number>();
  const errors = new Map<number, unknown>();
  for (const [i, doc] of docs.entries()) {
    try {
      await collection.insertOne(doc);
    } catch (err) {
      if (isDuplicateKey(err)) duplicates.add(i);
      else errors.set(i, err);
    }
  }
  return { duplicates, errors };
}

/** At most `size` calls of `run` at once; the others wait in order. */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = size;
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiting.push(r));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
