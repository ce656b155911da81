import type { Collection } from 'mongodb';
import { isDuplicateKey, logIdOf, type HintDocument, type LogEntry } from './documents.ts';

const HINT_ID = 'log-head';

export interface LogRead {
  entries: LogEntry[];
  /** Set when the read stopped at a missing position although a later one exists: a hole, for now. */
  holeAt?: number;
}

/**
 * The append-only log of commits in store order. A position is taken by inserting at its `_id` (a
 * unique-key race exactly one writer wins). Appends in one process take distinct positions without
 * colliding, so a position can be missing for a moment while a later one exists; a reader waits for it,
 * and only the relay, after a while, fills a hole whose writer died, by the same kind of insert: whoever
 * inserts first owns the position, so a late writer just takes another.
 */
export class PositionLog {
  private next = 0;
  private hinted = false;
  private readonly log: Collection<LogEntry>;
  private readonly hints: Collection<HintDocument>;

  constructor(log: Collection<LogEntry>, hints: Collection<HintDocument>) {
    this.log = log;
    this.hints = hints;
  }

  async append(entry: Omit<LogEntry, '_id' | 'position'>): Promise<number> {
    if (!this.hinted) {
      // Only a hint (it may lag): inserts move upward from it until one lands.
      this.next = Math.max(this.next, (await this.hints.findOne({ _id: HINT_ID }))?.value ?? 0);
      this.hinted = true;
    }
    for (;;) {
      const p = ++this.next;
      try {
        await this.log.insertOne({ _id: logIdOf(p), position: p, ...entry });
        if (p % 64 === 0)
          await this.hints.updateOne({ _id: HINT_ID }, { $set: { value: p } }, { upsert: true });
        return p;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }

  /** Entries from `from` on, stopping at the first missing position or after `limit`. */
  async read(from: number, limit: number): Promise<LogRead> {
    const out: LogEntry[] = [];
    const chunk = 32;
    for (let p = Math.max(1, from); out.length < limit; p += chunk) {
      const ids = Array.from({ length: chunk }, (_, i) => logIdOf(p + i));
      // By `_id`, in parallel: the one lookup every MongoDB-wire server answers from an index.
      const found = await Promise.all(ids.map((_id) => this.log.findOne({ _id })));
      const missing = found.findIndex((e) => !e);
      for (const e of missing === -1 ? found : found.slice(0, missing)) {
        if (out.length < limit) out.push(e!);
      }
      if (missing !== -1) {
        const later = found.slice(missing + 1).some(Boolean);
        return later ? { entries: out, holeAt: p + missing } : { entries: out };
      }
    }
    return { entries: out };
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
