import type { Collection, Db } from 'mongodb';
import { writeErrorsOf } from '@fivesoc/eventing';

/** A request's deadline, kept in MongoDB so it fires after a restart or a long outage too. */
export interface TimerDoc {
  /** A match request id (its deadline), `task:<taskId>` (a task's), or `worker:<caseId>` (look for a worker). */
  _id: string;
  caseId: string;
  dueAt: Date;
  /** For `worker:` timers: how many times nobody was found (the wait doubles, up to an hour). */
  misses?: number;
}

/**
 * Where a timer waits to come due: `<bucket number, 13 digits>#<slot, 5 digits>` (bucket = due time
 * divided by the bucket width), pointing at its timer. FerretDB answers only lookups by `_id` from an index,
 * so the poll reads the bucket that has just ended slot by slot, by `_id`: it costs one lookup per bucket
 * plus one per timer in it, not a scan.
 */
export interface DueEntry {
  _id: string;
  timerId: string;
}

/** The timer of a case task's deadline: `task:<taskId>`. */
export const TASK_TIMER = 'task:';
/** The timer of a case waiting for a worker. */
export const workerTimerOf = (caseId: string) => `worker:${caseId}`;

/** Marks that every stored timer has its due entry (timers of versions before the buckets got theirs). */
const QUEUE_BUILT = 'queue-built';
/** A bucket is read once it ended this long ago (clock skew between linkage instances stays below it). */
const MARGIN_MS = 500;
/** Due entries per insert of the once-only build. */
const DUE_BATCH = 500;
/** Timers fired per round of the start-up search. */
export const DUE_PAGE = 200;

const dueIdOf = (bucket: number, slot: number) =>
  `${String(bucket).padStart(13, '0')}#${String(slot).padStart(5, '0')}`;
const isDuplicate = (err: unknown) => (err as { code?: number }).code === 11000;

/** The saga's durable timers (`case_timers`) and the due buckets they are found by (`case_timer_due`). */
export class CaseTimers {
  readonly timers: Collection<TimerDoc>;
  private readonly due: Collection<DueEntry>;
  /** Width of a due bucket: five polls, at least a second. */
  readonly bucketMs: number;
  /** The first bucket not yet read. */
  private cursor = 0;
  private readonly slots = new Map<number, number>();

  constructor(db: Db, pollMs: number) {
    this.timers = db.collection<TimerDoc>('case_timers');
    this.due = db.collection<DueEntry>('case_timer_due');
    this.bucketMs = Math.max(1000, 5 * pollMs);
  }

  /** A durable timer, set once (a redelivery finds it set, and queued then). */
  async keep(timerId: string, caseId: string, dueAt: Date): Promise<void> {
    try {
      await this.timers.insertOne({ _id: timerId, caseId, dueAt });
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      return;
    }
    await this.enqueue(timerId, dueAt);
  }

  /** Sets (or moves) a timer, counting the misses of a worker search. */
  async set(timerId: string, caseId: string, dueAt: Date, misses: number): Promise<void> {
    await this.timers.replaceOne({ _id: timerId }, { caseId, dueAt, misses }, { upsert: true });
    await this.enqueue(timerId, dueAt);
  }

  find(timerId: string): Promise<TimerDoc | null> {
    return this.timers.findOne({ _id: timerId });
  }

  async forget(timerId: string): Promise<void> {
    await this.timers.deleteOne({ _id: timerId });
  }

  /** The timer is looked at again a bucket later (it was not due yet by this clock). */
  later(timerId: string): Promise<void> {
    return this.enqueue(timerId, new Date(Date.now() + this.bucketMs));
  }

  /** Timers due by `now`: of `ids` (from the due buckets), or of every stored timer (the start-up search). */
  async dueBy(now: Date, ids?: string[]): Promise<TimerDoc[]> {
    if (!ids)
      return this.timers
        .find({ dueAt: { $lte: now } })
        .limit(DUE_PAGE)
        .toArray();
    const found = await Promise.all(ids.map((_id) => this.timers.findOne({ _id })));
    return found.filter((t): t is TimerDoc => t !== null && t.dueAt <= now);
  }

