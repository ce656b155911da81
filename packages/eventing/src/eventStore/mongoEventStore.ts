import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { ConcurrencyError } from '@fivesoc/service-kit';
import type { EventRegistry, NewEvent } from '../contracts/index.ts';
import { checkedEvents, logEntryOf, resultOf, stripUndefined } from './commitOf.ts';
import {
  collectionNames,
  commitIdOf,
  isDuplicateKey,
  type AppenderDocument,
  type CommitDocument,
  type HintDocument,
  type IdempotencyClaim,
  type LogEntry,
  type StreamCache,
} from './documents.ts';
import { GroupInsert } from './groupInsert.ts';
import { IdempotencyClaims } from './idempotency.ts';
import { LogReader } from './logReader.ts';
import { PositionLog } from './positionLog.ts';
import { PositionWriter } from './positionWriter.ts';
import { StreamLoader, type LoadedStream } from './streamLoader.ts';
import { SweepQueries } from './sweepQueries.ts';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  ReadOptions,
  Stored,
  StoredEvent,
} from './types.ts';

export interface MongoEventStoreOptions {
  db: Db;
  registry: EventRegistry;
  /** Collection name prefix (default `es_`). */
  prefix?: string;
  /** How often a store with commits in flight says it is alive (default 5 s); dead after 3 missed beats. */
  heartbeatMs?: number;
}

/** Told of every commit this store logged, with its log entry (the relay of the same process listens). */
export type AppendListener = (entry: LogEntry) => void;

/** The event store on MongoDB or a MongoDB-wire server, without transactions; see documents.ts. */
export class MongoEventStore implements EventStore {
  readonly commits: Collection<CommitDocument>;
  readonly log: PositionLog;
  readonly db: Db;
  readonly prefix: string;
  private readonly logEntries: Collection<LogEntry>;
  private readonly streams: Collection<StreamCache>;
  private readonly registry: EventRegistry;
  private readonly streamLoader: StreamLoader;
  private readonly idempotency: IdempotencyClaims;
  private readonly positionWriter: PositionWriter;
  private readonly reader: LogReader;
  /** The relay's sweep (`unloggedCommits`, `deadAppendersCommits`, `forgetAppender`, `logCommit`). */
  readonly sweep: SweepQueries;
  private readonly appenders: Collection<AppenderDocument>;
  private readonly commitInserts: GroupInsert<CommitDocument>;
  private readonly listeners = new Set<AppendListener>();
  /** This store instance in `es_appenders` and on its commits. */
  readonly appenderId = randomUUID();
  private readonly heartbeatMs: number;
  private registration: Promise<void> | undefined;
  private unregistering: Promise<unknown> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | undefined;
  private lastAppendAt = 0;
  private appending = 0;
  /** Commits stored whose log entry failed: logged again on the next beat. */
  private readonly unlogged = new Map<string, CommitDocument>();

  constructor(opts: MongoEventStoreOptions) {
    this.db = opts.db;
    this.prefix = opts.prefix ?? 'es_';
    const names = collectionNames(this.prefix);
    this.commits = opts.db.collection<CommitDocument>(names.commits);
    this.logEntries = opts.db.collection<LogEntry>(names.log);
    this.streams = opts.db.collection<StreamCache>(names.streams);
    this.log = new PositionLog(this.logEntries, opts.db.collection<HintDocument>(names.hints));
    this.registry = opts.registry;
    this.appenders = opts.db.collection<AppenderDocument>(names.appenders);
    this.commitInserts = new GroupInsert(this.commits);
    this.heartbeatMs = opts.heartbeatMs ?? 5000;
    this.streamLoader = new StreamLoader(this.commits, this.streams);
    const claims = opts.db.collection<IdempotencyClaim>(names.idempotency);
    this.idempotency = new IdempotencyClaims(claims, this.commits, this.streamLoader);
    this.positionWriter = new PositionWriter(this.commits);
    this.reader = new LogReader(this.log, this.commits, this.registry);
    this.sweep = new SweepQueries(this.commits, this.appenders, this.log, this.appenderId);
  }

