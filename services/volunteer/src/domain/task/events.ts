import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';
import { instantSchema, placeSchema, skillSchema, type PlaceCodes, type Skill } from '../shared.ts';

/** Who created a task: a social organization, community staff, or a case of the linkage service (个案). */
export const CREATOR_KINDS = ['organization', 'community_staff', 'case'] as const;
export type CreatorKind = (typeof CREATOR_KINDS)[number];
export const creatorSchema = z.strictObject({
  kind: z.enum(CREATOR_KINDS),
  id: z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/),
});

export const taskPlaceSchema = placeSchema.extend({ address: z.string().min(1).max(200) });
export type TaskPlace = PlaceCodes & { address: string };

export interface TaskDefinition {
  taskId: string;
  title: string;
  creator: { kind: CreatorKind; id: string };
  requiredSkills: Skill[];
  startAt: string;
  endAt: string;
  place: TaskPlace;
  headcount: number;
}

const vid = { taskId: z.string().max(80), volunteerId: z.string().max(80) };

export const taskEvents = [
  defineEvent({
    type: 'TaskCreated',
    version: 1,
    schema: z.strictObject({
      taskId: z.string().max(80),
      title: z.string().min(1).max(100),
      creator: creatorSchema,
      requiredSkills: z.array(skillSchema).max(14),
      startAt: instantSchema,
      endAt: instantSchema,
      place: taskPlaceSchema,
      headcount: z.number().int().min(1).max(500),
    }),
  }),
  defineEvent({ type: 'VolunteerSignedUp', version: 1, schema: z.strictObject(vid) }),
  defineEvent({ type: 'VolunteerWithdrew', version: 1, schema: z.strictObject(vid) }),
  defineEvent({ type: 'VolunteerAssigned', version: 1, schema: z.strictObject(vid) }),
  defineEvent({
    type: 'TaskCancelled',
    version: 1,
    schema: z.strictObject({ taskId: z.string().max(80), reason: z.string().min(1).max(200) }),
  }),
];

type V = { taskId: string; volunteerId: string };
export type TaskEvent =
  | { type: 'TaskCreated'; payload: TaskDefinition }
  | { type: 'VolunteerSignedUp'; payload: V }
  | { type: 'VolunteerWithdrew'; payload: V }
  | { type: 'VolunteerAssigned'; payload: V }
  | { type: 'TaskCancelled'; payload: { taskId: string; reason: string } };
