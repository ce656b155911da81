import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';
import { placeSchema, type PlaceCodes } from '../shared.ts';

/** A volunteer team (志愿服务队): a leader and members, all registered volunteers. */
const m = { teamId: z.string().max(80), volunteerId: z.string().max(80) };
export const teamEvents = [
  defineEvent({
    type: 'TeamFormed',
    version: 1,
    schema: z.strictObject({
      teamId: z.string().max(80),
      name: z.string().min(1).max(100),
      place: placeSchema,
      leaderId: z.string().max(80),
    }),
  }),
  defineEvent({ type: 'TeamMemberAdded', version: 1, schema: z.strictObject(m) }),
  defineEvent({ type: 'TeamMemberRemoved', version: 1, schema: z.strictObject(m) }),
  defineEvent({ type: 'TeamLeaderChanged', version: 1, schema: z.strictObject(m) }),
];

type M = { teamId: string; volunteerId: string };
export type TeamEvent =
  | { type: 'TeamFormed'; payload: { teamId: string; name: string; place: PlaceCodes; leaderId: string } }
  | { type: 'TeamMemberAdded'; payload: M }
  | { type: 'TeamMemberRemoved'; payload: M }
  | { type: 'TeamLeaderChanged'; payload: M };
