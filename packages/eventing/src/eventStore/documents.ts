import type { EventMetadata } from '../contracts/index.ts';

/**
 * What the store keeps, and why it is shaped so. The store must be correct on MongoDB and on
 * MongoDB-compatible servers without transactions (FerretDB 1.x), where the one primitive that holds under
 * concurrency is "insert with a unique key", and the one fast query is by `_id`. So every document is
 * found by `_id`, and every race is decided by an insert. See docs/event-store.md.
 */

/**
 * One append: all its events in one document, so they land together or not at all. The `_id` is
 * `<streamId>@<fromVersion>`: two appends that saw the same head collide on it and one gets a conflict.
 */
export interface CommitDocument {
  _id: string;
  streamId: string;
  fromVersion: number;
  toVersion: number;
  /** The commit before this one in the stream (none for the first), so readers can walk back. */
  prevCommitId: string | null;
  events: CommitEvent[];
  metadata: EventMetadata;
  committedAt: Date;
  idempotencyKey?: string;
  /** The store instance (process) that wrote it: the sweep looks for unlogged commits of dead appenders only. */
  appender?: string;
  /** Log position, written by the appender once the log entry is in; missing means "not logged yet". */
  position?: number;
}

export interface CommitEvent {
  id: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  occurredAt: string;
  payload: unknown;
}

/**
 * The store's total order: entry n exists only if every entry before it does (positions are taken by
 * inserting at the next free `_id`), so a reader that meets a missing entry has reached the end.
 */
export interface LogEntry {
  _id: string;
  position: number;
  streamId: string;
  fromVersion: number;
  toVersion: number;
  commitId: string;
  /** The stream's previous commit was already logged when this one was: readers need not look back. */
  prevLogged?: boolean;
  /**
   * A copy of the commit (the outbox row), so the relay reads one document per commit, not two. Absent on
   * entries the sweep wrote and on filled holes; readers then fetch the commit itself.
   */
  commit?: Omit<CommitDocument, 'position'>;
  /** A hole filled by the relay after its writer died: no commit behind it. */
  void?: boolean;
}

/** A cache of a stream's commits (a prefix of it, possibly stale); readers walk forward from its end. */
export interface StreamCache {
  _id: string;
  version: number;
  commits: CommitDocument[];
}

/** Claims an idempotency key for a stream before the append, so a repeat finds the first answer. */
export interface IdempotencyClaim {
  _id: string;
  streamId: string;
  commitId?: string;
  claimedAt: Date;
}

/**
 * A live appender (one store instance): it beats while it may have commits not yet logged, and deletes
 * itself when it has none. One whose beat stopped died, and only its commits are searched by the sweep.
 */
export interface AppenderDocument {
  _id: string;
  startedAt: Date;
  beatAt: Date;
}

export interface HintDocument {
  _id: string;
  value: number;
}

const pad = (n: number) => String(n).padStart(12, '0');
export const commitIdOf = (streamId: string, fromVersion: number) => `${streamId}@${pad(fromVersion)}`;
export const logIdOf = (position: number) => pad(position);

export const collectionNames = (prefix: string) => ({
  commits: `${prefix}commits`,
  log: `${prefix}log`,
  streams: `${prefix}streams`,
  idempotency: `${prefix}idempotency`,
  hints: `${prefix}hints`,
  leases: `${prefix}leases`,
  relay: `${prefix}relay`,
  appenders: `${prefix}appenders`,
});

export const DUPLICATE_KEY = 11000;
export const isDuplicateKey = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === DUPLICATE_KEY;
