import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';

export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM');
export const day = z.iso.date();
const id = z.string().min(1).max(100);

/** Venues (场地) of party-masses service centres and incubation bases, one stream per venue. */
export const venueEvents = [
  defineEvent({
    type: 'VenueRegistered',
    version: 1,
    schema: z.strictObject({
      venueId: id,
      name: z.string().min(1).max(100),
      districtCode: z.string().regex(/^\d{6}$/),
      streetCode: z.string().regex(/^\d{9}$/),
      communityCode: z.string().regex(/^\d{12}$/),
      capacity: z.number().int().min(1).max(10_000),
      opensAt: hhmm,
      closesAt: hhmm,
    }),
  }),
  defineEvent({
    type: 'VenueBooked',
    version: 1,
    schema: z.strictObject({
      venueId: id,
      bookingId: id,
      date: day,
      start: hhmm,
      end: hhmm,
      organizationId: id,
      purpose: z.string().min(1).max(200),
    }),
  }),
  defineEvent({
    type: 'VenueBookingCancelled',
    version: 1,
    schema: z.strictObject({ venueId: id, bookingId: id, date: day }),
  }),
];

export interface VenuePlace {
  districtCode: string;
  streetCode: string;
  communityCode: string;
}
export interface Booking {
  bookingId: string;
  date: string;
  start: string;
  end: string;
  organizationId: string;
  purpose: string;
}

export type VenueEvent =
  | {
      type: 'VenueRegistered';
      payload: VenuePlace & {
        venueId: string;
        name: string;
        capacity: number;
        opensAt: string;
        closesAt: string;
      };
    }
  | { type: 'VenueBooked'; payload: Booking & { venueId: string } }
  | { type: 'VenueBookingCancelled'; payload: { venueId: string; bookingId: string; date: string } };
