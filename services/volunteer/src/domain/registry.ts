import { createEventRegistry } from '@fivesoc/eventing';
import { ledgerEvents } from './ledger/events.ts';
import { rulesEvents } from './rules/rules.ts';
import { scheduleEvents } from './schedule/events.ts';
import { taskEvents } from './task/events.ts';
import { teamEvents } from './team/events.ts';
import { volunteerEvents } from './volunteer/events.ts';

/** Every event the volunteer service stores and publishes on its topic. */
export const volunteerRegistry = createEventRegistry([
  ...volunteerEvents,
  ...teamEvents,
  ...taskEvents,
  ...scheduleEvents,
  ...ledgerEvents,
  ...rulesEvents,
]);

/** Stream ids, one prefix per aggregate. */
export const streams = {
  volunteer: (id: string) => `volunteer-${id}`,
  team: (id: string) => `team-${id}`,
  task: (id: string) => `task-${id}`,
  schedule: (volunteerId: string) => `schedule-${volunteerId}`,
  ledger: (volunteerId: string) => `hours-${volunteerId}`,
  /** A district's local rules (star thresholds, hours that count). */
  rules: (districtCode: string) => `rules-${districtCode}`,
};
