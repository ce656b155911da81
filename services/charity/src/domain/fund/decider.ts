import type { Decider } from '@fivesoc/eventing';
import { IllegalStateError } from '@fivesoc/service-kit';
import type { FundEvent, FundOpenedPayload } from './events.ts';

export type FundState = { opened: false } | ({ opened: true } & FundOpenedPayload);
export type FundCommand = { kind: 'open'; fund: FundOpenedPayload };

/**
 * A fund is a named pot that donations are made to. Its ledger is the sum of its donations' ledgers, so
 * the fund's invariant follows from each donation's (see README).
 */
export const fundDecider: Decider<FundState, FundCommand, FundEvent> = {
  initialState: () => ({ opened: false }),
  decide(command, state) {
    switch (command.kind) {
      case 'open':
        if (state.opened) throw new IllegalStateError('the fund is already open');
        return [{ type: 'FundOpened', payload: command.fund }];
      default: {
        const unreachable: never = command.kind;
        return unreachable;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'FundOpened':
        return { opened: true, ...event.payload };
      default:
        return state;
    }
  },
};
