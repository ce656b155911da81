import { describe, expect, it } from 'vitest';
import { IllegalStateError } from '@fivesoc/service-kit';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { venueDecider } from './decider.ts';
import type { VenueEvent } from './events.ts';
import { freeSlots } from './slots.ts';

const spec = deciderSpec(venueDecider, { now: new Date('2026-11-27T10:00:00Z') });
const place = { districtCode: '330102', streetCode: '330102001', communityCode: '330102001001' };
const registered: VenueEvent = {
  type: 'VenueRegistered',
  payload: { venueId: 'v1', name: '活动室', ...place, capacity: 30, opensAt: '08:00', closesAt: '18:00' },
};
const slot = (bookingId: string, start: string, end: string, date = '2026-12-01') => ({
  bookingId,
  date,
  start,
  end,
  organizationId: 'org-1',
  purpose: '活动',
});
const booked: VenueEvent = {
  type: 'VenueBooked',
  payload: { venueId: 'v1', ...slot('b1', '09:00', '11:00') },
};

describe('a venue', () => {
  it('books a free slot inside its opening hours', () => {
    spec
      .given([registered])
      .when({ kind: 'book', ...slot('b1', '09:00', '11:00') })
      .then([booked]);
    spec
      .given([registered])
      .when({ kind: 'book', ...slot('b1', '07:00', '09:00') })
      .thenThrows(/open 08:00-18:00/);
    spec
      .given([registered])
      .when({ kind: 'book', ...slot('b1', '09:00', '09:00') })
      .thenThrows(/after start/);
    spec
      .given([registered])
      .when({ kind: 'book', ...slot('b1', '09:00', '10:00', '2026-11-26') })
      .thenThrows(/past day/);
  });

  it('never books an overlapping slot, but allows back-to-back and other days', () => {
    spec
      .given([registered, booked])
      .when({ kind: 'book', ...slot('b2', '10:30', '12:00') })
      .thenThrows(IllegalStateError);
    spec
      .given([registered, booked])
      .when({ kind: 'book', ...slot('b2', '11:00', '12:00') })
      .then([{ type: 'VenueBooked', payload: { venueId: 'v1', ...slot('b2', '11:00', '12:00') } }]);
    spec
      .given([registered, booked])
      .when({ kind: 'book', ...slot('b2', '09:00', '11:00', '2026-12-02') })
      .then([
        { type: 'VenueBooked', payload: { venueId: 'v1', ...slot('b2', '09:00', '11:00', '2026-12-02') } },
      ]);
  });

  it('frees the slot of a cancelled booking', () => {
    const cancelled: VenueEvent = {
      type: 'VenueBookingCancelled',
      payload: { venueId: 'v1', bookingId: 'b1', date: '2026-12-01' },
    };
    spec.given([registered, booked]).when({ kind: 'cancel', bookingId: 'b1' }).then([cancelled]);
    spec
      .given([registered, booked, cancelled])
      .when({ kind: 'book', ...slot('b2', '10:00', '11:00') })
      .then([{ type: 'VenueBooked', payload: { venueId: 'v1', ...slot('b2', '10:00', '11:00') } }]);
    spec
      .given([registered, booked, cancelled])
      .when({ kind: 'cancel', bookingId: 'b1' })
      .thenThrows(/not found/);
  });

  it('lists the free gaps of a day around its bookings', () => {
    expect(
      freeSlots('08:00', '18:00', [
        { start: '12:00', end: '13:00' },
        { start: '08:00', end: '09:00' },
      ]),
    ).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ]);
  });
});
