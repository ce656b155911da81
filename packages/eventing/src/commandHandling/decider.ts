import type { NewEvent } from '../contracts/index.ts';
import type { EventStore, ReadOptions, Stored } from '../eventStore/index.ts';

/** What a decision may look at besides state and command: the time, passed in, never read inside. */
export interface DecisionContext {
  now: Date;
  actor?: string;
}

/**
 * An aggregate as three pure functions (emmett's Decider): decide what happens, evolve state by what
 * happened, and the state before anything happened.
 */
export interface Decider<State, Command, Event extends NewEvent> {
  decide(command: Command, state: State, ctx: DecisionContext): Event[];
  /** Also given stored envelopes, which carry `type` and `payload` like the events the decider emitted. */
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export const fold = <S, C, E extends NewEvent>(decider: Decider<S, C, E>, events: readonly E[]): S =>
  events.reduce((s, e) => decider.evolve(s, e), decider.initialState());

/** A stream's state as its decider folds it, with the version it is at and the events it was folded from. */
export interface Aggregate<S, E extends NewEvent> {
  state: S;
  version: number;
  events: Stored<E>[];
}

/** Reads a stream and folds it with its decider: the one way state is rebuilt outside a command. */
export async function aggregate<S, C, E extends NewEvent>(
  store: Pick<EventStore, 'readStream'>,
  decider: Decider<S, C, E>,
  streamId: string,
  opts: ReadOptions = {},
): Promise<Aggregate<S, E>> {
  const events = await store.readStream<E>(streamId, 1, opts);
  return { state: fold(decider, events), version: events.at(-1)?.streamVersion ?? 0, events };
}
