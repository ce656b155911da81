import { z } from 'zod';
import { communityCode, districtCode, id, instant, place, streetCode, text } from './shared.ts';

const skills = z.array(z.string().max(60)).max(30);
const availability = z
  .array(
    z.object({ weekday: z.number().int().min(0).max(7), start: z.string().max(5), end: z.string().max(5) }),
  )
  .max(50);

/** volunteer: `volunteer-<id>`, `task-<id>` and `schedule-<volunteerId>` streams. */
export const volunteerContract = {
  VolunteerRegistered: z.object({
    volunteerId: id,
    skills,
    languages: z.array(z.string().max(40)).max(20),
    availability,
    place,
    serviceRadiusKm: z.number().min(0).max(1000),
    maxHoursPerWeek: z.number().int().min(0).max(168),
  }),
  VolunteerProfileUpdated: z.object({
    volunteerId: id,
    skills: skills.optional(),
    languages: z.array(z.string().max(40)).max(20).optional(),
    availability: availability.optional(),
    place: place.optional(),
    serviceRadiusKm: z.number().min(0).max(1000).optional(),
    maxHoursPerWeek: z.number().int().min(0).max(168).optional(),
  }),
  VolunteerErased: z.object({ volunteerId: id }),
  TaskCreated: z.object({
    taskId: id,
    creator: z.object({ kind: z.string().max(40), id }),
    requiredSkills: skills,
    startAt: instant,
    endAt: instant,
    place: z.object({ districtCode, streetCode, communityCode }),
    headcount: z.number().int().min(1).max(10_000),
  }),
  VolunteerSignedUp: z.object({ taskId: id, volunteerId: id }),
  VolunteerWithdrew: z.object({ taskId: id, volunteerId: id }),
  VolunteerAssigned: z.object({ taskId: id, volunteerId: id }),
  TaskCancelled: z.object({ taskId: id, reason: text }),
  WindowBooked: z.object({ taskId: id, startAt: instant, endAt: instant }),
  WindowReleased: z.object({ taskId: id }),
};
