import type { AnyBulkWriteOperation, Collection, Db, Document } from 'mongodb';
import { Slots, insertEach, insertMany } from './bulkWrites.ts';
import type { Fold, ReadModelDoc } from './fold.ts';

type Fields = Record<string, unknown>;
/** A document as this consumer last knew it: its fields (null when absent) and the version applied. */
interface State {
  fields: Fields | null;
  v: number;
}
const ABSENT: State = { fields: null, v: 0 };

/** Every fold of one batch that targets one document, in the order of the partition. */
interface Group {
  key: string;
  collection: Collection<ReadModelDoc>;
  id: string;
  folds: { fold: Fold; index: number }[];
}

export interface ApplyResult {
  /** Documents written (inserted or replaced). */
  written: number;
  /** Of those, inserted (new documents). */
  inserted: number;
  /** Documents read by `_id` (not in the cache and not created by the batch, or created before). */
  read: number;
  /** Folds (by index into the batch) whose document could not be folded or written, with why. */
  failed: Map<number, Error>;
}

export interface BatchProjectorOptions {
  /** The database the folds' collections are in: documents are written through it. */
  db: Db;
  /** Documents remembered between batches; the oldest are forgotten first. */
  cacheSize?: number;
  /** Updates per bulk write command. Default 20 (see `updateSlots`). */
  updatesPerCommand?: number;
  /**
   * Update commands in flight at once, over all partitions. Default 3. FerretDB 1.24 (SQLite) holds one
   * pooled connection per update of a command until the whole command ends, out of 100 per database: one
   * command of 100 updates, or concurrent ones adding up to about that, wait for each other for ever.
   * 3 × 20 keeps well clear.
   */
  updateSlots?: number;
  /** Reads by `_id` in flight at once. */
  readConcurrency?: number;
}

/**
 * Folds a batch of events into read models with as few round trips as the server allows, and with the
 * same outcome as applying the events one by one with `applyOnce`:
 *
 * - the batch is grouped by target document, keeping the partition's (so each stream's) order;
 * - each document's current state comes from an in-memory cache (this process is the only writer of the
 *   partitions it holds, so what it wrote is what is stored), else it is assumed absent when the batch
 *   creates it, else it is read by `_id`;
 * - every event at or below the document's `_v` is skipped (a redelivery), the rest fold in order;
 * - a document the batch creates is inserted (`insertMany`, unordered); a duplicate key means it existed
 *   after all, so it is read and folded again from what is stored. Changed documents are replaced by
 *   `_id` in bulk, in commands of `updatesPerCommand`.
 *
 * Each document is one write, carrying its fields and `_v` together, so a crash between writes leaves
 * each document either before or after the batch: the redelivered batch skips what was applied. The cache
 * is only updated once every write has succeeded, and must be cleared when partitions may have moved
 * (`clear()` on every group join).
 */
export class BatchProjector {
  private readonly cache = new Map<string, State>();
  private readonly db: Db;
  private readonly collections = new Map<string, Collection<ReadModelDoc>>();
  private readonly cacheSize: number;
  private readonly updatesPerCommand: number;
  private readonly readConcurrency: number;
  private readonly updateSlots: Slots;

  constructor(opts: BatchProjectorOptions) {
    this.db = opts.db;
    this.cacheSize = opts.cacheSize ?? 50_000;
    this.updatesPerCommand = opts.updatesPerCommand ?? 20;
    this.readConcurrency = opts.readConcurrency ?? 8;
    this.updateSlots = new Slots(opts.updateSlots ?? 3);
  }

  clear(): void {
    this.cache.clear();
  }

  /** Forgets the documents of these folds (after a failed write: the store may be ahead of the cache). */
  forget(folds: readonly Fold[]): void {
    for (const f of folds) this.cache.delete(keyOf(f));
  }

