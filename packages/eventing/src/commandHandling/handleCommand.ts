import { ConcurrencyError } from '@fivesoc/service-kit';
import type { EventMetadata, NewEvent } from '../contracts/index.ts';
import type { AppendResult, EventStore } from '../eventStore/index.ts';
import type { Decider } from './decider.ts';

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
   * How many times to reload and decide again when another writer got in first. Only for commands whose
   * decision does not depend on what the caller saw (no `expectedVersion`); 0 by default.
   */
  retriesOnConflict?: number;
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
  const load = async () => {
    const history = await store.readStream(streamId);
    const state = history.reduce((s, e) => decider.evolve(s, e as unknown as Event), decider.initialState());
    return { state, version: history.at(-1)?.streamVersion ?? 0 };
  };
  // A repeated key answers as the first time did, even if the stream has moved on since.
  if (opts.idempotencyKey !== undefined && !opts.idempotencyChecked) {
    const earlier = await store.previousAppend(streamId, opts.idempotencyKey);
    if (earlier) return { ...(await load()), events: [], append: earlier };
  }
  for (let attempt = 0; ; attempt++) {
    const loaded = await load();
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
      });
      if (append.replayed) return { ...(await load()), events: [], append };
      for (const e of events) state = decider.evolve(state, e);
      return { state, events, append, version: append.toVersion };
    } catch (err) {
      if (err instanceof ConcurrencyError && attempt < retries) continue;
      throw err;
    }
  }
}
