import type { Db } from 'mongodb';
import type { EventEnvelope } from '@fivesoc/eventing';
import { projectTask } from './taskList.ts';
import { projectVolunteer } from './volunteerList.ts';

const VOLUNTEER = new Set(['VolunteerRegistered', 'VolunteerProfileUpdated', 'VolunteerErased']);
const TASK = new Set([
  'TaskCreated',
  'VolunteerSignedUp',
  'VolunteerWithdrew',
  'VolunteerAssigned',
  'TaskCancelled',
]);

/** One consumer feeds both lists (one group join instead of two); other events are not listed. */
export const listsProjection = (db: Db) => async (event: EventEnvelope) => {
  if (VOLUNTEER.has(event.type)) await projectVolunteer(db, event);
  else if (TASK.has(event.type)) await projectTask(db, event);
};