  /**
   * Applies the folds (in partition order). A write that fails throws, with nothing remembered, so the
   * caller can retry the whole batch; `oneByOne` writes each document on its own and reports the folds of
   * the documents that failed instead of throwing.
   */
  async apply(folds: readonly Fold[], oneByOne = false): Promise<ApplyResult> {
    const groups = new Map<string, Group>();
    folds.forEach((fold, index) => {
      const key = keyOf(fold);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { key, collection: this.collectionOf(fold), id: fold.id, folds: [] }));
      g.folds.push({ fold, index });
    });

    const failed = new Map<number, Error>();
    const fail = (g: Group, err: unknown) => {
      for (const f of g.folds) failed.set(f.index, err instanceof Error ? err : new Error(String(err)));
    };
    /** A step that throws is a bug for that document: its events are reported, the batch goes on. */
    const fold = (g: Group, state: State): State | undefined => {
      try {
        return run(g, state);
      } catch (err) {
        if (!oneByOne) throw err;
        fail(g, err);
        return undefined;
      }
    };

    const known = new Map<Group, State>();
    const inserts: { group: Group; state: State }[] = [];
    const unknown: Group[] = [];
    for (const g of groups.values()) {
      const cached = this.cache.get(g.key);
      if (cached) {
        known.set(g, cached);
        continue;
      }
      // Not seen lately: if the batch creates it, assume it is new and let the insert tell.
      const created = fold(g, ABSENT);
      if (!created) continue;
      if (created.fields) inserts.push({ group: g, state: created });
      else unknown.push(g);
    }

    const next = new Map<Group, State>();

    const inserted = await this.insert(inserts, oneByOne, fail);
    for (const [g, s] of inserted.done) next.set(g, s);
    const toRead = [...unknown, ...inserted.existed];
    for (const [g, s] of await this.read(toRead)) known.set(g, s);

    const replaces: { group: Group; state: State }[] = [];
    for (const [g, before] of known) {
      const after = fold(g, before);
      if (!after) continue;
      if (after.v !== before.v) replaces.push({ group: g, state: after });
      else next.set(g, after);
    }
    const replaced = await this.replace(replaces, oneByOne, fail);
    for (const [g, s] of replaced) next.set(g, s);

    for (const [g, s] of next) this.remember(g.key, s);
    return {
      written: inserted.done.size + replaced.size,
      inserted: inserted.done.size,
      read: toRead.length,
      failed,
    };
  }

  private collectionOf(fold: Fold): Collection<ReadModelDoc> {
    const { collectionName, dbName } = fold.collection;
    if (dbName !== this.db.databaseName)
      throw new Error(`a fold targets ${dbName}.${collectionName}, outside ${this.db.databaseName}`);
    let c = this.collections.get(collectionName);
    if (!c) this.collections.set(collectionName, (c = this.db.collection<ReadModelDoc>(collectionName)));
    return c;
  }

  /** Inserts new documents; answers those written and those that existed after all. */
  private async insert(
    items: { group: Group; state: State }[],
    oneByOne: boolean,
    fail: (g: Group, err: unknown) => void,
  ): Promise<{ done: Map<Group, State>; existed: Group[] }> {
    const done = new Map<Group, State>();
    const existed: Group[] = [];
    for (const [collection, list] of byCollection(items)) {
      const docs = list.map(({ group, state }) => docOf(group.id, state));
      const { duplicates, errors } = oneByOne
        ? await insertEach(collection, docs)
        : { duplicates: await insertMany(collection, docs), errors: new Map<number, unknown>() };
      list.forEach(({ group, state }, i) => {
        if (duplicates.has(i)) existed.push(group);
        else if (errors.has(i)) fail(group, errors.get(i));
        else done.set(group, state);
      });
    }
    return { done, existed };
  }

  /** Replaces changed documents by `_id`; answers those written. */
  private async replace(
    items: { group: Group; state: State }[],
    oneByOne: boolean,
    fail: (g: Group, err: unknown) => void,
  ): Promise<Map<Group, State>> {
    const done = new Map<Group, State>();
    for (const [collection, list] of byCollection(items)) {
      const op = ({ group, state }: { group: Group; state: State }): AnyBulkWriteOperation<ReadModelDoc> => ({
        replaceOne: { filter: { _id: group.id }, replacement: docOf(group.id, state), upsert: true },
      });
      if (oneByOne) {
        for (const item of list) {
          try {
            await this.updateSlots.run(() => collection.bulkWrite([op(item)]));
            done.set(item.group, item.state);
          } catch (err) {
            fail(item.group, err);
          }
        }
        continue;
      }
      const chunks: (typeof list)[] = [];
      for (let i = 0; i < list.length; i += this.updatesPerCommand)
        chunks.push(list.slice(i, i + this.updatesPerCommand));
      // Every chunk is asked for at once; the slots bound how many run.
      const results = await Promise.allSettled(
        chunks.map((chunk) =>
          this.updateSlots.run(() => collection.bulkWrite(chunk.map(op), { ordered: false })),
        ),
      );
      const rejected = results.find((r) => r.status === 'rejected');
      if (rejected) throw rejected.reason;
      for (const item of list) done.set(item.group, item.state);
    }
    return done;
  }

  /** Reads documents by `_id` (the only lookup every MongoDB-wire server answers from an index). */
  private async read(groups: Group[]): Promise<Map<Group, State>> {
    const out = new Map<Group, State>();
    let i = 0;
    const worker = async () => {
      while (i < groups.length) {
        const g = groups[i++]!;
        const doc = await g.collection.findOne({ _id: g.id });
        out.set(g, doc ? stateOf(doc) : ABSENT);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.readConcurrency, groups.length) }, worker));
    return out;
  }

  private remember(key: string, state: State): void {
    this.cache.delete(key);
    this.cache.set(key, state);
    if (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}

const keyOf = (f: Fold) => `${f.collection.collectionName}\u0000${f.id}`;

/** Folds a document's events from `state`: a version at or below `_v` is a redelivery and is skipped. */
function run(g: Group, state: State): State {
  let { fields, v } = state;
  for (const { fold } of g.folds) {
    if (fold.version <= v) continue;
    const changed: Fields | null = fold.step(fields);
    if (!changed) continue;
    fields = changed;
    v = fold.version;
  }
  return { fields, v };
}

function stateOf(doc: Document): State {
  const { _id, _v, ...fields } = doc;
  void _id;
  return { fields, v: typeof _v === 'number' ? _v : 0 };
}

const docOf = (id: string, state: State): ReadModelDoc => ({ _id: id, ...state.fields, _v: state.v });

function byCollection<T extends { group: Group }>(items: T[]): Map<Collection<ReadModelDoc>, T[]> {
  const out = new Map<Collection<ReadModelDoc>, T[]>();
  for (const item of items) {
    const list = out.get(item.group.collection);
    if (list) list.push(item);
    else out.set(item.group.collection, [item]);
  }
  return out;
}
