import { AlreadyExistsError } from '@fivesoc/service-kit';
import type { Decider } from '@fivesoc/eventing';
import type { FeedbackEvent, FeedbackGiven } from './events.ts';

export interface FeedbackState {
  given?: FeedbackGiven;
}
export type FeedbackCommand = { kind: 'give' } & FeedbackGiven;

/** One rating per resident per subject: a second one is refused, not merged. */
export const feedbackDecider: Decider<FeedbackState, FeedbackCommand, FeedbackEvent> = {
  initialState: () => ({}),
  decide(command, state) {
    switch (command.kind) {
      case 'give': {
        const { kind: _kind, ...given } = command;
        if (state.given)
          throw new AlreadyExistsError(
            `feedback of resident ${given.residentId} on ${given.subjectKind}`,
            given.subjectId,
          );
        return [{ type: 'FeedbackGiven', payload: given }];
      }
      default: {
        const unreachable: never = command.kind;
        return unreachable;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'FeedbackGiven':
        return { given: event.payload };
      default:
        return state;
    }
  },
};

export const feedbackStreamId = (kind: string, subjectId: string, residentId: string): string =>
  `feedback-${kind}-${subjectId}-${residentId}`;