  /** Where the poll starts reading: before the start-up search, so what it queues is read after it. */
  begin(): void {
    this.cursor = Math.floor((Date.now() - MARGIN_MS) / this.bucketMs);
  }

  /**
   * Once at start: every stored timer (the caller learns the waiting cases from them), put in its due
   * bucket if the buckets were never built (timers of versions before them). Returns the timers.
   */
  async startUp(): Promise<{ timers: TimerDoc[]; queued: number }> {
    const built = (await this.due.findOne({ _id: QUEUE_BUILT })) !== null;
    const timers = await this.timers.find({}).toArray();
    if (!built) {
      await this.enqueueMany(timers);
      await this.due.insertOne({ _id: QUEUE_BUILT, timerId: '' }).catch(() => undefined);
    }
    return { timers, queued: built ? 0 : timers.length };
  }

  /** Reads the buckets that ended (a margin ago) since the last round, handing `fire` their timers. */
  async readDue(fire: (timerIds: string[]) => Promise<unknown>): Promise<void> {
    const last = Math.floor((Date.now() - MARGIN_MS) / this.bucketMs) - 1;
    for (; this.cursor <= last; this.cursor++) {
      const entries: DueEntry[] = [];
      for (let slot = 0; ; slot++) {
        const e = await this.due.findOne({ _id: dueIdOf(this.cursor, slot) });
        if (!e) break;
        entries.push(e);
      }
      if (entries.length > 0) {
        await fire([...new Set(entries.map((e) => e.timerId))]);
        await Promise.all(entries.map((e) => this.due.deleteOne({ _id: e._id })));
      }
      this.slots.delete(this.cursor);
    }
  }

  /** The bucket a timer due at `dueAt` waits in: never one the poll may have read already. */
  private bucketOf(dueAt: Date): number {
    const earliest = Math.floor(Date.now() / this.bucketMs) + 1;
    return Math.max(earliest, Math.floor(dueAt.getTime() / this.bucketMs));
  }

  /** The next free slot of a bucket, as this process knows it. */
  private nextSlot(bucket: number): number {
    const slot = this.slots.get(bucket) ?? 0;
    this.slots.set(bucket, slot + 1);
    return slot;
  }

  /** Puts a timer in its due bucket, never in one the poll may have read already. */
  private async enqueue(timerId: string, dueAt: Date): Promise<void> {
    const bucket = this.bucketOf(dueAt);
    for (;;) {
      try {
        await this.due.insertOne({ _id: dueIdOf(bucket, this.nextSlot(bucket)), timerId });
        return;
      } catch (err) {
        if (!isDuplicate(err)) throw err; // another instance took the slot: the next one
      }
    }
  }

  /**
   * Puts many timers in their due buckets with one unordered insert per 500 (the once-only build at start).
   * A slot another instance took meanwhile is a duplicate key: that timer is queued again on its own.
   */
  private async enqueueMany(timers: readonly { _id: string; dueAt: Date }[]): Promise<void> {
    for (let i = 0; i < timers.length; i += DUE_BATCH) {
      const batch = timers.slice(i, i + DUE_BATCH);
      const entries = batch.map((t) => {
        const bucket = this.bucketOf(t.dueAt);
        return { _id: dueIdOf(bucket, this.nextSlot(bucket)), timerId: t._id };
      });
      try {
        await this.due.insertMany(entries, { ordered: false });
      } catch (err) {
        const failures = writeErrorsOf(err, entries.length);
        if (!failures || failures.some((f) => f.code !== 11000)) throw err;
        for (const f of failures) await this.enqueue(batch[f.index]!._id, batch[f.index]!.dueAt);
      }
    }
  }
}
