import type { Collection } from 'mongodb';
import { isDuplicateKey, logIdOf, type HintDocument, type LogEntry } from './documents.ts';
import { writeErrorsOf } from './groupInsert.ts';

const HINT_ID = 'log-head';
/** Log entries looked up at once when reading past a position that exists. */
const READ_AHEAD = 64;
/** At most this many entries per `insertMany` of the group commit. */
const MAX_GROUP = 200;

export interface LogRead {
  entries: LogEntry[];
  /** Set when the read stopped at a missing position although a later one exists: a hole, for now. */
  holeAt?: number;
}

interface Waiting {
  entry: Omit<LogEntry, '_id' | 'position'>;
  resolve: (position: number) => void;
  reject: (err: unknown) => void;
}

/**
 * The append-only log of commits in store order. A position is taken by inserting at its `_id` (a
 * unique-key race exactly one writer wins). Appends in one process take distinct positions without
 * colliding, so a position can be missing for a moment while a later one exists; a reader waits for it,
 * and only the relay, after a while, fills a hole whose writer died, by the same kind of insert: whoever
 * inserts first owns the position, so a late writer just takes another.
 *
 * Appends that arrive while an insert is in flight are written together in the next one (a group
 * commit): one `insertMany` for many concurrent appenders, so they do not queue behind each other's round
 * trips. An entry that lost its position to another process is tried again at a later one.
 */
export class PositionLog {
  private next = 0;
  private hinted: Promise<void> | undefined;
  private readonly log: Collection<LogEntry>;
  private readonly hints: Collection<HintDocument>;
  private queue: Waiting[] = [];
  private flushing = false;
  /** Positions this process is inserting right now: a miss there is no hole, only an insert in flight. */
  private readonly inserting = new Set<number>();

  constructor(log: Collection<LogEntry>, hints: Collection<HintDocument>) {
    this.log = log;
    this.hints = hints;
  }

  /** The highest position this process has taken (0 before its first append). */
  get highestTaken(): number {
    return this.next;
  }

  /** Whether this process's insert of `position` is in flight (its entry is about to exist, or to move on). */
  isInserting(position: number): boolean {
    return this.inserting.has(position);
  }

  /** Whether this process has appends waiting for a position or being inserted. */
  get busy(): boolean {
    return this.queue.length > 0 || this.inserting.size > 0;
  }

  append(entry: Omit<LogEntry, '_id' | 'position'>): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      // Only a hint (it may lag): inserts move upward from it until one lands.
      await (this.hinted ??= this.hints.findOne({ _id: HINT_ID }).then((h) => {
        this.next = Math.max(this.next, h?.value ?? 0);
      }));
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, MAX_GROUP);
        try {
          await this.insertGroup(group);
        } catch (err) {
          for (const w of group) w.reject(err); // a settled promise ignores a second answer
        }
      }
    } catch (err) {
      this.hinted = undefined;
      for (const w of this.queue.splice(0)) w.reject(err);
    } finally {
      this.flushing = false;
    }
  }

  private async insertGroup(group: Waiting[]): Promise<void> {
    let pending = group;
    while (pending.length > 0) {
      const docs = pending.map((w) => {
        const p = ++this.next;
        return { _id: logIdOf(p), position: p, ...w.entry };
      });
      const lost = new Set<number>();
      for (const d of docs) this.inserting.add(d.position);
      try {
        if (docs.length === 1) await this.log.insertOne(docs[0]!);
        else await this.log.insertMany(docs, { ordered: false });
      } catch (err) {
        const failures = writeErrorsOf(err, docs.length);
        if (!failures || failures.some((f) => f.code !== 11000)) {
          for (const d of docs) this.inserting.delete(d.position);
          for (const w of pending) w.reject(err);
          return;
        }
        for (const f of failures) lost.add(f.index);
      }
      for (const d of docs) this.inserting.delete(d.position);
      docs.forEach((d, i) => {
        if (!lost.has(i)) pending[i]!.resolve(d.position);
      });
      const hintAt = docs.find((d) => d.position % 64 === 0);
      if (hintAt && !lost.has(docs.indexOf(hintAt)))
        await this.hints
          .updateOne({ _id: HINT_ID }, { $set: { value: hintAt.position } }, { upsert: true })
          .catch(() => undefined); // only a hint: a lagging one costs a few collisions
      pending = pending.filter((_, i) => lost.has(i));
    }
  }

  /**
   * Entries from `from` on, stopping at the first missing position or after `limit`. A miss costs one
   * lookup: the next position is looked up alone, and only once it exists are the following ones read
   * ahead, many at a time.
   */
  async read(from: number, limit: number): Promise<LogRead> {
    const start = Math.max(1, from);
    const first = await this.log.findOne({ _id: logIdOf(start) });
    if (!first) return { entries: [] };
    const out: LogEntry[] = [first];
    for (let p = start + 1; out.length < limit; p += READ_AHEAD) {
      const n = Math.min(READ_AHEAD, limit - out.length);
      const ids = Array.from({ length: n }, (_, i) => logIdOf(p + i));
      // By `_id`, in parallel: the one lookup every MongoDB-wire server answers from an index.
      const found = await Promise.all(ids.map((_id) => this.log.findOne({ _id })));
      const missing = found.findIndex((e) => !e);
      for (const e of missing === -1 ? found : found.slice(0, missing)) out.push(e!);
      if (missing !== -1) {
        const later = found.slice(missing + 1).some(Boolean);
        return later ? { entries: out, holeAt: p + missing } : { entries: out };
      }
    }
    return { entries: out };
  }

  /** Whether any position after `position` exists (a few lookups, spread out): is a miss there a hole? */
  async anyAfter(position: number): Promise<boolean> {
    const probes = [1, 2, 4, 8, 16, 32, 64].map((d) => logIdOf(position + d));
    const found = await Promise.all(
      probes.map((_id) => this.log.findOne({ _id }, { projection: { _id: 1 } })),
    );
    return found.some(Boolean);
  }

  /** Claims a position nobody wrote (its writer died) so readers can move on. False if it was taken meanwhile. */
  async fillHole(position: number): Promise<boolean> {
    try {
      await this.log.insertOne({
        _id: logIdOf(position),
        position,
        streamId: '',
        fromVersion: 0,
        toVersion: 0,
        commitId: '',
        void: true,
      });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
}
