import type { NewEvent } from '../contracts/index.ts';

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
