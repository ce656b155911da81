import { IllegalStateError, NotFoundError, ValidationError } from '@fivesoc/service-kit';
import type { Decider } from '@fivesoc/eventing';
import type { HoursNature } from '../rules/rules.ts';
import type { LedgerEvent, Recorded, Reversed } from './events.ts';

/** The task id an opening balance stands under: hours served before fivesoc, on no task of its own. */
export const MIGRATED_TASK = 'migration';

export type LedgerCommand =
  /**
   * `windowMinutes`: how long the task runs (endAt − startAt); no volunteer serves it for longer.
   * `startAt`: when the task starts; nobody has served it before then, so nothing is recorded before.
   */
  | {
      kind: 'record';
      taskId: string;
      minutes: number;
      recordedBy: string;
      windowMinutes: number;
      startAt: string;
      /** voluntary unless the organizer says the shift was the volunteer's own work duty. */
      nature?: HoursNature;
    }
  | { kind: 'confirm'; entryId: string }
  | { kind: 'reverse'; entryId: string; reason: string; recordedBy: string }
  /** 迁移: the hours confirmed in the district's earlier registry, as of its date. */
  | { kind: 'migrateOpeningBalance'; minutes: number; asOf: string; recordedBy: string };

export type LedgerEntry =
  | ({ kind: 'service'; confirmedAt?: string; reversedBy?: string; migrated?: true } & Recorded)
  | ({ kind: 'reversal' } & Reversed);
export interface LedgerState {
  entries: LedgerEntry[];
}

const serviceEntry = (state: LedgerState, entryId: string) => {
  const entry = state.entries.find((e) => e.entryId === entryId);
  if (!entry) throw new NotFoundError('hours entry', entryId);
  if (entry.kind !== 'service')
    throw new IllegalStateError('a reversing entry cannot be confirmed or reversed');
  if (entry.reversedBy) throw new IllegalStateError('this entry has been reversed', { by: entry.reversedBy });
  return entry;
};

/** The minutes on a task's entries that still count (service entries not reversed). */
const minutesOn = (state: LedgerState, taskId: string) =>
  state.entries.reduce(
    (sum, e) => (e.kind === 'service' && e.taskId === taskId && !e.reversedBy ? sum + e.minutes : sum),
    0,
  );

/** Entry ids number the ledger's lines: h1, h2 … so they are stable and never reused. */
const nextId = (state: LedgerState) => `h${state.entries.length + 1}`;

export const ledgerDecider: Decider<LedgerState, LedgerCommand, LedgerEvent> = {
  initialState: () => ({ entries: [] }),
  decide(command, state, { now }) {
    switch (command.kind) {
      case 'record': {
        const { taskId, minutes, recordedBy, windowMinutes, startAt, nature } = command;
        if (now.getTime() < Date.parse(startAt))
          throw new IllegalStateError('the task has not started: hours are recorded once it has', {
            taskId,
            startAt,
          });
        const left = windowMinutes - minutesOn(state, taskId);
        if (minutes > left)
          throw new ValidationError(
            'body.hours',
            `at most ${Math.max(0, left) / 60} more hours on this task: it runs ${windowMinutes / 60} h in all`,
          );
        const entryId = nextId(state);
        const recordedAt = now.toISOString();
        return [
          {
            type: 'HoursRecorded',
            payload: { entryId, taskId, minutes, recordedAt, recordedBy, ...(nature ? { nature } : {}) },
          },
        ];
      }
      case 'confirm': {
        if (serviceEntry(state, command.entryId).confirmedAt) return [];
        return [
          { type: 'HoursConfirmed', payload: { entryId: command.entryId, confirmedAt: now.toISOString() } },
        ];
      }
      case 'reverse': {
        const original = serviceEntry(state, command.entryId);
        return [
          {
            type: 'HoursReversed',
            payload: {
              entryId: nextId(state),
              reversesEntryId: original.entryId,
              minutes: original.minutes,
              reason: command.reason,
              recordedAt: now.toISOString(),
              recordedBy: command.recordedBy,
            },
          },
        ];
      }
      case 'migrateOpeningBalance': {
        if (state.entries.some((e) => e.kind === 'service' && e.migrated))
          throw new IllegalStateError('this ledger already has its opening balance');
        if (Date.parse(command.asOf) > now.getTime())
          throw new ValidationError('hoursAsOf', 'is in the future');
        const { minutes, asOf, recordedBy } = command;
        return [
          {
            type: 'OpeningBalanceMigrated',
            payload: { entryId: nextId(state), minutes, asOf, recordedAt: now.toISOString(), recordedBy },
          },
        ];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'HoursRecorded':
        return { entries: [...state.entries, { kind: 'service', ...event.payload }] };
      case 'HoursConfirmed':
        return {
          entries: state.entries.map((e) =>
            e.entryId === event.payload.entryId ? { ...e, confirmedAt: event.payload.confirmedAt } : e,
          ),
        };
      case 'HoursReversed':
        return {
          entries: [
            ...state.entries.map((e) =>
              e.entryId === event.payload.reversesEntryId ? { ...e, reversedBy: event.payload.entryId } : e,
            ),
            { kind: 'reversal', ...event.payload },
          ],
        };
      case 'OpeningBalanceMigrated': {
        // A service entry confirmed as of the registry's date, so every reading of the ledger counts it.
        const { entryId, minutes, asOf, recordedAt, recordedBy } = event.payload;
        const entry = { entryId, taskId: MIGRATED_TASK, minutes, recordedAt, recordedBy, confirmedAt: asOf };
        return { entries: [...state.entries, { kind: 'service', ...entry, migrated: true }] };
      }
      default:
        return state;
    }
  },
};
