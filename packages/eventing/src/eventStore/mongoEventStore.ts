import { createHash, randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { ConcurrencyError, FivesocError, ValidationError } from '@fivesoc/service-kit';
import type { EventRegistry, NewEvent } from '../contracts/index.ts';
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
import { PositionLog } from './positionLog.ts';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  ReadOptions,
  Stored,
  StoredEvent,
} from './types.ts';

const MAX_EVENTS_PER_APPEND = 500;
/** A claimed idempotency key whose append never finished (its process died) may be taken over after this. */
const ABANDONED_CLAIM_MS = 30_000;
/** Rewrite a stream's cache once readers have to walk this many commits past it. */
const CACHE_REFRESH_WALK = 8;
/** Updates per bulk command off the request path (FerretDB 1.24 deadlocks on large update commands). */
const POSITIONS_PER_COMMAND = 10;
/** How long a position waits for others to share its command. */
const POSITION_DELAY_MS = 20;

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

interface LoadedStream {
  commits: CommitDocument[];
  version: number;
  /** Commits found past the cached prefix. */
  walked: number;
  /** Version the shared cache document had when this process last read or wrote it. */
  sharedVersion: number;
  /** When this process last saw the stream's end on the server (a lookup past it, or its own append). */
  seenAt: number;
}

/** Streams this process read or wrote last: a true prefix each (commits never change), so a hint too. */
const LOCAL_CACHE_STREAMS = 2000;

/** The event store on MongoDB or a MongoDB-wire server, without transactions; see documents.ts. */
export class MongoEventStore implements EventStore {
  readonly commits: Collection<CommitDocument>;
  readonly log: PositionLog;
  readonly db: Db;
  readonly prefix: string;
  private readonly logEntries: Collection<LogEntry>;
  private readonly streams: Collection<StreamCache>;
  private readonly claims: Collection<IdempotencyClaim>;
  private readonly registry: EventRegistry;
  private readonly local = new Map<string, Omit<LoadedStream, 'walked'>>();
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
  /** Positions to write onto their commits, in bulk and off the request path (a hint for readers). */
  private positions: { _id: string; position: number }[] = [];
  private writingPositions: Promise<void> | undefined;

  constructor(opts: MongoEventStoreOptions) {
    this.db = opts.db;
    this.prefix = opts.prefix ?? 'es_';
    const names = collectionNames(this.prefix);
    this.commits = opts.db.collection<CommitDocument>(names.commits);
    this.logEntries = opts.db.collection<LogEntry>(names.log);
    this.streams = opts.db.collection<StreamCache>(names.streams);
    this.claims = opts.db.collection<IdempotencyClaim>(names.idempotency);
    this.log = new PositionLog(this.logEntries, opts.db.collection<HintDocument>(names.hints));
    this.registry = opts.registry;
    this.appenders = opts.db.collection<AppenderDocument>(names.appenders);
    this.commitInserts = new GroupInsert(this.commits);
    this.heartbeatMs = opts.heartbeatMs ?? 5000;
  }

