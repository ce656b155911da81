import { IllegalStateError } from '@fivesoc/service-kit';
import type { Decider } from '@fivesoc/eventing';
import type { ScheduleEvent } from './events.ts';

export type ScheduleCommand =
  | { kind: 'book'; taskId: string; startAt: string; endAt: string; maxHoursPerWeek?: number }
  | { kind: 'release'; taskId: string; reason: string };

export interface Window {
  taskId: string;
  startAt: string;
  endAt: string;
}
export interface ScheduleState {
  windows: Window[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The ISO week (Monday to Sunday, China Standard Time, UTC+8) a window starts in; 1970-01-01 was a Thursday. */
export const weekOf = (instant: string) =>
  Math.floor((Math.floor((Date.parse(instant) + 8 * HOUR) / DAY) + 3) / 7);
const hoursOf = (w: { startAt: string; endAt: string }) =>
  (Date.parse(w.endAt) - Date.parse(w.startAt)) / HOUR;

const overlaps = (a: Window, b: Window) =>
  Date.parse(a.startAt) < Date.parse(b.endAt) && Date.parse(b.startAt) < Date.parse(a.endAt);

/**
 * One volunteer's booked windows. Booking a window that overlaps another task's, or that takes the week
 * (the window's start, CST) past the volunteer's maximum hours, is refused; booking the
 * same task again is a no-op (a retried assignment), and releasing a window that is not booked too.
 */
export const scheduleDecider: Decider<ScheduleState, ScheduleCommand, ScheduleEvent> = {
  initialState: () => ({ windows: [] }),
  decide(command, state) {
    switch (command.kind) {
      case 'book': {
        if (state.windows.some((w) => w.taskId === command.taskId)) return [];
        const clash = state.windows.find((w) => overlaps(w, command));
        if (clash)
          throw new IllegalStateError('the volunteer is already booked in an overlapping window', {
            taskId: clash.taskId,
          });
        if (command.maxHoursPerWeek !== undefined) {
          const week = weekOf(command.startAt);
          const booked = state.windows
            .filter((w) => weekOf(w.startAt) === week)
            .reduce((h, w) => h + hoursOf(w), 0);
          if (booked + hoursOf(command) > command.maxHoursPerWeek)
            throw new IllegalStateError('the volunteer would serve more than their maximum hours that week', {
              maxHoursPerWeek: command.maxHoursPerWeek,
              booked,
            });
        }
        const { taskId, startAt, endAt } = command;
        return [{ type: 'WindowBooked', payload: { taskId, startAt, endAt } }];
      }
      case 'release':
        if (!state.windows.some((w) => w.taskId === command.taskId)) return [];
        return [{ type: 'WindowReleased', payload: { taskId: command.taskId, reason: command.reason } }];
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'WindowBooked':
        return { windows: [...state.windows, event.payload] };
      case 'WindowReleased':
        return { windows: state.windows.filter((w) => w.taskId !== event.payload.taskId) };
      default:
        return state;
    }
  },
};
