import { z } from 'zod';
import { sealedSchema, type Sealed } from '@fivesoc/service-kit';
import { defineEvent } from '@fivesoc/eventing';
import { placeSchema, skillSchema, type PlaceCodes, type Skill } from '../shared.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

/** A weekly window the volunteer is available in: ISO weekday (1 = Monday … 7 = Sunday) and times. */
export const availabilitySchema = z
  .strictObject({ weekday: z.number().int().min(1).max(7), start: hhmm, end: hhmm })
  .refine((w) => w.start < w.end, { message: 'start must be before end', path: ['end'] });
export type Availability = z.infer<typeof availabilitySchema>;

/** The profile fields that are not personal data; name, phone and ID number are sealed in `personal`. */
export const profileShape = {
  skills: z.array(skillSchema).min(1).max(14),
  languages: z.array(z.string().min(1).max(30)).max(10),
  availability: z.array(availabilitySchema).max(21),
  place: placeSchema,
  serviceRadiusKm: z.number().min(0).max(100),
  maxHoursPerWeek: z.number().int().min(1).max(80),
};

export interface Profile {
  skills: Skill[];
  languages: string[];
  availability: Availability[];
  place: PlaceCodes;
  serviceRadiusKm: number;
  maxHoursPerWeek: number;
}

/** What the vault seals for a volunteer: never in clear in an event, a log or a list. */
export interface PersonalData {
  name: string;
  phone: string;
  idNumber: string;
}

export const volunteerEvents = [
  defineEvent({
    type: 'VolunteerRegistered',
    version: 1,
    schema: z.strictObject({ volunteerId: z.string().max(80), personal: sealedSchema, ...profileShape }),
  }),
  defineEvent({
    type: 'VolunteerProfileUpdated',
    version: 1,
    schema: z.strictObject({
      volunteerId: z.string().max(80),
      personal: sealedSchema.optional(),
      ...z.strictObject(profileShape).partial().shape,
    }),
  }),
  defineEvent({
    type: 'VolunteerErased',
    version: 1,
    schema: z.strictObject({ volunteerId: z.string().max(80) }),
  }),
];

export type VolunteerEvent =
  | { type: 'VolunteerRegistered'; payload: { volunteerId: string; personal: Sealed } & Profile }
  | {
      type: 'VolunteerProfileUpdated';
      payload: { volunteerId: string; personal?: Sealed } & Partial<Profile>;
    }
  | { type: 'VolunteerErased'; payload: { volunteerId: string } };
