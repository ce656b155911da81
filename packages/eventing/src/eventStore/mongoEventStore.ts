import { createHash, randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { ConcurrencyError, FivesocError, ValidationError } from '@fivesoc/service-kit';
import type { EventRegistry, NewEvent } from '../contracts/index.ts';
import {
  collectionNames,
  commitIdOf,
  isDuplicateKey,
  type CommitDocument,
  type HintDocument,
  type IdempotencyClaim,
  type LogEntry,
  type StreamCache,
} from './documents.ts';
import { PositionLog } from './positionLog.ts';
import type { AppendOptions, AppendResult, EventStore, ExpectedVersion, StoredEvent } from './types.ts';

const MAX_EVENTS_PER_APPEND = 500;
/** A claimed idempotency key whose append never finished (its process died) may be taken over after this. */
const ABANDONED_CLAIM_MS = 30_000;
/** Rewrite a stream's cache once readers have to walk this many commits past it. */
const CACHE_REFRESH_WALK = 4;

export interface MongoEventStoreOptions {
  db: Db;
  registry: EventRegistry;
  /** Collection name prefix (default `es_`). */
  prefix?: string;
}

interface LoadedStream {
  commits: CommitDocument[];
  version: number;
  /** Commits found past the cached prefix. */
  walked: number;
  /** Version the shared cache document had when this process last read or wrote it. */
  sharedVersion: number;
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
  }

  /** Creates the collections' secondary index (for the sweeper on MongoDB); idempotent. */
  async init(): Promise<this> {
    await this.commits.createIndex({ position: 1, committedAt: 1 }, { name: 'unlogged' });
    return this;
  }

  async streamVersion(streamId: string): Promise<number> {
    return (await this.load(streamId)).version;
  }

  async previousAppend(streamId: string, idempotencyKey: string): Promise<AppendResult | undefined> {
    const claim = await this.claims.findOne({ _id: claimIdOf(streamId, idempotencyKey) });
    if (!claim?.commitId) return undefined;
    const commit = await this.commits.findOne({ _id: claim.commitId });
    return commit?.idempotencyKey === idempotencyKey ? resultOf(commit, true) : undefined;
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
    if (key !== undefined) {
      const earlier = await this.claim(streamId, key);
      if (earlier) return earlier;
    }
    try {
      const stream = await this.load(streamId);
      const current = stream.version;
      const expected =
        expectedVersion === 'no_stream' ? 0 : expectedVersion === 'any' ? current : expectedVersion;
      if (expected !== current) throw new ConcurrencyError(streamId, expected, current);

      const occurredAt = options.occurredAt.toISOString();
      const commit: CommitDocument = {
        _id: commitIdOf(streamId, current + 1),
        streamId,
        fromVersion: current + 1,
        toVersion: current + validated.length,
        prevCommitId: stream.commits.at(-1)?._id ?? null,
        events: validated.map((e, i) => ({
          id: randomUUID(),
          streamVersion: current + 1 + i,
          occurredAt,
          ...e,
        })),
        metadata: stripUndefined(options.metadata),
        committedAt: new Date(),
        ...(key !== undefined ? { idempotencyKey: key } : {}),
      };
      try {
        await this.commits.insertOne(commit);
      } catch (err) {
        if (isDuplicateKey(err))
          throw new ConcurrencyError(streamId, expected, (await this.load(streamId)).version);
        throw err;
      }
      // Stored: from here on the append has happened, whatever fails next. The log entry and the cache are
      // what make it cheap to find; the relay's sweep finds a commit whose process died before logging it.
      if (key !== undefined)
        await this.claims.updateOne({ _id: claimIdOf(streamId, key) }, { $set: { commitId: commit._id } });
      const prev = stream.commits.at(-1);
      commit.position = await this.log.append({
        streamId,
        fromVersion: commit.fromVersion,
        toVersion: commit.toVersion,
        commitId: commit._id,
        prevLogged: prev === undefined || prev.position !== undefined,
        commit: { ...commit },
      });
      await this.commits.updateOne({ _id: commit._id }, { $set: { position: commit.position } });
      await this.refreshCache(streamId, stream, commit);
      return resultOf(commit, false);
    } catch (err) {
      if (key !== undefined)
        await this.claims.deleteOne({ _id: claimIdOf(streamId, key), commitId: { $exists: false } });
      throw err;
    }
  }

  async readStream(streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
    const { commits } = await this.load(streamId);
    return commits.flatMap((c) => this.envelopes(c)).filter((e) => e.streamVersion >= fromVersion);
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

  /** The stream's commits: a cached prefix (this process's, else the shared one), then forward by `_id`. */
  private async load(streamId: string): Promise<LoadedStream> {
    const mine = this.local.get(streamId);
    const shared = mine ? undefined : await this.streams.findOne({ _id: streamId });
    const commits = [...(mine?.commits ?? shared?.commits ?? [])];
    const sharedVersion = mine?.sharedVersion ?? shared?.version ?? 0;
    const cached = commits.length;
    let version = commits.at(-1)?.toVersion ?? 0;
    for (;;) {
      const next = await this.commits.findOne({ _id: commitIdOf(streamId, version + 1) });
      if (!next) break;
      commits.push(next);
      version = next.toVersion;
    }
    this.remember(streamId, { commits, version, sharedVersion });
    return { commits, version, sharedVersion, walked: commits.length - cached };
  }

  private remember(streamId: string, entry: Omit<LoadedStream, 'walked'>): void {
    this.local.delete(streamId);
    this.local.set(streamId, entry);
    if (this.local.size > LOCAL_CACHE_STREAMS) this.local.delete(this.local.keys().next().value!);
  }

  private async refreshCache(streamId: string, stream: LoadedStream, commit: CommitDocument): Promise<void> {
    const commits = [...stream.commits, commit];
    const stale = commit.toVersion - stream.sharedVersion >= CACHE_REFRESH_WALK;
    this.remember(streamId, {
      commits,
      version: commit.toVersion,
      sharedVersion: stale ? commit.toVersion : stream.sharedVersion,
    });
    if (!stale) return;
    // Any writer may overwrite the cache with an older prefix; it stays a true prefix, so it is still right.
    try {
      await this.streams.replaceOne(
        { _id: streamId },
        { version: commit.toVersion, commits },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // two first upserts raced; the other one's prefix will do
    }
  }

  /** Claims an idempotency key; returns the first append's result when the key was used before. */
  private async claim(streamId: string, key: string): Promise<AppendResult | undefined> {
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
