import type { Db } from 'mongodb';
import { eventsOf, type EventEnvelope } from '@fivesoc/eventing';
import { taskEvents, type TaskEvent } from '../domain/task/events.ts';
import { volunteerEvents, type VolunteerEvent } from '../domain/volunteer/events.ts';
import { projectTask } from './taskList.ts';
import { projectVolunteer } from './volunteerList.ts';

const isVolunteerEvent = eventsOf<VolunteerEvent>(volunteerEvents);
const isTaskEvent = eventsOf<TaskEvent>(taskEvents);

/** One consumer feeds both lists (one group join instead of two); other events are not listed. */
export const listsProjection = (db: Db) => async (event: EventEnvelope) => {
  if (isVolunteerEvent(event)) await projectVolunteer(db, event);
  else if (isTaskEvent(event)) await projectTask(db, event);
};
