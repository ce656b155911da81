import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { aggregate } from '@fivesoc/eventing';
import {
  assertInScope,
  etagOf,
  ForbiddenError,
  NotFoundError,
  type HttpApp,
  commandContext,
  newRecordId,
} from '@fivesoc/service-kit';
import {
  day,
  freeSlots,
  hhmm,
  venueDecider,
  venueStreamId,
  type Booking,
  type VenueState,
} from '../domain/venues/index.ts';
import { ALL_ROLES, type Deps } from './deps.ts';
import { needPlace } from './needCommands.ts';
import { bookingBody, errors, freeSlotsBody, noContent, venueBody } from './responses.ts';

const tags = ['venues'];
const params = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/) });
const BOOKERS = ['organization', 'community_staff', 'street_admin', 'district_admin'] as const;
const venueScope = {
  public:
    'a venue is a community facility any party may book: its hours and bookings (organizations and purposes, no personal data) are open',
} as const;

const view = (s: VenueState) => ({
  id: s.venueId,
  name: s.name,
  ...s.place!,
  capacity: s.capacity,
  opensAt: s.opensAt,
  closesAt: s.closesAt,
  bookings: s.bookings,
});

/**
 * An organization books and cancels only in its own name (its token subject is its organization id); staff
 * book and cancel for anyone, but only at the venues of their own place.
 */
function assertBooksForItself(req: FastifyRequest, organizationId: string, venue: VenueState) {
  const p = req.principal;
  const staff = p.roles.some((r) => r !== 'organization' && (BOOKERS as readonly string[]).includes(r));
  if (!staff && organizationId !== p.subject)
    throw new ForbiddenError('an organization books only for itself');
  if (staff && organizationId !== p.subject) assertInScope(p, venue.place ?? {}, `venue ${venue.venueId}`);
}

/** 场地: register venues, book slots (never overlapping), cancel, list a day's free slots. */
export function venueRoutes(app: HttpApp, deps: Deps): void {
  const { store } = deps;
  const load = async (id: string) => {
    const { state, version } = await aggregate(store, venueDecider, venueStreamId(id));
    if (!state.registered) throw new NotFoundError('venue', id);
    return { state, version };
  };

  app.post(
    '/v1/venues',
    {
      config: { roles: ['community_staff', 'street_admin', 'district_admin'], scope: 'place' },
      schema: {
        summary: 'Register a venue with its capacity and daily opening hours',
        tags,
        body: z.strictObject({
          name: z.string().trim().min(1).max(100),
          communityCode: z.string().regex(/^\d{12}$/),
          capacity: z.number().int().min(1).max(10_000),
          opensAt: hhmm,
          closesAt: hhmm,
        }),
        response: { 201: venueBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { communityCode, ...rest } = req.body;
      const place = await needPlace(deps, communityCode);
      assertInScope(req.principal, place, `community ${communityCode}`);
      const opts = commandContext(req);
      const venueId = newRecordId(opts);
      const r = await deps.commands.venue.run(venueId, { kind: 'register', venueId, place, ...rest }, opts);
      return reply.status(201).header('etag', etagOf(r.version)).send(view(r.state));
    },
  );

  app.get(
    '/v1/venues/:id',
    {
      config: { roles: ALL_ROLES, scope: venueScope },
      schema: {
        summary: 'A venue and its bookings',
        tags,
        params,
        response: { 200: venueBody, ...errors(404) },
      },
    },
    async (req, reply) => {
      const v = await load(req.params.id);
      return reply.header('etag', etagOf(v.version)).send(view(v.state));
    },
  );

  app.post(
    '/v1/venues/:id/bookings',
    {
      config: { roles: BOOKERS, scope: 'place_or_own' },
      schema: {
        summary: 'Book a slot; an overlapping one is refused (422), even when requests race',
        tags,
        params,
        body: z.strictObject({
          date: day,
          start: hhmm,
          end: hhmm,
          organizationId: z.string().min(1).max(100),
          purpose: z.string().trim().min(1).max(200),
        }),
        response: { 201: bookingBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const v = await load(req.params.id);
      assertBooksForItself(req, req.body.organizationId, v.state);
      const command = { kind: 'book' as const, bookingId: randomUUID(), ...req.body };
      // Racing bookings collide on the stream's version; the losers decide again on the winner's state.
      const r = await deps.commands.venue.run(req.params.id, command, {
        ...commandContext(req),
        retriesOnConflict: 30,
      });
      // A repeated Idempotency-Key answers with the booking the first request made.
      const replayed = r.append?.replayed
        ? (await store.readStream(venueStreamId(req.params.id), r.append.fromVersion))[0]
        : undefined;
      const booking = replayed
        ? (replayed.payload as Booking)
        : r.state.bookings.find((b) => b.bookingId === command.bookingId)!;
      return reply
        .status(201)
        .header('etag', etagOf(r.version))
        .send({ ...booking, venueId: req.params.id });
    },
  );

  app.delete(
    '/v1/venues/:id/bookings/:bookingId',
    {
      config: { roles: BOOKERS, scope: 'place_or_own' },
      schema: {
        summary: 'Cancel a booking',
        tags,
        params: params.extend({ bookingId: z.string().max(100) }),
        response: { 204: noContent, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const v = await load(req.params.id);
      const b = v.state.bookings.find((x) => x.bookingId === req.params.bookingId);
      if (!b) throw new NotFoundError('active booking', req.params.bookingId);
      assertBooksForItself(req, b.organizationId, v.state);
      const r = await deps.commands.venue.run(
        req.params.id,
        { kind: 'cancel', bookingId: b.bookingId },
        { ...commandContext(req), retriesOnConflict: 5 },
      );
      return reply.header('etag', etagOf(r.version)).status(204).send();
    },
  );

  app.get(
    '/v1/venues/:id/free-slots',
    {
      config: { roles: ALL_ROLES, scope: venueScope },
      schema: {
        summary: "A day's free slots within opening hours",
        tags,
        params,
        querystring: z.object({ date: day }),
        response: { 200: freeSlotsBody, ...errors(404) },
      },
    },
    async (req) => {
      const { state } = await load(req.params.id);
      const booked = state.bookings.filter((b) => b.date === req.query.date);
      return {
        venueId: state.venueId,
        date: req.query.date,
        free: freeSlots(state.opensAt, state.closesAt, booked),
      };
    },
  );
}
