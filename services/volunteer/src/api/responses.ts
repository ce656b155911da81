import { z } from 'zod';
import { errors, localRulesSource, pageSchema } from '@fivesoc/service-kit';
import { acceptedSchema } from './schemas.ts';

// What volunteer's routes answer, for fastify's `schema.response` (OpenAPI and the access-matrix test).
// Objects are loose: they name every field a client relies on and let a later field through; nested lists
// of domain records are `unknown` items, so the serializer passes every field of them.

export { acceptedSchema, errors };

export const volunteerBody = z.looseObject({ id: z.string(), status: z.string(), version: z.number() });
export const teamBody = z.looseObject({ version: z.number() });
export const taskBody = z.looseObject({
  status: z.string(),
  signedUp: z.array(z.string()),
  assigned: z.array(z.string()),
  version: z.number(),
});
export const assignedBody = z.object({ id: z.string(), volunteerId: z.string(), version: z.number() });
export const scheduleBody = z.object({ id: z.string(), windows: z.array(z.unknown()), version: z.number() });
export const entryBody = z.object({ id: z.string(), entryId: z.string().optional(), version: z.number() });
export const rulesSourceBody = localRulesSource;
export const rulesBody = z.looseObject({
  districtCode: z.string(),
  rules: z.looseObject({ starThresholds: z.array(z.number()), countedNatures: z.array(z.string()) }),
  source: rulesSourceBody,
});
export const ledgerBody = z.looseObject({
  id: z.string(),
  entries: z.array(z.unknown()),
  confirmedHours: z.number(),
  pendingHours: z.number(),
  starLevel: z.number(),
  notCountedHours: z.number(),
  /** The district rules the star level and the counted hours were read under, and their source. */
  starRule: z.looseObject({
    starThresholds: z.array(z.number()),
    countedNatures: z.array(z.string()),
    source: rulesSourceBody,
  }),
  autoConfirmDays: z.number(),
  version: z.number(),
});
export const certificateBody = z
  .string()
  .meta({ description: 'An HTML document (text/html attachment) naming the volunteer and their hours' });
export const listPage = pageSchema(z.looseObject({}));
