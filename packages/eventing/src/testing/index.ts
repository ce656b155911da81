import { expect } from 'vitest';
import type { NewEvent } from '../contracts/index.ts';
import type { Decider, DecisionContext } from '../commandHandling/index.ts';

/**
 * Domain tests read as `given(events).when(command).then(events)` or `.thenThrows(...)`, against the pure
 * decider alone.
 */
export function deciderSpec<S, C, E extends NewEvent>(decider: Decider<S, C, E>, ctx: DecisionContext) {
  return {
    given: (history: E[]) => ({
      when: (command: C) => {
        const run = () =>
          decider.decide(
            command,
            history.reduce((s, e) => decider.evolve(s, e), decider.initialState()),
            ctx,
          );
        return {
          then: (expected: E[]) => expect(run()).toEqual(expected),
          thenThrows: (matcher: RegExp | (new (...args: never[]) => Error)) => expect(run).toThrow(matcher),
        };
      },
    }),
  };
}
