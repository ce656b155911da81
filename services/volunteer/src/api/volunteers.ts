import { z } from 'zod';
import { createHmac, randomUUID } from 'node:crypto';
import {
  AlreadyExistsError,
  assertInScope,
  etagOf,
  historyRoute,
  IllegalStateError,
  type HttpApp,
  commandContext,
} from '@fivesoc/service-kit';
import { isDuplicateKey } from '@fivesoc/eventing';
import type { PersonalData } from '../domain/volunteer/events.ts';
import { maskResidentId } from '../domain/volunteer/residentId.ts';
import { ADMINS, assertSelfOrAdmin, loadVolunteer } from './access.ts';
import type { Deps } from './deps.ts';
import { acceptedSchema, registerBody, updateBody, volunteerParams } from './schemas.ts';
import { errors, volunteerBody } from './responses.ts';
import { indexVolunteer, volunteerCandidate, volunteerDuplicates } from './duplicates.ts';

const tags = ['volunteers'];

/** One ID number registers once: its keyed hash is the `_id` of a reservation (an insert decides races). */
export const reservations = (deps: Deps) =>
  deps.db.collection<{ _id: string; volunteerId: string }>('id_number_reservations');
export const idHash = (deps: Deps, idNumber: string) =>
  createHmac('sha256', deps.idNumberKey).update(idNumber).digest('hex');

export function volunteerRoutes(app: HttpApp, deps: Deps) {
  app.post(
    '/v1/volunteers',
    {
      config: { roles: ADMINS, scope: 'place' },
      schema: {
        summary: 'Register a volunteer by real name (实名注册)',
        tags,
        body: registerBody,
        response: {
          201: acceptedSchema.extend({ possibleDuplicates: z.array(volunteerCandidate) }),
          ...errors(409, 422),
        },
      },
    },
    async (req, reply) => {
      const { name, phone, idNumber, ...profile } = req.body;
      assertInScope(req.principal, profile.place, 'the home community');
      const volunteerId = `v-${randomUUID()}`;
      const hash = idHash(deps, idNumber);
      try {
        await reservations(deps).insertOne({ _id: hash, volunteerId });
      } catch (err) {
        if (isDuplicateKey(err))
          throw new AlreadyExistsError('a volunteer with this ID number', '(not shown)');
        throw err;
      }
      // Search-before-create's answer after the fact: whom this volunteer may duplicate, in the caller's scope.
      const possibleDuplicates = await volunteerDuplicates(
        deps,
        req,
        deps.people.blindOf({ name, phone, idNumber }),
      );
      try {
        const personal = await deps.vault.seal(volunteerId, { name, phone, idNumber } satisfies PersonalData);
        const r = await deps.commands.volunteer.run(
          volunteerId,
          {
            kind: 'register',
            volunteerId,
            personal,
            profile,
          },
          commandContext(req, { headers: false }),
        );
        await indexVolunteer(deps, volunteerId, profile.place, { name, phone, idNumber });
        return reply
          .status(201)
          .header('etag', etagOf(r.version))
          .send({ id: volunteerId, version: r.version, possibleDuplicates });
      } catch (err) {
        // Compensation: the ID number is free again and the half-made person key goes.
        await reservations(deps).deleteOne({ _id: hash });
        await deps.people.forget(volunteerId);
        await deps.vault.erase(volunteerId);
        throw err;
      }
    },
  );

  app.get(
    '/v1/volunteers/:id',
    {
      config: { roles: [...ADMINS, 'volunteer'], scope: 'place_or_own' },
      schema: {
        summary: 'A volunteer profile; name and phone opened from the vault, ID number masked',
        tags,
        params: volunteerParams,
        response: { 200: volunteerBody, ...errors(404) },
      },
    },
    async (req, reply) => {
      const { state, version } = await loadVolunteer(deps, req.params.id);
      assertSelfOrAdmin(req.principal, req.params.id, state);
      const personal =
        state.status === 'active'
          ? await deps.vault.openFor<PersonalData>(state.personal, {
              req,
              record: `volunteer ${req.params.id}`,
              place: state.profile.place,
            })
          : null;
      return reply.header('etag', etagOf(version)).send({
        id: state.volunteerId,
        status: state.status,
        ...state.profile,
        ...(personal
          ? { name: personal.name, phone: personal.phone, idNumber: maskResidentId(personal.idNumber) }
          : {}),
        version,
      });
    },
  );

  historyRoute(app, {
    url: '/v1/volunteers/:id/history',
    roles: [...ADMINS, 'volunteer'],
    scope: 'place_or_own',
    record: 'volunteer',
    params: volunteerParams,
    tags,
    read: async (req) => {
      const { state, events } = await loadVolunteer(deps, req.params.id);
      assertSelfOrAdmin(req.principal, req.params.id, state);
      return events;
    },
  });

  app.patch(
    '/v1/volunteers/:id',
    {
      config: { roles: ADMINS, scope: 'place' },
      schema: {
        summary: 'Update a volunteer profile (If-Match, Idempotency-Key)',
        tags,
        params: volunteerParams,
        body: updateBody,
        response: { 200: acceptedSchema, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { state } = await loadVolunteer(deps, req.params.id);
      assertSelfOrAdmin(req.principal, req.params.id, state);
      const { name, phone, ...changes } = req.body;
      if (changes.place) assertInScope(req.principal, changes.place, 'the new home community');
      let personal;
      if (name !== undefined || phone !== undefined) {
        const current = await deps.vault.open<PersonalData>(state.personal);
        if (!current) throw new IllegalStateError('this volunteer has been erased');
        personal = await deps.vault.seal(req.params.id, {
          ...current,
          ...(name ? { name } : {}),
          ...(phone ? { phone } : {}),
        });
      }
      const r = await deps.commands.volunteer.run(
        req.params.id,
        { kind: 'update', volunteerId: req.params.id, changes, ...(personal ? { personal } : {}) },
        commandContext(req),
      );
      if (personal || changes.place) {
        const data = await deps.vault.open<PersonalData>(personal ?? state.personal);
        if (data) await indexVolunteer(deps, req.params.id, changes.place ?? state.profile.place, data);
      }
      return reply.header('etag', etagOf(r.version)).send({ id: req.params.id, version: r.version });
    },
  );

  app.delete(
    '/v1/volunteers/:id/personal-data',
    {
      config: { roles: [...ADMINS, 'volunteer'], scope: 'place_or_own' },
      schema: {
        summary: 'Erase a volunteer (PIPL): their key goes, and their ID number is free again',
        tags,
        params: volunteerParams,
        response: { 200: acceptedSchema, ...errors(404, 409, 422) },
      },
    },
    async (req) => {
      const id = req.params.id;
      const { state } = await loadVolunteer(deps, id);
      assertSelfOrAdmin(req.principal, id, state);
      if (state.status === 'erased') throw new IllegalStateError('this volunteer has already been erased');
      // Each step can be repeated, so an erasure cut short is finished by asking again.
      const personal = await deps.vault.open<PersonalData>(state.personal);
      if (personal) await reservations(deps).deleteOne({ _id: idHash(deps, personal.idNumber) });
      await deps.people.forget(id);
      await deps.vault.erase(id);
      const r = await deps.commands.volunteer.run(
        id,
        {
          kind: 'erase',
          volunteerId: id,
        },
        commandContext(req, { headers: false }),
      );
      return { id, version: r.version };
    },
  );
}
