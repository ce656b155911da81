import type { Collection } from 'mongodb';
import { isDuplicateKey, logIdOf, type HintDocument, type LogEntry } from './documents.ts';

const HINT_ID = 'log-head';

/**
 * The append-only log of commits in store order. A position is taken by inserting at the next free `_id`
 * (a unique-key race that exactly one writer wins), so positions are dense: no reader ever meets a gap.
 */
export class PositionLog {
  private known = 0;
  private hinted = false;
  private readonly log: Collection<LogEntry>;
  private readonly hints: Collection<HintDocument>;

  constructor(log: Collection<LogEntry>, hints: Collection<HintDocument>) {
    this.log = log;
    this.hints = hints;
  }

  async append(entry: Omit<LogEntry, '_id' | 'position'>): Promise<number> {
    if (!this.hinted) {
      // Only a hint (it may lag): inserts probe upward from it until one lands.
      this.known = Math.max(this.known, (await this.hints.findOne({ _id: HINT_ID }))?.value ?? 0);
      this.hinted = true;
    }
    for (let p = this.known + 1; ; p++) {
      try {
        await this.log.insertOne({ _id: logIdOf(p), position: p, ...entry });
        this.known = p;
        if (p % 32 === 0)
          await this.hints.updateOne({ _id: HINT_ID }, { $set: { value: p } }, { upsert: true });
        return p;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }

  /** Entries from `from` on, stopping at the end of the log or after `limit`. */
  async read(from: number, limit: number): Promise<LogEntry[]> {
    const out: LogEntry[] = [];
    const chunk = 16;
    for (let p = Math.max(1, from); out.length < limit; p += chunk) {
      const ids = Array.from({ length: Math.min(chunk, limit - out.length) }, (_, i) => logIdOf(p + i));
      // By `_id` one at a time, in parallel: the one lookup every MongoDB-wire server answers from an index.
      const found = await Promise.all(ids.map((_id) => this.log.findOne({ _id })));
      for (const e of found) {
        if (!e) return out;
        out.push(e);
      }
    }
    return out;
  }
}
