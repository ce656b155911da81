import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';
import { instantSchema } from '../shared.ts';

/** A volunteer's own calendar of task windows (排班): the rule "never double-booked" lives here. */
export const scheduleEvents = [
  defineEvent({
    type: 'WindowBooked',
    version: 1,
    schema: z.strictObject({ taskId: z.string().max(80), startAt: instantSchema, endAt: instantSchema }),
  }),
  defineEvent({
    type: 'WindowReleased',
    version: 1,
    schema: z.strictObject({ taskId: z.string().max(80), reason: z.string().max(200) }),
  }),
];

export type ScheduleEvent =
  | { type: 'WindowBooked'; payload: { taskId: string; startAt: string; endAt: string } }
  | { type: 'WindowReleased'; payload: { taskId: string; reason: string } };
