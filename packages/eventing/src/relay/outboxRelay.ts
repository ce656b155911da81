import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import {
  collectionNames,
  type CommitDocument,
  type LogEntry,
  type MongoEventStore,
} from '../eventStore/index.ts';
import { Lease } from './lease.ts';
import { publish } from './publish.ts';
import { Sweeper } from './sweeper.ts';

export interface OutboxRelayOptions {
  store: MongoEventStore;
  kafka: Kafka;
  topic: string;
  logger: Logger;
  /** Names this instance in the lease; give a stable one (e.g. the pod name) to take the lease straight back after a restart. */
  instanceId?: string;
  leaseTtlMs?: number;
  batchSize?: number;
  /**
   * Pause after a poll that found nothing: it starts at `idleDelayMs` (50 ms) and doubles up to
   * `maxIdleDelayMs` (1 s). An append in this process wakes the relay at once.
   */
  idleDelayMs?: number;
  maxIdleDelayMs?: number;
  /** How long a hole in the log (a position whose writer died) may stay before the relay fills it. */
  holeTimeoutMs?: number;
  /**
   * While the log ends at the checkpoint, the relay looks a few positions further on (a hole left by a
   * writer of another process that died) every `holeTimeoutMs`, doubling up to this (default 30 s).
   */
  maxHoleProbeMs?: number;
  /**
   * How often to look for commits whose appender died before logging them (only appenders whose beat
   * stopped are searched), and how old a commit must be for the relay's one full search at start.
   */
  sweepIntervalMs?: number;
  sweepGraceMs?: number;
  /** An appender whose beat is this old is dead (default 3 beats of 5 s). */
  appenderDeadAfterMs?: number;
  /** Called after each batch Kafka acknowledged (metrics, tests). */
  onPublished?: (info: { instanceId: string; events: number; startedAt: number; endedAt: number }) => void;
}

/**
 * The checkpoint is written at most this often while busy (and at once when the relay goes idle or stops):
 * a crash sends again what came after it, which consumers drop, as after a crash between send and write.
 */
const CHECKPOINT_EVERY_MS = 250;

/** Log entries of this process's appends kept for publishing without a read. */
const RECENT_ENTRIES = 20_000;

interface CheckpointDocument {
  _id: string;
  position: number;
}

/**
 * Publishes stored events to Kafka at least once, in stream order, from the store's log. The checkpoint
 * moves only after Kafka acknowledged a batch, so a crash at any point means that batch is sent again and
 * consumers drop what they already applied. One instance per store publishes at a time (a lease).
 */
export class OutboxRelay {
  readonly instanceId: string;
  readonly lease: Lease;
  private readonly opts: OutboxRelayOptions;
  private readonly producer: Producer;
  private readonly checkpoints: Collection<CheckpointDocument>;
  private readonly batchSize: number;
  private readonly idleDelayMs: number;
  /** Highest version published per stream by this process (skips duplicates cheaply). */
  private readonly published = new Map<string, number>();
  private checkpoint: number | undefined;
  /** The position last written as the checkpoint, and when. */
  private savedCheckpoint: number | undefined;
  private savedAt = 0;
  private hole: { position: number; since: number } | undefined;
  private readonly sweeper: Sweeper;
  private lastHoleProbe = 0;
  /** Time between hole probes while idle: `holeTimeoutMs`, doubling up to `maxHoleProbeMs` while none is found. */
  private holeProbeEvery: number;
  private idleDelay: number;
  /** Log entries this process's store wrote, by position: published without reading them back. */
  private readonly recent = new Map<number, LogEntry>();
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(opts: OutboxRelayOptions) {
    this.opts = opts;
    this.instanceId = opts.instanceId ?? randomUUID();
    const names = collectionNames(opts.store.prefix);
    this.lease = new Lease(
      opts.store.db,
      `relay:${opts.topic}`,
      this.instanceId,
      opts.leaseTtlMs ?? 10_000,
      names.leases,
    );
    this.checkpoints = opts.store.db.collection<CheckpointDocument>(names.relay);
    this.producer = opts.kafka.producer({ maxInFlightRequests: 1, allowAutoTopicCreation: true });
    this.batchSize = opts.batchSize ?? 500;
    this.idleDelayMs = opts.idleDelayMs ?? 50;
    this.idleDelay = this.idleDelayMs;
    this.holeProbeEvery = opts.holeTimeoutMs ?? 5000;
    this.sweeper = new Sweeper(opts);
    this.listen();
  }

