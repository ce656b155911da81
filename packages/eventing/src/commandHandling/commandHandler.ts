import type { NewEvent } from '../contracts/index.ts';
import type { EventStore, MongoEventStore, ReadOptions } from '../eventStore/index.ts';
import type { OutboxRelay } from '../relay/index.ts';
import { aggregate, type Aggregate, type Decider } from './decider.ts';
import { handleCommand, type HandleOptions, type HandleResult } from './handleCommand.ts';

/** What is woken after a commit: the outbox relay, or anything else that publishes on a poke. */
export interface Wakeable {
  notify(): void;
}

/** What a command handler is bound to once: the aggregate's decider, how its ids name streams, and defaults. */
export interface AggregateBinding<S, C, E extends NewEvent, Id> {
  decider: Decider<S, C, E>;
  /** The stream of one aggregate (`need-<id>`); the routes speak of ids, the store of streams. */
  streamOf: (id: Id) => string;
  /**
   * How often a command that lost a race decides again on fresh state, unless it says otherwise (for
   * rules such as capacity or balance, where each retry is a new decision). 0 by default.
   */
  retriesOnConflict?: number;
}

/** What a handler is bound to besides its aggregate: the store, and the relay to wake after a commit. */
export interface CommandTarget {
  store: EventStore;
  relay?: Wakeable | undefined;
}

/** What a service's routes are built from at the least: its store, its relay and the handlers bound on them. */
export interface ServiceCommands<Commands> {
  store: MongoEventStore;
  relay: OutboxRelay;
  commands: Commands;
}

/** A run's options: the request's command context, with any per-command override of the defaults. */
export type RunOptions = HandleOptions;

export interface CommandHandler<S, C, E extends NewEvent, Id = string> {
  /** load → decide → append (`handleCommand`), then the relay is woken once if something new was stored. */
  run(id: Id, command: C, opts: RunOptions): Promise<HandleResult<S, E>>;
  /** The aggregate's state, version and events as its stream says now. */
  load(id: Id, opts?: ReadOptions): Promise<Aggregate<S, E>>;
  streamOf(id: Id): string;
  decider: Decider<S, C, E>;
}

/**
 * The one way a command runs: bound once per aggregate to the store, the relay and the decider, so a
 * route only says which aggregate, which command, and the request's context.
 */
export function commandHandler<S, C, E extends NewEvent, Id = string>(
  on: CommandTarget,
  binding: AggregateBinding<S, C, E, Id>,
): CommandHandler<S, C, E, Id> {
  const { decider, streamOf } = binding;
  return {
    decider,
    streamOf,
    load: (id, opts = {}) => aggregate(on.store, decider, streamOf(id), opts),
    async run(id, command, opts) {
      const r = await handleCommand(on.store, decider, streamOf(id), command, {
        ...(binding.retriesOnConflict !== undefined ? { retriesOnConflict: binding.retriesOnConflict } : {}),
        ...opts,
      });
      // A replay stored nothing new: the relay has published (or will publish) the first answer already.
      if (r.append && !r.append.replayed) on.relay?.notify();
      return r;
    },
  };
}
