import { IllegalStateError, NotFoundError, ValidationError } from '@fivesoc/service-kit';
import type { Decider } from '@fivesoc/eventing';
import type { Booking, VenueEvent, VenuePlace } from './events.ts';
import { minutes, overlaps } from './slots.ts';

export interface VenueState {
  venueId: string;
  registered: boolean;
  name: string;
  place?: VenuePlace;
  capacity: number;
  opensAt: string;
  closesAt: string;
  /** Active bookings (cancelled ones are dropped). */
  bookings: Booking[];
}

export type VenueCommand =
  | {
      kind: 'register';
      venueId: string;
      name: string;
      place: VenuePlace;
      capacity: number;
      opensAt: string;
      closesAt: string;
    }
  | ({ kind: 'book' } & Booking)
  | { kind: 'cancel'; bookingId: string };

function book(c: Booking, s: VenueState, now: Date): VenueEvent[] {
  if (!s.registered) throw new NotFoundError('venue', s.venueId || '?');
  if (minutes(c.start) >= minutes(c.end)) throw new ValidationError('body.end', 'must be after start');
  if (minutes(c.start) < minutes(s.opensAt) || minutes(c.end) > minutes(s.closesAt))
    throw new IllegalStateError(`the venue is open ${s.opensAt}-${s.closesAt}`);
  if (c.date < now.toISOString().slice(0, 10)) throw new IllegalStateError('a past day cannot be booked');
  // No double booking (不重复预约): the one rule that makes a venue an aggregate.
  const clash = s.bookings.find((b) => b.date === c.date && overlaps(b, c));
  if (clash)
    throw new IllegalStateError(`the slot overlaps booking ${clash.bookingId} (${clash.start}-${clash.end})`);
  return [{ type: 'VenueBooked', payload: { venueId: s.venueId, ...c } }];
}

/** A venue: registered once with its opening hours; bookings inside them never overlap. */
export const venueDecider: Decider<VenueState, VenueCommand, VenueEvent> = {
  initialState: () => ({
    venueId: '',
    registered: false,
    name: '',
    capacity: 0,
    opensAt: '00:00',
    closesAt: '00:00',
    bookings: [],
  }),
  decide(command, state, { now }) {
    switch (command.kind) {
      case 'register': {
        if (state.registered) throw new IllegalStateError(`venue ${command.venueId} is already registered`);
        if (minutes(command.opensAt) >= minutes(command.closesAt))
          throw new ValidationError('body.closesAt', 'must be after opensAt');
        const { venueId, name, place, capacity, opensAt, closesAt } = command;
        return [
          { type: 'VenueRegistered', payload: { venueId, name, ...place, capacity, opensAt, closesAt } },
        ];
      }
      case 'book': {
        const { kind: _kind, ...booking } = command;
        return book(booking, state, now);
      }
      case 'cancel': {
        const b = state.bookings.find((x) => x.bookingId === command.bookingId);
        if (!b) throw new NotFoundError('active booking', command.bookingId);
        return [
          {
            type: 'VenueBookingCancelled',
            payload: { venueId: state.venueId, bookingId: b.bookingId, date: b.date },
          },
        ];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'VenueRegistered': {
        const { venueId, name, capacity, opensAt, closesAt, districtCode, streetCode, communityCode } =
          event.payload;
        const place = { districtCode, streetCode, communityCode };
        return { ...state, venueId, registered: true, name, place, capacity, opensAt, closesAt };
      }
      case 'VenueBooked': {
        const { venueId: _v, ...booking } = event.payload;
        return { ...state, bookings: [...state.bookings, booking] };
      }
      case 'VenueBookingCancelled':
        return { ...state, bookings: state.bookings.filter((b) => b.bookingId !== event.payload.bookingId) };
      default:
        return state;
    }
  },
};
