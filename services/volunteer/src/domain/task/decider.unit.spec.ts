import { describe, it } from 'vitest';
import { AlreadyExistsError, IllegalStateError, ValidationError } from '@fivesoc/service-kit';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { taskDecider } from './decider.ts';
import type { TaskDefinition, TaskEvent } from './events.ts';

const task: TaskDefinition = {
  taskId: 't1',
  title: '助老送餐',
  creator: { kind: 'organization', id: 'org-1' },
  requiredSkills: ['elder_care'],
  startAt: '2026-12-02T09:00:00Z',
  endAt: '2026-12-02T12:00:00Z',
  place: { districtCode: 'd1', streetCode: 's1', communityCode: 'c1', address: '幸福路1号' },
  headcount: 2,
};
const created: TaskEvent = { type: 'TaskCreated', payload: task };
const assigned = (v: string): TaskEvent => ({
  type: 'VolunteerAssigned',
  payload: { taskId: 't1', volunteerId: v },
});
const spec = deciderSpec(taskDecider, { now: new Date('2026-12-01T00:00:00Z') });

describe('a task', () => {
  it('is created once, with its end after its start', () => {
    spec.given([]).when({ kind: 'create', task }).then([created]);
    spec.given([created]).when({ kind: 'create', task }).thenThrows(AlreadyExistsError);
    spec
      .given([created, { type: 'TaskCancelled', payload: { taskId: 't1', reason: 'x' } }])
      .when({ kind: 'create', task })
      .thenThrows(/task t1 already exists/);
    spec
      .given([])
      .when({ kind: 'create', task: { ...task, endAt: task.startAt } })
      .thenThrows(ValidationError);
  });
  it('assigns volunteers up to its headcount and refuses one more', () => {
    spec
      .given([created, assigned('a')])
      .when({ kind: 'assign', taskId: 't1', volunteerId: 'b' })
      .then([assigned('b')]);
    spec
      .given([created, assigned('a'), assigned('b')])
      .when({ kind: 'assign', taskId: 't1', volunteerId: 'c' })
      .thenThrows(/full/);
  });
  it('frees a seat when an assigned volunteer withdraws', () => {
    spec
      .given([
        created,
        assigned('a'),
        assigned('b'),
        { type: 'VolunteerWithdrew', payload: { taskId: 't1', volunteerId: 'a' } },
      ])
      .when({ kind: 'assign', taskId: 't1', volunteerId: 'c' })
      .then([assigned('c')]);
  });
  it('assigns a volunteer once: a repeat changes nothing', () => {
    spec
      .given([created, assigned('a')])
      .when({ kind: 'assign', taskId: 't1', volunteerId: 'a' })
      .then([]);
  });
  it('takes sign-ups once and refuses a withdrawal by someone not signed up', () => {
    const signed: TaskEvent = { type: 'VolunteerSignedUp', payload: { taskId: 't1', volunteerId: 'a' } };
    spec.given([created]).when({ kind: 'signUp', taskId: 't1', volunteerId: 'a' }).then([signed]);
    spec.given([created, signed]).when({ kind: 'signUp', taskId: 't1', volunteerId: 'a' }).then([]);
    spec
      .given([created])
      .when({ kind: 'withdraw', taskId: 't1', volunteerId: 'a' })
      .thenThrows(IllegalStateError);
  });
  it('refuses assignments once cancelled or over', () => {
    const cancelled: TaskEvent = { type: 'TaskCancelled', payload: { taskId: 't1', reason: 'rain' } };
    spec
      .given([created, cancelled])
      .when({ kind: 'assign', taskId: 't1', volunteerId: 'a' })
      .thenThrows(/cancelled/);
    deciderSpec(taskDecider, { now: new Date('2026-12-03T00:00:00Z') })
      .given([created])
      .when({ kind: 'assign', taskId: 't1', volunteerId: 'a' })
      .thenThrows(/over/);
  });
});
