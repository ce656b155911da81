import type { Db } from 'mongodb';
import { applyOnce, type EventEnvelope } from '@fivesoc/eventing';
import type { TaskEvent } from '../domain/task/events.ts';

export const TASK_STATUSES = ['open', 'full', 'cancelled'] as const;

/** The task list's rows; `startMs`/`endMs` let lists filter by time whatever offset the instants had. */
export interface TaskRow {
  _id: string;
  _v?: number;
  title: string;
  creatorKind: string;
  creatorId: string;
  requiredSkills: string[];
  startAt: string;
  endAt: string;
  startMs: number;
  endMs: number;
  districtCode: string;
  streetCode: string;
  communityCode: string;
  headcount: number;
  assigned: string[];
  signedUp: string[];
  status: (typeof TASK_STATUSES)[number];
}
export const taskList = (db: Db) => db.collection<TaskRow>('task_list');

export async function projectTask(db: Db, event: EventEnvelope & TaskEvent) {
  const id = event.payload.taskId;
  const at = event.streamVersion;
  if (event.type === 'TaskCreated') {
    const t = event.payload;
    const { districtCode, streetCode, communityCode } = t.place;
    await applyOnce(taskList(db), id, at, {
      $set: {
        title: t.title,
        creatorKind: t.creator.kind,
        creatorId: t.creator.id,
        requiredSkills: t.requiredSkills,
        startAt: t.startAt,
        endAt: t.endAt,
        startMs: Date.parse(t.startAt),
        endMs: Date.parse(t.endAt),
        districtCode,
        streetCode,
        communityCode,
        headcount: t.headcount,
        assigned: [],
        signedUp: [],
        status: 'open',
      },
    });
    return;
  }
  // Events of one task arrive one after another (one stream, one partition), so read-then-write is safe.
  const row = await taskList(db).findOne({ _id: id });
  if (!row || (row._v ?? 0) >= at) return;
  const v = 'volunteerId' in event.payload ? event.payload.volunteerId : '';
  const without = (list: string[]) => list.filter((x) => x !== v);
  let { assigned, signedUp } = row;
  if (event.type === 'VolunteerSignedUp') signedUp = [...signedUp, v];
  if (event.type === 'VolunteerAssigned') [signedUp, assigned] = [without(signedUp), [...assigned, v]];
  if (event.type === 'VolunteerWithdrew') [signedUp, assigned] = [without(signedUp), without(assigned)];
  const status =
    event.type === 'TaskCancelled' || row.status === 'cancelled'
      ? 'cancelled'
      : assigned.length >= row.headcount
        ? 'full'
        : 'open';
  await applyOnce(taskList(db), id, at, { $set: { assigned, signedUp, status } });
}
