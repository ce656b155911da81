import { describe, it } from 'vitest';
import { IllegalStateError } from '@fivesoc/service-kit';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { scheduleDecider } from './decider.ts';
import type { ScheduleEvent } from './events.ts';

const spec = deciderSpec(scheduleDecider, { now: new Date('2026-12-01T00:00:00Z') });
const booked = (taskId: string, startAt: string, endAt: string): ScheduleEvent => ({
  type: 'WindowBooked',
  payload: { taskId, startAt, endAt },
});
const M = { startAt: '2026-12-02T09:00:00Z', endAt: '2026-12-02T12:00:00Z' };
const morning = booked('t1', '2026-12-02T09:00:00Z', '2026-12-02T12:00:00Z');

describe('a volunteer schedule', () => {
  it('books a window that overlaps nothing, touching ends included', () => {
    spec
      .given([morning])
      .when({ kind: 'book', taskId: 't2', startAt: '2026-12-02T12:00:00Z', endAt: '2026-12-02T13:00:00Z' })
      .then([booked('t2', '2026-12-02T12:00:00Z', '2026-12-02T13:00:00Z')]);
  });
  it('refuses a window that overlaps another task', () => {
    spec
      .given([morning])
      .when({
        kind: 'book',
        taskId: 't2',
        startAt: '2026-12-02T11:00:00+00:00',
        endAt: '2026-12-02T14:00:00Z',
      })
      .thenThrows(IllegalStateError);
  });
  it('compares instants, not strings, across offsets', () => {
    spec
      .given([morning])
      .when({
        kind: 'book',
        taskId: 't2',
        startAt: '2026-12-02T18:30:00+08:00',
        endAt: '2026-12-02T19:00:00+08:00',
      })
      .thenThrows(/overlapping/);
  });
  it('books the same task again as a no-op, and frees a released window', () => {
    spec.given([morning]).when({ kind: 'book', taskId: 't1', startAt: M.startAt, endAt: M.endAt }).then([]);
    spec
      .given([morning, { type: 'WindowReleased', payload: { taskId: 't1', reason: 'x' } }])
      .when({ kind: 'book', taskId: 't2', startAt: '2026-12-02T10:00:00Z', endAt: '2026-12-02T11:00:00Z' })
      .then([booked('t2', '2026-12-02T10:00:00Z', '2026-12-02T11:00:00Z')]);
  });
  it('refuses a window that takes the week past the maximum hours, counting weeks from Monday in CST', () => {
    const sat = booked('t1', '2026-12-05T01:00:00Z', '2026-12-05T09:00:00Z'); // Sat 09:00-17:00 CST, 8 h
    const book = (startAt: string, endAt: string) => ({
      kind: 'book' as const,
      taskId: 't2',
      startAt,
      endAt,
      maxHoursPerWeek: 10,
    });
    spec
      .given([sat])
      .when(book('2026-12-06T01:00:00Z', '2026-12-06T04:00:00Z'))
      .thenThrows(/maximum hours/);
    spec
      .given([sat])
      .when(book('2026-12-06T01:00:00Z', '2026-12-06T03:00:00Z'))
      .then([booked('t2', '2026-12-06T01:00:00Z', '2026-12-06T03:00:00Z')]);
    // Sunday 23:00 UTC is Monday 07:00 CST: the next week.
    spec
      .given([sat])
      .when(book('2026-12-06T23:00:00Z', '2026-12-07T03:00:00Z'))
      .then([booked('t2', '2026-12-06T23:00:00Z', '2026-12-07T03:00:00Z')]);
  });
});
