import { z } from 'zod';

const place = {
  districtCode: z.string(),
  streetCode: z.string().nullable(),
  communityCode: z.string().nullable(),
};
const strings = z.array(z.string());

export const needRow = z.object({
  needId: z.string(),
  ...place,
  category: z.string(),
  urgency: z.string(),
  status: z.string(),
  consentScope: strings,
  reportedAt: z.string(),
  updatedAt: z.string(),
});

export const workerRow = z.object({
  workerId: z.string(),
  ...place,
  qualificationLevel: z.string(),
  specialties: strings,
  employerId: z.string(),
  stationCode: z.string(),
  coveredCommunityCodes: strings,
  maxCaseload: z.number(),
  activeCases: z.number(),
  status: z.string(),
  registeredAt: z.string(),
});

export const volunteerRow = z.object({
  volunteerId: z.string(),
  ...place,
  skills: strings,
  languages: strings,
  availability: z.array(z.object({ weekday: z.number(), start: z.string(), end: z.string() })),
  serviceRadiusKm: z.number(),
  maxHoursPerWeek: z.number(),
  status: z.string(),
  bookedWindows: z.array(z.object({ taskId: z.string(), startAt: z.string(), endAt: z.string() })),
});

export const organizationRow = z.object({
  organizationId: z.string(),
  name: z.string(),
  ...place,
  category: z.string().nullable(),
  kind: z.string().nullable(),
  field: z.string(),
  registration: z.string(),
  activity: z.string(),
  hub: z.boolean(),
  rating: z.string().nullable(),
  ratingValidUntil: z.string().nullable(),
  creditStanding: z.string(),
  eligible: z.boolean(),
});

export const donationRow = z.object({
  donationId: z.string(),
  ...place,
  donorKind: z.string(),
  fundId: z.string().nullable(),
  giftKind: z.string(),
  measure: z.string(),
  pledged: z.number(),
  available: z.number(),
  restriction: z
    .object({
      purpose: z.string().nullable(),
      communityCode: z.string().nullable(),
      category: z.string().nullable(),
    })
    .nullable(),
  totals: z.object({
    received: z.number(),
    reserved: z.number(),
    allocated: z.number(),
    disbursed: z.number(),
    confirmed: z.number(),
    released: z.number(),
    reversed: z.number(),
  }),
  registeredAt: z.string(),
});

export const pageOf = <T extends z.ZodType>(row: T) => ({
  200: z.object({ items: z.array(row), nextCursor: z.string().optional() }),
});