  /** Calls `listener` with each log entry this store writes; returns the function that stops it. */
  onAppended(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Waits for the writes made off the request path (positions on commits, stream caches). */
  async flush(): Promise<void> {
    while (this.writingPositions) await this.writingPositions;
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
      this.queuePosition(c._id, position);
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
    return (await this.load(streamId, true)).version;
  }

  async previousAppend(streamId: string, idempotencyKey: string): Promise<AppendResult | undefined> {
    const claim = await this.claims.findOne({ _id: claimIdOf(streamId, idempotencyKey) });
    if (!claim) return undefined;
    if (claim.commitId) {
      const commit = await this.commits.findOne({ _id: claim.commitId });
      return commit?.idempotencyKey === idempotencyKey ? resultOf(commit, true) : undefined;
    }
    // A claim names no commit: the commit carrying the key, if it was stored, is in the stream.
    const { commits } = await this.load(streamId, true);
    const commit = commits.find((c) => c.idempotencyKey === idempotencyKey);
    return commit ? resultOf(commit, true) : undefined;
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
    if (!streamId || streamId.length > 200)
      throw new ValidationError('streamId', 'must be 1 to 200 characters');
    if (events.length === 0) throw new ValidationError('events', 'an append needs at least one event');
    if (events.length > MAX_EVENTS_PER_APPEND) {
      throw new ValidationError('events', `at most ${MAX_EVENTS_PER_APPEND} events per append`);
    }
    // Validate every payload before touching the store: bad input changes nothing.
    const validated = events.map((e, i) => {
      try {
        const version = this.registry.currentVersion(e.type);
        return {
          type: e.type,
          schemaVersion: version,
          payload: this.registry.validate(e.type, version, e.payload),
        };
      } catch (err) {
        if (err instanceof ValidationError)
          throw new ValidationError(`events.${i}.${err.field}`, err.message);
        throw err;
      }
    });

    const key = options.idempotencyKey;
    // A key the caller claimed is the caller's to release; one claimed here is released here.
    const ownsClaim = key !== undefined && !options.keyClaimed;
    if (key !== undefined && ownsClaim) {
      const earlier = await this.claimKey(streamId, key);
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
        (expectedVersion === 0 || expectedVersion === 'no_stream') && !this.local.has(streamId)
          ? { commits: [], version: 0, sharedVersion: 0, seenAt: 0, walked: 0 }
          : await this.load(streamId, false);
      const expectedOf = (current: number) =>
        expectedVersion === 'no_stream' ? 0 : expectedVersion === 'any' ? current : expectedVersion;
      if (expectedOf(stream.version) !== stream.version) stream = await this.load(streamId, true);
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
          this.local.delete(streamId);
          throw new ConcurrencyError(streamId, expected, (await this.load(streamId, true)).version);
        }
        throw err;
      }
      // Stored: from here on the append has happened, whatever fails next. The log entry and the cache are
      // what make it cheap to find; should this process die before logging it, the sweep finds it.
      stored = true;
      this.lastAppendAt = Date.now();
      const commits = [...stream.commits, commit];
      this.remember(streamId, {
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
      this.queuePosition(commit._id, commit.position);
      this.refreshCache(streamId, stream, commits);
      const logged = { ...entry, _id: '', position: commit.position };
      for (const listener of this.listeners) listener(logged);
      return resultOf(commit, false);
    } catch (err) {
      if (key !== undefined && ownsClaim && !stored)
        await this.claims.deleteOne({ _id: claimIdOf(streamId, key), commitId: { $exists: false } });
      throw err;
    } finally {
      this.appending--;
    }
  }

  /** Positions go onto their commits in the background, a few per bulk command (see docs/event-store.md). */
  private queuePosition(_id: string, position: number): void {
    this.positions.push({ _id, position });
    this.writingPositions ??= (async () => {
      try {
        // A moment's wait gathers the positions of appends in a row into one command.
        await new Promise((r) => setTimeout(r, POSITION_DELAY_MS));
        while (this.positions.length > 0) {
          const chunk = this.positions.splice(0, POSITIONS_PER_COMMAND);
          await this.commits
            .bulkWrite(
              chunk.map((p) => ({
                updateOne: { filter: { _id: p._id }, update: { $set: { position: p.position } } },
              })),
              { ordered: false },
            )
            .catch(() => undefined); // only a hint: readers fall back to the log entry's own prevLogged
        }
      } finally {
        this.writingPositions = undefined;
      }
    })();
  }

  async readStream<E extends NewEvent = NewEvent>(
    streamId: string,
    fromVersion = 1,
    opts: ReadOptions = {},
  ): Promise<Stored<E>[]> {
    const mine = this.local.get(streamId);
    const fresh =
      mine !== undefined && opts.maxAgeMs !== undefined && Date.now() - mine.seenAt <= opts.maxAgeMs;
    const { commits } = fresh ? mine : await this.load(streamId, true);
    const events = commits.flatMap((c) => this.envelopes(c)).filter((e) => e.streamVersion >= fromVersion);
    // Each payload went through the registry in `envelopes`: the one place a stored event becomes an `E`.
    return events as Stored<E>[];
  }

  /**
   * Events in log order from `fromPosition`, about `batch` of them. A commit is preceded by any earlier
   * commit of its stream that is not yet at an earlier position, so each stream stays in version order.
   */
  async readAll(fromPosition: number, batch: number): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    const emitted = new Map<string, number>();
    let from = fromPosition;
    while (out.length < batch) {
      const { entries } = await this.log.read(from, Math.max(16, batch));
      if (entries.length === 0) break;
      for (const entry of entries) {
        for (const c of await this.commitsUpTo(entry, emitted.get(entry.streamId) ?? 0)) {
          out.push(...this.envelopes(c, entry.position));
          emitted.set(c.streamId, c.toVersion);
        }
        if (out.length >= batch) break;
      }
      from = entries.at(-1)!.position + 1;
    }
    return out;
  }

