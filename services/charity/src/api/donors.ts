import { aggregate } from '@fivesoc/eventing';
import { z } from 'zod';
import { assertInScope, NotFoundError, commandContext, newRecordId } from '@fivesoc/service-kit';
import type { HttpApp } from '@fivesoc/service-kit';
import {
  creditCode,
  donorDecider,
  donorStreamId,
  personalDataSchema,
  type DonorRegisteredPayload,
  type PersonalData,
} from '../domain/donor/index.ts';
import { id, placeSchema, shortText } from '../domain/shared.ts';
import { etagOf, INTAKE_ROLES, READ_ROLES, type Deps } from './deps.ts';
import { donorCandidate, donorDuplicates } from './donorDuplicates.ts';
import { donorCreated, donorBody, disclosureBody, erasureBody, errors } from './responses.ts';

const common = { disclosureConsent: z.boolean().default(false), ...placeSchema.shape };
const registerBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('person'), person: personalDataSchema, ...common }),
  z.strictObject({ kind: z.literal('enterprise'), name: shortText, creditCode, ...common }),
  z.strictObject({
    kind: z.literal('charity_organization'),
    name: shortText,
    creditCode: creditCode.optional(),
    ...common,
  }),
]);
const params = z.object({ id });
const tags = ['donors'];

export function donorRoutes(app: HttpApp, deps: Deps): void {
  const { store, vault, commands } = deps;
  async function requireDonor(donorId: string) {
    const { state, version } = await aggregate(store, donorDecider, donorStreamId(donorId));
    if (!state.registered) throw new NotFoundError('donor', donorId);
    return { state, version };
  }

  app.post(
    '/v1/donors',
    {
      config: { roles: INTAKE_ROLES, scope: 'place' },
      schema: {
        summary: 'Register a donor (person, enterprise or charity organization)',
        tags,
        body: registerBody,
        response: {
          201: donorCreated.extend({ possibleDuplicates: z.array(donorCandidate).optional() }),
          ...errors(409, 422),
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      assertInScope(req.principal, b, 'the donor’s place');
      const ctx = commandContext(req);
      const donorId = newRecordId(ctx);
      const { person, ...rest } = b.kind === 'person' ? b : { ...b, person: undefined };
      // A person's name, phone and ID number are sealed under their own key before anything is stored.
      const donor: DonorRegisteredPayload = {
        ...rest,
        donorId,
        ...(person ? { personal: await vault.seal(donorId, person) } : {}),
      };
      const r = await commands.donor.run(donorId, { kind: 'register', donor }, ctx);
      if (!person) return reply.status(201).header('etag', etagOf(r.version)).send({ donorId });
      // Search-before-create's answer after the fact: whom this person may duplicate, in the caller's scope.
      const possibleDuplicates = await donorDuplicates(deps, req, deps.people.blindOf(person), donorId);
      const { districtCode, streetCode, communityCode } = b;
      await deps.people.index(
        { personId: donorId, ref: donorId, districtCode, streetCode, communityCode },
        person,
      );
      return reply.status(201).header('etag', etagOf(r.version)).send({ donorId, possibleDuplicates });
    },
  );

  app.get(
    '/v1/donors/:id',
    {
      config: { roles: READ_ROLES, scope: 'place' },
      schema: {
        summary: 'A donor, with a person’s data opened for staff',
        tags,
        params,
        response: { 200: donorBody, ...errors(404) },
      },
    },
    async (req, reply) => {
      const { state, version } = await requireDonor(req.params.id);
      assertInScope(req.principal, state, 'this donor');
      const { personal, ...view } = state;
      const person = personal
        ? await vault.openFor<PersonalData>(personal, {
            req,
            record: `donor ${req.params.id}`,
            place: state,
          })
        : undefined;
      const opened = personal ? { person: person ?? null, erased: person === null } : {};
      return reply.header('etag', etagOf(version)).send({ ...view, ...opened });
    },
  );

  app.put(
    '/v1/donors/:id/disclosure-consent',
    {
      config: { roles: INTAKE_ROLES, scope: 'place' },
      schema: {
        summary: 'Record whether the donor agrees to public disclosure of their donations',
        tags,
        params,
        body: z.strictObject({ disclosureConsent: z.boolean() }),
        response: { 200: disclosureBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { state } = await requireDonor(req.params.id);
      assertInScope(req.principal, state, 'this donor');
      const command = {
        kind: 'setDisclosureConsent' as const,
        disclosureConsent: req.body.disclosureConsent,
      };
      const r = await commands.donor.run(req.params.id, command, commandContext(req));
      return reply.header('etag', etagOf(r.version)).send({ donorId: req.params.id, ...req.body });
    },
  );

  app.post(
    '/v1/donors/:id/erasure',
    {
      config: { roles: ['district_admin', 'charity_coordinator'], scope: 'place' },
      schema: {
        summary: 'Erase a person’s personal data (PIPL): their key goes, every sealed copy is unreadable',
        tags,
        params,
        response: { 200: erasureBody, ...errors(404) },
      },
    },
    async (req) => {
      const { state } = await requireDonor(req.params.id);
      assertInScope(req.principal, state, 'this donor');
      await deps.people.forget(req.params.id);
      return { donorId: req.params.id, erased: await vault.erase(req.params.id) };
    },
  );
}
