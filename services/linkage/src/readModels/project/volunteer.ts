import type { EventEnvelope } from '@fivesoc/eventing';
import type { ReadModelCollections, ScheduleDoc, TaskDoc, VolunteerDoc } from '../collections.ts';
import { payloadOf } from '../contracts/shared.ts';
import { volunteerContract as c } from '../contracts/volunteer.ts';
import { fold, type Fields, type Handlers } from './apply.ts';

type Volunteer = Fields<VolunteerDoc>;
type Task = Fields<TaskDoc>;
type Schedule = Fields<ScheduleDoc>;

const without = (list: string[], id: string) => list.filter((x) => x !== id);
const withOne = (list: string[], id: string) => [...without(list, id), id];

/** Volunteers (skills, place, weekly availability), their booked windows, and tasks with who is on them. */
export function volunteerHandlers(m: ReadModelCollections): Handlers {
  const vol = (e: EventEnvelope, step: (v: Volunteer | null) => Volunteer | null) =>
    fold(m.volunteers, e, step);
  const task = (e: EventEnvelope, step: (t: Task | null) => Task | null) => fold(m.tasks, e, step);
  const schedule = (e: EventEnvelope, step: (s: Schedule) => Schedule) =>
    fold(m.schedules, e, (s) =>
      step(s ?? { volunteerId: e.streamId.replace(/^schedule-/, ''), windows: [] }),
    );
  const member = (change: (t: Task, volunteerId: string) => Task) => (e: EventEnvelope) => {
    const p = payloadOf(c.VolunteerSignedUp, e);
    return task(e, (t) => t && change(t, p.volunteerId));
  };
  return {
    VolunteerRegistered: (e) => {
      const p = payloadOf(c.VolunteerRegistered, e);
      return vol(e, () => ({
        volunteerId: p.volunteerId,
        skills: p.skills,
        languages: p.languages,
        availability: p.availability,
        ...p.place,
        serviceRadiusKm: p.serviceRadiusKm,
        maxHoursPerWeek: p.maxHoursPerWeek,
        status: 'active',
        registeredAt: e.occurredAt,
      }));
    },
    VolunteerProfileUpdated: (e) => {
      const p = payloadOf(c.VolunteerProfileUpdated, e);
      return vol(
        e,
        (v) =>
          v && {
            ...v,
            skills: p.skills ?? v.skills,
            languages: p.languages ?? v.languages,
            availability: p.availability ?? v.availability,
            ...(p.place ?? {}),
            serviceRadiusKm: p.serviceRadiusKm ?? v.serviceRadiusKm,
            maxHoursPerWeek: p.maxHoursPerWeek ?? v.maxHoursPerWeek,
          },
      );
    },
    VolunteerErased: (e) => {
      payloadOf(c.VolunteerErased, e);
      return vol(e, (v) => v && { ...v, status: 'erased', languages: [], availability: [] });
    },
    TaskCreated: (e) => {
      const p = payloadOf(c.TaskCreated, e);
      return task(e, () => ({
        taskId: p.taskId,
        creator: { kind: p.creator.kind, id: p.creator.id },
        requiredSkills: p.requiredSkills,
        startAt: p.startAt,
        endAt: p.endAt,
        districtCode: p.place.districtCode,
        streetCode: p.place.streetCode,
        communityCode: p.place.communityCode,
        headcount: p.headcount,
        signedUp: [],
        assigned: [],
        status: 'open',
      }));
    },
    VolunteerSignedUp: member((t, v) => ({ ...t, signedUp: withOne(t.signedUp, v) })),
    VolunteerAssigned: member((t, v) => ({ ...t, assigned: withOne(t.assigned, v) })),
    VolunteerWithdrew: member((t, v) => ({
      ...t,
      signedUp: without(t.signedUp, v),
      assigned: without(t.assigned, v),
    })),
    TaskCancelled: (e) => {
      payloadOf(c.TaskCancelled, e);
      return task(e, (t) => t && { ...t, status: 'cancelled' });
    },
    WindowBooked: (e) => {
      const p = payloadOf(c.WindowBooked, e);
      return schedule(e, (s) => ({
        ...s,
        windows: [
          ...s.windows.filter((w) => w.taskId !== p.taskId),
          { taskId: p.taskId, startAt: p.startAt, endAt: p.endAt },
        ],
      }));
    },
    WindowReleased: (e) => {
      const p = payloadOf(c.WindowReleased, e);
      return schedule(e, (s) => ({ ...s, windows: s.windows.filter((w) => w.taskId !== p.taskId) }));
    },
  };
}