  /**
   * The commit of a log entry, preceded by any earlier commits of its stream (after `doneVersion`) that
   * were not logged before it: an appender that stalled between its commit and its log entry.
   */
  async commitsUpTo(entry: LogEntry, doneVersion: number): Promise<CommitDocument[]> {
    if (entry.void || entry.toVersion <= doneVersion) return [];
    if (entry.prevLogged && entry.commit) return [{ ...entry.commit, position: entry.position }];
    const commit = await this.commits.findOne({ _id: entry.commitId });
    if (!commit) throw new Error(`log entry ${entry.position} names missing commit ${entry.commitId}`);
    const chain = [commit];
    let prev = entry.prevLogged ? null : commit.prevCommitId;
    while (prev) {
      const p = await this.commits.findOne({ _id: prev });
      if (!p || p.toVersion <= doneVersion) break;
      if (p.position !== undefined && p.position < entry.position) break;
      chain.unshift(p);
      prev = p.prevCommitId;
    }
    return chain;
  }

  /** Commit → envelopes, each payload read as its type's current schema version. */
  envelopes(c: CommitDocument, position = c.position ?? 0): StoredEvent[] {
    return c.events.map((e) => {
      const { version, payload } = this.registry.upcast(e.type, e.schemaVersion, e.payload);
      return {
        id: e.id,
        streamId: c.streamId,
        streamVersion: e.streamVersion,
        type: e.type,
        schemaVersion: version,
        occurredAt: e.occurredAt,
        payload,
        metadata: c.metadata,
        position,
      };
    });
  }

  /** Commits appended but never logged (their appender died in between), older than `olderThanMs`. */
  async unloggedCommits(olderThanMs: number, limit = 1000): Promise<CommitDocument[]> {
    return this.commits
      .find({ position: { $exists: false }, committedAt: { $lt: new Date(Date.now() - olderThanMs) } })
      .limit(limit)
      .toArray();
  }

  /**
   * Commits left unlogged by appenders that died (their beat stopped `deadAfterMs` ago): the appenders'
   * own table is read (one document per live store), and the commits are searched only for a dead one.
   * Returns them with the function that forgets the dead appender once they are logged.
   */
  async deadAppendersCommits(
    deadAfterMs: number,
  ): Promise<{ appender: string; beatAt: Date; commits: CommitDocument[] }[]> {
    const cutoff = new Date(Date.now() - deadAfterMs);
    const dead = (await this.appenders.find({}).limit(1000).toArray()).filter(
      (a) => a._id !== this.appenderId && a.beatAt < cutoff,
    );
    const out: { appender: string; beatAt: Date; commits: CommitDocument[] }[] = [];
    for (const a of dead) {
      const commits = await this.commits
        .find({ appender: a._id, position: { $exists: false } })
        .limit(10_000)
        .toArray();
      out.push({ appender: a._id, beatAt: a.beatAt, commits });
    }
    return out;
  }

  /**
   * Forgets a dead appender once its unlogged commits are logged, unless it beat since it was found dead
   * (it was only slow, and may have stored more since the search).
   */
  async forgetAppender(appender: string, beatAt: Date): Promise<void> {
    await this.appenders.deleteOne({ _id: appender, beatAt });
  }

  /** Gives an unlogged commit its log entry (the sweep); a duplicate entry is harmless to readers. */
  async logCommit(c: CommitDocument): Promise<number> {
    const position = await this.log.append({
      streamId: c.streamId,
      fromVersion: c.fromVersion,
      toVersion: c.toVersion,
      commitId: c._id,
    });
    await this.commits.updateOne({ _id: c._id }, { $set: { position } });
    return position;
  }

