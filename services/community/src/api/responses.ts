import { z } from 'zod';
import { errors, pageSchema } from '@fivesoc/service-kit';

// What community's routes answer, for fastify's `schema.response` (OpenAPI and the access-matrix test).
// Objects are loose: they name every field a client relies on and let a later field through.

const code = z.string();
export const unitBody = z.looseObject({
  level: z.enum(['district', 'street', 'community']),
  code,
  name: z.string(),
  districtCode: code,
  streetCode: code.optional(),
  closed: z.boolean(),
  mergedInto: code.optional(),
});
export const unitPage = pageSchema(unitBody);

const place = { districtCode: code, streetCode: code, communityCode: code };
export const needBody = z.looseObject({
  id: z.string(),
  status: z.string(),
  ...place,
  category: z.string(),
  urgency: z.string(),
  people: z.array(z.looseObject({ personId: z.string(), erased: z.boolean().optional() })),
  consent: z.unknown(),
  description: z.string().nullable(),
  reportedAt: z.string(),
});
export const needRowBody = z.looseObject({
  id: z.string(),
  status: z.string(),
  ...place,
  category: z.string(),
  urgency: z.string(),
});
export const needPage = pageSchema(needRowBody);

const booking = z.object({
  bookingId: z.string(),
  date: z.string(),
  start: z.string(),
  end: z.string(),
  organizationId: z.string(),
  purpose: z.string(),
});
export const venueBody = z.looseObject({
  id: z.string(),
  name: z.string(),
  ...place,
  capacity: z.number(),
  opensAt: z.string(),
  closesAt: z.string(),
  bookings: z.array(booking),
});
export const bookingBody = booking.extend({ venueId: z.string() });
export const freeSlotsBody = z.object({
  venueId: z.string(),
  date: z.string(),
  free: z.array(z.object({ start: z.string(), end: z.string() })),
});

export const feedbackBody = z.looseObject({
  subject: z.object({ kind: z.string(), id: z.string() }),
  residentId: z.string(),
  communityCode: code,
  rating: z.number(),
  comment: z.string().optional(),
});
export const feedbackSummaryBody = z.object({
  subjectKind: z.string(),
  subjectId: z.string(),
  count: z.number(),
  average: z.number().nullable(),
  byRating: z.array(z.number()),
});
export const streetAtBody = z.object({
  communityCode: code,
  at: z.string(),
  streetCode: code.nullable(),
  since: z.string().nullable(),
});

export const noContent = z.void().meta({ description: 'No content' });
export { errors };
