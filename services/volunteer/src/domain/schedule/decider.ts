import { IllegalStateError } from '@fivesoc/service-kit';
import type { Decider } from '@fivesoc/eventing';
import type { ScheduleEvent } from './events.ts';

export type ScheduleCommand =
  | { kind: 'book'; taskId: string; startAt: string; endAt: string }
  | { kind: 'release'; taskId: string; reason: string };

export interface Window {
  taskId: string;
  startAt: string;
  endAt: string;
}
export interface ScheduleState {
  windows: Window[];
}

const overlaps = (a: Window, b: Window) =>
  Date.parse(a.startAt) < Date.parse(b.endAt) && Date.parse(b.startAt) < Date.parse(a.endAt);

/**
 * One volunteer's booked windows. Booking a window that overlaps another task's is refused; booking the
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