  /**
   * The stream's commits: this process's cached prefix, else the shared cache, then forward by `_id`.
   * `verify: false` trusts this process's cache as the head (an append's insert decides any race, so a
   * stale head only costs a conflict); readers verify with one lookup past its end. A stream this process
   * does not know costs one lookup when it is new: its first commit.
   */
  private async load(streamId: string, verify: boolean): Promise<LoadedStream> {
    const mine = this.local.get(streamId);
    if (mine && !verify) return { ...mine, walked: 0 };
    let commits: CommitDocument[];
    let sharedVersion: number;
    if (mine) {
      commits = [...mine.commits];
      sharedVersion = mine.sharedVersion;
    } else {
      const first = await this.commits.findOne({ _id: commitIdOf(streamId, 1) });
      const shared = first ? await this.streams.findOne({ _id: streamId }) : null;
      commits = shared?.commits.length ? [...shared.commits] : first ? [first] : [];
      sharedVersion = shared?.version ?? 0;
    }
    const cached = commits.length;
    let version = commits.at(-1)?.toVersion ?? 0;
    // A stream whose first commit was just looked up and is missing is new: no second lookup of it.
    const isNew = !mine && commits.length === 0;
    while (!isNew) {
      const next = await this.commits.findOne({ _id: commitIdOf(streamId, version + 1) });
      if (!next) break;
      commits.push(next);
      version = next.toVersion;
    }
    const seenAt = Date.now();
    this.remember(streamId, { commits, version, sharedVersion, seenAt });
    return { commits, version, sharedVersion, seenAt, walked: commits.length - cached };
  }

  private remember(streamId: string, entry: Omit<LoadedStream, 'walked'>): void {
    this.local.delete(streamId);
    this.local.set(streamId, entry);
    if (this.local.size > LOCAL_CACHE_STREAMS) this.local.delete(this.local.keys().next().value!);
  }

  /** Every few commits, the shared cache is rewritten (off the request path: it is only a hint). */
  private refreshCache(streamId: string, stream: LoadedStream, commits: CommitDocument[]): void {
    const version = commits.at(-1)!.toVersion;
    if (version - stream.sharedVersion < CACHE_REFRESH_WALK) return;
    this.remember(streamId, { commits, version, sharedVersion: version, seenAt: stream.seenAt });
    // Any writer may overwrite the cache with an older prefix; it stays a true prefix, so it is still right.
    void this.streams
      .replaceOne({ _id: streamId }, { version, commits }, { upsert: true })
      .catch(() => undefined); // two first upserts raced (the other prefix will do), or the server failed
  }

  /**
   * Claims an idempotency key: one insert, and the earlier append is looked up only when the key is taken.
   * Returns the first append's result when the key was used before. A caller that claims before its own
   * work (so that a repeat does none of it) appends with `keyClaimed` and calls `releaseClaim` on failure.
   */
  async claimKey(streamId: string, key: string): Promise<AppendResult | undefined> {
    const _id = claimIdOf(streamId, key);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.claims.insertOne({ _id, streamId, claimedAt: new Date() });
        return undefined;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const earlier = await this.previousAppend(streamId, key);
      if (earlier) return earlier;
      const claim = await this.claims.findOne({ _id });
      if (claim && Date.now() - claim.claimedAt.getTime() < ABANDONED_CLAIM_MS) {
        throw new FivesocError('CONFLICT', 'a request with this Idempotency-Key is still in progress', {
          streamId,
        });
      }
      await this.claims.deleteOne({ _id, commitId: { $exists: false } });
    }
    throw new FivesocError('CONFLICT', 'could not claim the Idempotency-Key', { streamId });
  }

  /**
   * Gives up a claim made by `claimKey` whose work failed, unless a commit carrying the key was stored (then
   * the append happened, and a repeat must find it). Only on the failure path, so the stream is read.
   */
  async releaseClaim(streamId: string, key: string): Promise<void> {
    const { commits } = await this.load(streamId, true);
    if (commits.some((c) => c.idempotencyKey === key)) return;
    await this.claims.deleteOne({ _id: claimIdOf(streamId, key), commitId: { $exists: false } });
  }
}

/** The log entry of a commit: its place in the total order, with a copy of it (the outbox row). */
function logEntryOf(c: CommitDocument, prevLogged: boolean): Omit<LogEntry, '_id' | 'position'> {
  const { position: _p, ...copy } = c;
  return {
    streamId: c.streamId,
    fromVersion: c.fromVersion,
    toVersion: c.toVersion,
    commitId: c._id,
    prevLogged,
    commit: copy,
  };
}

const claimIdOf = (streamId: string, key: string) =>
  `${streamId}|${createHash('sha256').update(key).digest('base64url')}`;

function resultOf(c: CommitDocument, replayed: boolean): AppendResult {
  return {
    streamId: c.streamId,
    fromVersion: c.fromVersion,
    toVersion: c.toVersion,
    position: c.position ?? 0,
    eventIds: c.events.map((e) => e.id),
    replayed,
  };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
