import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { IllegalStateError } from '@fivesoc/service-kit';
import type { Decider } from '../commandHandling/index.ts';
import { createEventRegistry, defineEvent, type EventEnvelope } from '../contracts/index.ts';

/**
 * A tiny domain for the platform's own tests and benchmarks: a tally that is incremented. v1 of
 * `Incremented` had no reason; v2 requires one, and old events read as `reason: 'unspecified'`.
 */
export const sampleRegistry = createEventRegistry([
  defineEvent({
    type: 'TallyOpened',
    version: 1,
    schema: z.strictObject({ label: z.string().min(1).max(50) }),
  }),
  defineEvent({
    type: 'Incremented',
    version: 1,
    schema: z.strictObject({ by: z.number().int().min(1).max(1000) }),
  }),
  defineEvent({
    type: 'Incremented',
    version: 2,
    schema: z.strictObject({ by: z.number().int().min(1).max(1000), reason: z.string().min(1).max(100) }),
    upcast: (v1) => ({ ...(v1 as { by: number }), reason: 'unspecified' }),
  }),
]);

export const inc = (by: number, reason = 'test') => ({ type: 'Incremented', payload: { by, reason } });
export const meta = (correlationId = 'test') => ({ correlationId, actor: 'test' });
/** An `Incremented` of stream `streamId` at `streamVersion`, as the relay publishes it. */
export const incremented = (streamId: string, streamVersion: number, by = 1): EventEnvelope => ({
  id: randomUUID(),
  streamId,
  streamVersion,
  type: 'Incremented',
  schemaVersion: 2,
  occurredAt: new Date().toISOString(),
  payload: { by, reason: 'test' },
  metadata: meta(),
});

export type TallyEvent =
  | { type: 'TallyOpened'; payload: { label: string } }
  | { type: 'Incremented'; payload: { by: number; reason: string } };
export type TallyCommand =
  { kind: 'open'; label: string } | { kind: 'increment'; by: number; reason: string };
export interface TallyState {
  open: boolean;
  total: number;
}

/** The tally as a pure decider: open once; increments only when open and never past 100. */
export const tallyDecider: Decider<TallyState, TallyCommand, TallyEvent> = {
  initialState: () => ({ open: false, total: 0 }),
  decide(command, state) {
    switch (command.kind) {
      case 'open':
        if (state.open) throw new IllegalStateError('the tally is already open');
        return [{ type: 'TallyOpened', payload: { label: command.label } }];
      case 'increment':
        if (!state.open) throw new IllegalStateError('open the tally first');
        if (state.total + command.by > 100)
          throw new IllegalStateError('a tally never passes 100', { available: 100 - state.total });
        return [{ type: 'Incremented', payload: { by: command.by, reason: command.reason } }];
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'TallyOpened':
        return { ...state, open: true };
      case 'Incremented':
        return { ...state, total: state.total + event.payload.by };
      default:
        return state;
    }
  },
};
