import { ConcurrencyError } from '@fivesoc/service-kit';
import type { EventMetadata, NewEvent } from '../contracts/index.ts';
import type { AppendResult, EventStore } from '../eventStore/index.ts';
import { aggregate, type Decider } from './decider.ts';

export interface HandleOptions {
  metadata: EventMetadata;
  now: Date;
  /** From `If-Match`: the caller decided on this version; a different one is a conflict, never retried. */
  expectedVersion?: number;
  idempotencyKey?: string;
  /**
   * The caller asked `previousAppend` for this key just before and found nothing, so it is not asked
   * again (the store's claim of the key still decides a race with a concurrent repeat).
   */
  idempotencyChecked?: boolean;
  /**
   * The caller claimed the key itself (`store.claimKey`, before work of its own that a repeat must not do):
   * the append does not claim it again. The caller releases the claim if this throws.
   */
  idempotencyClaimed?: boolean;
  /**
   * The stream is new for certain (its id was made for this command): it is not read, and should it
   * exist after all, the append's insert of its first commit answers a conflict.
   */
  newStream?: boolean;
  /**
   * How many times to reload and decide again when another writer got in first. Only for commands whose
   * decision does not depend on what the caller saw (no `expectedVersion`); 0 by default.
   */
  retriesOnConflict?: number;
  /**
   * The caller decided to send this command on the stream at this version (a consumer holding its event):
   * the first attempt decides on this process's cache when it holds that much (`ReadOptions`); a head the
   * cache missed only costs a conflict, after which the stream is read from the server.
   */
  atLeastVersion?: number;
}

export interface HandleResult<State, Event extends NewEvent> {
  state: State;
  events: Event[];
  /** Undefined when the decision produced no events (nothing to store). */
  append?: AppendResult;
  version: number;
}

/** load → decide → append, with the domain's decider kept pure. */
export async function handleCommand<State, Command, Event extends NewEvent>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  streamId: string,
  command: Command,
  opts: HandleOptions,
): Promise<HandleResult<State, Event>> {
  const retries = opts.expectedVersion === undefined ? (opts.retriesOnConflict ?? 0) : 0;
  const key = opts.idempotencyKey;
  // A repeated key answers as the first time did, even if the stream has moved on since. The key is
  // claimed first (one insert; the earlier append is looked up only when the key is taken).
  if (key === undefined || opts.idempotencyChecked || opts.idempotencyClaimed)
    return decideAndAppend(store, decider, streamId, command, opts, retries, !!opts.idempotencyClaimed);
  const earlier = await store.claimKey(streamId, key);
  if (earlier) return { ...(await reload(store, decider, streamId)), events: [], append: earlier };
  let appended = false;
  try {
    const r = await decideAndAppend(store, decider, streamId, command, opts, retries, true);
    appended = r.append !== undefined;
    return r;
  } finally {
    // Nothing stored (or the store failed after storing: then the claim stays, found by the commit's key).
    if (!appended) await store.releaseClaim(streamId, key).catch(() => undefined);
  }
}

async function reload<State, Command, Event extends NewEvent>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  streamId: string,
  atLeastVersion?: number,
) {
  const opts = atLeastVersion !== undefined ? { atLeastVersion } : {};
  const { state, version } = await aggregate(store, decider, streamId, opts);
  return { state, version };
}

async function decideAndAppend<State, Command, Event extends NewEvent>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  streamId: string,
  command: Command,
  opts: HandleOptions,
  retries: number,
  keyClaimed: boolean,
): Promise<HandleResult<State, Event>> {
  for (let attempt = 0; ; attempt++) {
    // A new stream is not read the first time; after a conflict it is.
    const loaded =
      opts.newStream && attempt === 0
        ? { state: decider.initialState(), version: 0 }
        : await reload(store, decider, streamId, attempt === 0 ? opts.atLeastVersion : undefined);
    const version = loaded.version;
    let state = loaded.state;
    if (opts.expectedVersion !== undefined && opts.expectedVersion !== version) {
      throw new ConcurrencyError(streamId, opts.expectedVersion, version);
    }
    const events = decider.decide(command, state, {
      now: opts.now,
      ...(opts.metadata.actor ? { actor: opts.metadata.actor } : {}),
    });
    if (events.length === 0) return { state, events, version };
    try {
      const append = await store.append(streamId, version, events, {
        metadata: opts.metadata,
        occurredAt: opts.now,
        ...(opts.idempotencyKey !== undefined ? { idempotencyKey: opts.idempotencyKey } : {}),
        ...(keyClaimed ? { keyClaimed: true } : {}),
      });
      if (append.replayed) return { ...(await reload(store, decider, streamId)), events: [], append };
      for (const e of events) state = decider.evolve(state, e);
      return { state, events, append, version: append.toVersion };
    } catch (err) {
      if (err instanceof ConcurrencyError && attempt < retries) continue;
      throw err;
    }
  }
}
