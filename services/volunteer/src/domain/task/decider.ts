import { AlreadyExistsError, IllegalStateError, NotFoundError, ValidationError } from '@fivesoc/service-kit';
import type { Decider } from '@fivesoc/eventing';
import type { TaskDefinition, TaskEvent } from './events.ts';

export type TaskCommand =
  | { kind: 'create'; task: TaskDefinition }
  | { kind: 'signUp'; taskId: string; volunteerId: string }
  | { kind: 'withdraw'; taskId: string; volunteerId: string }
  | { kind: 'assign'; taskId: string; volunteerId: string }
  | { kind: 'cancel'; taskId: string; reason: string };

export type TaskState =
  | { status: 'none' }
  | { status: 'open' | 'cancelled'; task: TaskDefinition; signedUp: string[]; assigned: string[] };

const existing = (state: TaskState, taskId: string) => {
  if (state.status === 'none') throw new NotFoundError('task', taskId);
  return state;
};
const open = (state: TaskState, taskId: string, now: Date) => {
  const s = existing(state, taskId);
  if (s.status === 'cancelled') throw new IllegalStateError('the task is cancelled');
  if (Date.parse(s.task.endAt) <= now.getTime()) throw new IllegalStateError('the task is over');
  return s;
};

/** A volunteer task (志愿服务项目): sign-ups, and assignments never over the headcount. */
export const taskDecider: Decider<TaskState, TaskCommand, TaskEvent> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state, { now }) {
    switch (command.kind) {
      case 'create':
        // The caller may choose the task id (linkage does, so a retried step finds its task): never reuse one.
        if (state.status !== 'none') throw new AlreadyExistsError('task', command.task.taskId);
        if (Date.parse(command.task.startAt) >= Date.parse(command.task.endAt))
          throw new ValidationError('body.endAt', 'must be after startAt');
        return [{ type: 'TaskCreated', payload: command.task }];
      case 'signUp': {
        const s = open(state, command.taskId, now);
        if (s.signedUp.includes(command.volunteerId) || s.assigned.includes(command.volunteerId)) return [];
        return [
          {
            type: 'VolunteerSignedUp',
            payload: { taskId: command.taskId, volunteerId: command.volunteerId },
          },
        ];
      }
      case 'withdraw': {
        const s = existing(state, command.taskId);
        if (!s.signedUp.includes(command.volunteerId) && !s.assigned.includes(command.volunteerId))
          throw new IllegalStateError('the volunteer is not signed up for this task');
        return [
          {
            type: 'VolunteerWithdrew',
            payload: { taskId: command.taskId, volunteerId: command.volunteerId },
          },
        ];
      }
      case 'assign': {
        const s = open(state, command.taskId, now);
        // Assigning an assigned volunteer again (a caller's retry) changes nothing and succeeds.
        if (s.assigned.includes(command.volunteerId)) return [];
        if (s.assigned.length >= s.task.headcount)
          throw new IllegalStateError('the task is full', { headcount: s.task.headcount });
        return [
          {
            type: 'VolunteerAssigned',
            payload: { taskId: command.taskId, volunteerId: command.volunteerId },
          },
        ];
      }
      case 'cancel':
        if (existing(state, command.taskId).status === 'cancelled') return [];
        return [{ type: 'TaskCancelled', payload: { taskId: command.taskId, reason: command.reason } }];
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve(state, event) {
    if (event.type === 'TaskCreated')
      return { status: 'open', task: event.payload, signedUp: [], assigned: [] };
    if (state.status === 'none') return state;
    const without = (list: string[], id: string) => list.filter((v) => v !== id);
    switch (event.type) {
      case 'VolunteerSignedUp':
        return { ...state, signedUp: [...state.signedUp, event.payload.volunteerId] };
      case 'VolunteerWithdrew':
        return {
          ...state,
          signedUp: without(state.signedUp, event.payload.volunteerId),
          assigned: without(state.assigned, event.payload.volunteerId),
        };
      case 'VolunteerAssigned':
        return {
          ...state,
          signedUp: without(state.signedUp, event.payload.volunteerId),
          assigned: [...state.assigned, event.payload.volunteerId],
        };
      case 'TaskCancelled':
        return { ...state, status: 'cancelled' };
      default:
        return state;
    }
  },
};