  /** Hears every append of its own store from the moment it exists, so it publishes them unread. */
  private listen(): void {
    this.unsubscribe ??= this.opts.store.onAppended((entry) => {
      this.recent.set(entry.position, entry);
      if (this.recent.size > RECENT_ENTRIES) this.recent.delete(this.recent.keys().next().value!);
      this.notify();
    });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    this.stopping = false;
    this.sweeper.restart();
    this.listen();
    this.running = this.loop();
  }

  /** Finishes the batch in hand, lets the lease go so another instance takes over at once, disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.wake?.();
    await this.running;
    this.running = undefined;
    if (this.lease.stillHeld(0)) await this.saveCheckpoint(true);
    await this.lease.release().catch(() => undefined);
    await this.producer.disconnect();
  }

  /**
   * Nudges an idle relay to look for new commits now. The relay already hears every append of its own
   * store; this is for appends it cannot hear (another store instance in the process).
   */
  notify(): void {
    this.idleDelay = this.idleDelayMs;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        const published = await this.publishBatch();
        failures = 0;
        if (published === 0) {
          // A standby polls the lease often enough to take it over soon after it expires.
          const max = this.opts.maxIdleDelayMs ?? 1000;
          const cap = this.lease.stillHeld(0) ? max : Math.min(max, this.lease.ttlMs / 10);
          const delay = Math.min(cap, this.idleDelay);
          this.idleDelay = Math.min(cap, delay * 2);
          await this.sleep(delay);
        } else this.idleDelay = this.idleDelayMs;
      } catch (err) {
        failures++;
        const delay = Math.min(5000, 100 * 2 ** failures);
        this.opts.logger.warn({ err, delay }, 'relay batch failed; will retry');
        this.checkpoint = undefined;
        await this.sleep(delay);
      }
    }
  }

  /** One round: hold the lease, send what the log holds past the checkpoint, move the checkpoint. */
  async publishBatch(): Promise<number> {
    const { store, topic } = this.opts;
    if (!(await this.lease.acquire())) {
      this.checkpoint = undefined; // another instance may move it meanwhile
      this.savedCheckpoint = undefined;
      return 0;
    }
    await this.sweeper.now();
    const cpId = `checkpoint:${topic}`;
    if (this.checkpoint === undefined) {
      this.checkpoint = (await this.checkpoints.findOne({ _id: cpId }))?.position ?? 0;
      this.savedCheckpoint = this.checkpoint;
    }
    const { entries, holeAt } = await this.readLog(this.checkpoint + 1);
    if (holeAt !== undefined && entries.length === 0) await this.handleHole(holeAt);
    if (entries.length === 0) {
      await this.saveCheckpoint(true); // caught up: what was sent is recorded before the relay idles
      await this.sweeper.atStartup().catch((err: unknown) => {
        this.sweeper.again();
        throw err;
      });
      return 0;
    }
    // Entries that carry their commit need no read; the others are fetched in parallel. Then each stream
    // is kept in order, and what an earlier chain already covered is dropped.
    const chains: CommitDocument[][] = [];
    for (let i = 0; i < entries.length; i += 64) {
      const slice = entries.slice(i, i + 64);
      chains.push(
        ...(await Promise.all(slice.map((e) => store.commitsUpTo(e, this.published.get(e.streamId) ?? 0)))),
      );
    }
    const commits: CommitDocument[] = [];
    const done = new Map<string, number>();
    for (const chain of chains) {
      for (const c of chain) {
        if (c.toVersion <= (done.get(c.streamId) ?? this.published.get(c.streamId) ?? 0)) continue;
        commits.push(c);
        done.set(c.streamId, c.toVersion);
      }
    }
    const events = commits.flatMap((c) => store.envelopes(c));
    const last = entries.at(-1)!.position;
    if (events.length > 0) {
      const { producer, instanceId, lease } = this;
      await publish({ producer, topic, lease, instanceId, onPublished: this.opts.onPublished }, events);
    }
    this.checkpoint = last;
    await this.saveCheckpoint(false);
    this.holeProbeEvery = this.opts.holeTimeoutMs ?? 5000;
    for (const p of this.recent.keys()) if (p <= last) this.recent.delete(p);
    if (this.published.size > 100_000) this.published.clear();
    for (const [s, v] of done) this.published.set(s, v);
    return events.length;
  }

  /** Writes the checkpoint when it moved, at most every CHECKPOINT_EVERY_MS unless `now`. */
  private async saveCheckpoint(now: boolean): Promise<void> {
    const position = this.checkpoint;
    if (position === undefined || position === this.savedCheckpoint) return;
    if (!now && Date.now() - this.savedAt < CHECKPOINT_EVERY_MS) return;
    this.savedAt = Date.now();
    try {
      await this.checkpoints.replaceOne(
        { _id: `checkpoint:${this.opts.topic}` },
        { position },
        { upsert: true },
      );
      this.savedCheckpoint = position;
    } catch (err) {
      this.opts.logger.warn({ err }, 'checkpoint not saved; what came after the last one will be sent again');
    }
  }

  /**
   * The log from `from` on: what this process appended comes from memory; the rest by `_id`, one lookup
   * for a miss. A miss is looked at as a possible hole only when this process knows of a later position,
   * or once every `holeTimeoutMs` otherwise (a few lookups further on).
   */
  private async readLog(from: number): Promise<{ entries: LogEntry[]; holeAt?: number }> {
    const { store } = this.opts;
    const entries: LogEntry[] = [];
    let p = from;
    for (; entries.length < this.batchSize; p++) {
      const e = this.recent.get(p);
      if (!e) break;
      entries.push(e);
    }
    // What this process appended is published first; the store is read from where it ends next round.
    if (entries.length > 0) return { entries };
    // This process is inserting that position right now: the listener brings it, nothing to look up.
    if (store.log.isInserting(p)) return { entries };
    // Read up to the next entry this process already holds (another process's appends lie in between).
    let held = Infinity;
    for (const k of this.recent.keys()) if (k > p && k < held) held = k;
    const read = await store.log.read(p, Math.min(this.batchSize, held - p));
    if (read.entries.length > 0 || read.holeAt !== undefined) return read;
    if (store.log.isInserting(p)) return { entries };
    const knownLater = store.log.highestTaken > p || held !== Infinity;
    const probeDue = Date.now() - this.lastHoleProbe >= this.holeProbeEvery;
    if (!knownLater && !probeDue && this.hole?.position !== p) return { entries };
    // A later position of this process still being inserted says nothing yet about `p`: wait for it.
    if (!probeDue && this.hole?.position !== p && store.log.busy) return { entries };
    this.lastHoleProbe = Date.now();
    if (await store.log.anyAfter(p)) {
      this.holeProbeEvery = this.opts.holeTimeoutMs ?? 5000;
      return { entries, holeAt: p };
    }
    // Nothing after the miss: the store is idle, so look less often (a hole found later only waits longer).
    this.holeProbeEvery = Math.min(this.opts.maxHoleProbeMs ?? 30_000, this.holeProbeEvery * 2);
    return { entries };
  }

  /** A position missing while later ones exist: wait for its writer, and fill it if the writer is gone. */
  private async handleHole(position: number): Promise<void> {
    if (this.hole?.position !== position) {
      this.hole = { position, since: Date.now() };
      return;
    }
    if (Date.now() - this.hole.since < (this.opts.holeTimeoutMs ?? 5000)) return;
    if (await this.opts.store.log.fillHole(position)) {
      this.opts.logger.warn({ position }, 'filled a hole in the log whose writer never came back');
    }
    this.hole = undefined;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }
}
