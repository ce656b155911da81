import type { EventEnvelope, EventMetadata, NewEvent } from '../contracts/index.ts';

/** `no_stream`: the stream must not exist; `any`: append at the end, whatever it is; a number: exactly that. */
export type ExpectedVersion = number | 'no_stream' | 'any';

export interface AppendOptions {
  /** The same key on the same stream returns the first append's result and stores nothing new. */
  idempotencyKey?: string;
  metadata: EventMetadata;
  /** When the command was decided; the store never reads the clock for domain time. */
  occurredAt: Date;
  /**
   * The caller claimed `idempotencyKey` itself (`claimKey`, before work it does not want repeated): the
   * append does not claim it again, and the caller calls `releaseClaim` if anything fails.
   */
  keyClaimed?: boolean;
}

export interface AppendResult {
  streamId: string;
  /** Version of the first and last event of this append. */
  fromVersion: number;
  toVersion: number;
  /** The commit's place in the store's total order. */
  position: number;
  eventIds: string[];
  /** True when an earlier append with the same idempotency key answered. */
  replayed: boolean;
}

export interface ReadOptions {
  /**
   * A stream this process has read from the server or appended to within this many ms is answered from
   * its cache, without the lookup past its end: appends of other processes may be that much late. For
   * reads that decide nothing atomically anyway (another stream's state, checked before an append).
   */
  maxAgeMs?: number;
  /**
   * The caller holds an event of the stream at this version (a consumer handling it): the stream is
   * answered from this process's cache when the cache holds that version, since commits never change and
   * the caller needs at least what the event says, not more. Otherwise it is read from the server.
   */
  atLeastVersion?: number;
}

export interface StoredEvent<P = unknown> extends EventEnvelope<P> {
  position: number;
}

/**
 * A stored event as one of a stream's own events (a decider's `E`): the store has read its payload through
 * the registry (validated, upcast to the current version), so `type` and `payload` are one of its contracts.
 */
export type Stored<E extends NewEvent> = StoredEvent & E;

export interface EventStore {
  append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>;
  /**
   * The stream's events from `fromVersion`. `E` names the stream's event type, as `db.collection<T>()`
   * names a collection's documents: the caller says which stream it reads, the registry vouches for the
   * payloads.
   */
  readStream<E extends NewEvent = NewEvent>(
    streamId: string,
    fromVersion?: number,
    opts?: ReadOptions,
  ): Promise<Stored<E>[]>;
  /** Events of commits at `fromPosition` or later, in position order, at most about `batch` events. */
  readAll(fromPosition: number, batch: number): Promise<StoredEvent[]>;
  streamVersion(streamId: string): Promise<number>;
  /** The result of an earlier append with this idempotency key on this stream, if there was one. */
  previousAppend(streamId: string, idempotencyKey: string): Promise<AppendResult | undefined>;
  /**
   * Claims the key before the caller's own work (one insert; a lookup only when it is taken): the earlier
   * append's result when the key was used, else undefined, and the caller then appends with `keyClaimed`.
   */
  claimKey(streamId: string, idempotencyKey: string): Promise<AppendResult | undefined>;
  /** Gives up a claim whose work failed, unless a commit carrying the key was stored. */
  releaseClaim(streamId: string, idempotencyKey: string): Promise<void>;
}