  /** Calls `listener` with each log entry this store writes; returns the function that stops it. */
  onAppended(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Waits for the writes made off the request path (positions on commits, stream caches). */
  async flush(): Promise<void> {
    await this.positionWriter.flush();
  }

  /** Stops the heartbeat after writing what is pending; a store left unlogged commits only if it died. */
  async close(): Promise<void> {
    await this.flush();
    await this.beat();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    if (this.unlogged.size === 0 && this.appending === 0 && this.registration) {
      this.registration = undefined;
      await this.appenders.deleteOne({ _id: this.appenderId }).catch(() => undefined);
    }
  }

  /**
   * Says this store may have commits in flight before it stores one, so that if it dies the sweep knows
   * to look for them. Beats while it appends, and deletes itself once quiet with nothing left unlogged.
   */
  private register(): Promise<void> {
    return (this.registration ??= (async () => {
      await this.unregistering;
      const now = new Date();
      await this.appenders.replaceOne(
        { _id: this.appenderId },
        { startedAt: now, beatAt: now },
        { upsert: true },
      );
      this.heartbeat ??= setInterval(() => void this.beat().catch(() => undefined), this.heartbeatMs);
      this.heartbeat.unref();
    })().catch((err: unknown) => {
      this.registration = undefined;
      throw err;
    }));
  }

  private async beat(): Promise<void> {
    for (const c of [...this.unlogged.values()]) {
      const position = await this.log.append(logEntryOf(c, false));
      this.unlogged.delete(c._id);
      this.positionWriter.queue(c._id, position);
    }
    if (!this.registration) return;
    const quiet = Date.now() - this.lastAppendAt > 2 * this.heartbeatMs;
    if (quiet && this.appending === 0 && this.unlogged.size === 0) {
      await this.flush();
      // An append may have begun while the positions were written: it counts on this registration.
      if (this.appending > 0 || this.unlogged.size > 0) return;
      this.registration = undefined;
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.heartbeat = undefined;
      this.unregistering = this.appenders.deleteOne({ _id: this.appenderId }).catch(() => undefined);
      return;
    }
    await this.appenders.updateOne(
      { _id: this.appenderId },
      { $set: { beatAt: new Date() } },
      { upsert: true },
    );
  }

  /** Creates the collections' secondary index (for the sweeper on MongoDB); idempotent. */
  async init(): Promise<this> {
    await this.commits.createIndex({ position: 1, committedAt: 1 }, { name: 'unlogged' });
    return this;
  }

  async streamVersion(streamId: string): Promise<number> {
    return (await this.streamLoader.load(streamId, true)).version;
  }

  async previousAppend(streamId: string, idempotencyKey: string): Promise<AppendResult | undefined> {
    return this.idempotency.previous(streamId, idempotencyKey);
  }

  /**
   * Claims an idempotency key: one insert, and the earlier append is looked up only when the key is taken.
   * Returns the first append's result when the key was used before. A caller that claims before its own
   * work (so that a repeat does none of it) appends with `keyClaimed` and calls `releaseClaim` on failure.
   */
  async claimKey(streamId: string, key: string): Promise<AppendResult | undefined> {
    return this.idempotency.claim(streamId, key);
  }

  /** Gives up a claim made by `claimKey` whose work failed, unless a commit carrying the key was stored. */
  async releaseClaim(streamId: string, key: string): Promise<void> {
    return this.idempotency.release(streamId, key);
  }

  async append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    // `any` means "at the end, whatever it is": losing a race only means trying at the new end.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.appendOnce(streamId, expectedVersion, events, options);
      } catch (err) {
        if (expectedVersion !== 'any' || !(err instanceof ConcurrencyError) || attempt >= 50) throw err;
      }
    }
  }

  private async appendOnce(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const validated = checkedEvents(this.registry, streamId, events);

    const key = options.idempotencyKey;
    // A key the caller claimed is the caller's to release; one claimed here is released here.
    const ownsClaim = key !== undefined && !options.keyClaimed;
    if (key !== undefined && ownsClaim) {
      const earlier = await this.idempotency.claim(streamId, key);
      if (earlier) return earlier;
    }
    let stored = false;
    this.appending++;
    try {
      // The head as this process last saw it: the commit's insert decides any race, and only a
      // mismatch is checked against the server before it is reported.
      // A stream expected new that this process does not know is not looked up: the insert of its first
      // commit decides, and a stream that exists after all answers a conflict (then it is read).
      let stream: LoadedStream =
        (expectedVersion === 0 || expectedVersion === 'no_stream') && !this.streamLoader.seen(streamId)
          ? { commits: [], version: 0, sharedVersion: 0, seenAt: 0, walked: 0 }
          : await this.streamLoader.load(streamId, false);
      const expectedOf = (current: number) =>
        expectedVersion === 'no_stream' ? 0 : expectedVersion === 'any' ? current : expectedVersion;
      if (expectedOf(stream.version) !== stream.version)
        stream = await this.streamLoader.load(streamId, true);
      const current = stream.version;
      const expected = expectedOf(current);
      if (expected !== current) throw new ConcurrencyError(streamId, expected, current);

      const occurredAt = options.occurredAt.toISOString();
      const prev = stream.commits.at(-1);
      const commit: CommitDocument = {
        _id: commitIdOf(streamId, current + 1),
        streamId,
        fromVersion: current + 1,
        toVersion: current + validated.length,
        prevCommitId: prev?._id ?? null,
        events: validated.map((e, i) => ({
          id: randomUUID(),
          streamVersion: current + 1 + i,
          occurredAt,
          ...e,
        })),
        metadata: stripUndefined(options.metadata),
        committedAt: new Date(),
        appender: this.appenderId,
        ...(key !== undefined ? { idempotencyKey: key } : {}),
      };
      await this.register();
      try {
        await this.commitInserts.insert(commit);
      } catch (err) {
        if (isDuplicateKey(err)) {
          this.streamLoader.forget(streamId);
          throw new ConcurrencyError(
            streamId,
            expected,
            (await this.streamLoader.load(streamId, true)).version,
          );
        }
        throw err;
      }
      // Stored: from here on the append has happened, whatever fails next. The log entry and the cache are
      // what make it cheap to find; should this process die before logging it, the sweep finds it.
      stored = true;
      this.lastAppendAt = Date.now();
      const commits = [...stream.commits, commit];
      this.streamLoader.remember(streamId, {
        commits,
        version: commit.toVersion,
        sharedVersion: stream.sharedVersion,
        seenAt: Date.now(),
      });
      const entry = logEntryOf(commit, prev === undefined || prev.position !== undefined);
      try {
        commit.position = await this.log.append(entry);
      } catch (err) {
        this.unlogged.set(commit._id, commit);
        throw err;
      }
      this.positionWriter.queue(commit._id, commit.position);
      this.streamLoader.refreshCache(streamId, stream, commits);
      const logged = { ...entry, _id: '', position: commit.position };
      for (const listener of this.listeners) listener(logged);
      return resultOf(commit, false);
    } catch (err) {
      if (key !== undefined && ownsClaim && !stored) await this.idempotency.drop(streamId, key);
      throw err;
    } finally {
      this.appending--;
    }
  }

  async readStream<E extends NewEvent = NewEvent>(
    streamId: string,
    fromVersion = 1,
    opts: ReadOptions = {},
  ): Promise<Stored<E>[]> {
    const mine = this.streamLoader.seen(streamId);
    const fresh =
      mine !== undefined &&
      ((opts.maxAgeMs !== undefined && Date.now() - mine.seenAt <= opts.maxAgeMs) ||
        (opts.atLeastVersion !== undefined && mine.version >= opts.atLeastVersion));
    const { commits } = fresh ? mine : await this.streamLoader.load(streamId, true);
    const events = commits.flatMap((c) => this.envelopes(c)).filter((e) => e.streamVersion >= fromVersion);
    // Each payload went through the registry in `envelopes`: the one place a stored event becomes an `E`.
    return events as Stored<E>[];
  }

  /**
   * Events in log order from `fromPosition`, about `batch` of them, each stream in version order.
   */
  readAll(fromPosition: number, batch: number): Promise<StoredEvent[]> {
    return this.reader.readAll(fromPosition, batch);
  }

  /** The commit of a log entry, preceded by any earlier commits of its stream it was not logged after. */
  commitsUpTo(entry: LogEntry, doneVersion: number): Promise<CommitDocument[]> {
    return this.reader.commitsUpTo(entry, doneVersion);
  }

  /** Commit → envelopes, each payload read as its type's current schema version. */
  envelopes(c: CommitDocument, position = c.position ?? 0): StoredEvent[] {
    return this.reader.envelopes(c, position);
  }
}
