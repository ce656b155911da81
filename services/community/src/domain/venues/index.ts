export { venueEvents, hhmm, day, type Booking, type VenueEvent, type VenuePlace } from './events.ts';
export { venueDecider, type VenueCommand, type VenueState } from './decider.ts';
export { freeSlots, overlaps, type Slot } from './slots.ts';

export const venueStreamId = (venueId: string): string => `venue-${venueId}`;
