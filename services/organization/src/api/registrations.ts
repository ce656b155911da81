import type { HttpApp } from '@fivesoc/service-kit';
import { z } from 'zod';
import {
  IllegalStateError,
  ValidationError,
  assertCreditCode,
  assertInScope,
  etagOf,
  commandContext,
  newRecordId,
} from '@fivesoc/service-kit';
import { type OrganizationCommand } from '../domain/organization/decider.ts';
import { CATEGORIES, FIELDS, KINDS, placeSchema } from '../domain/organization/values.ts';
import { idParams, loadOrganization, streamOf, type Deps } from './deps.ts';
import { releaseCreditCode, withCreditCode } from './reservations.ts';
import { applicationAnswer, decisionAnswer, errors } from './responses.ts';

const person = z.strictObject({
  name: z.string().trim().min(1).max(50),
  phone: z.string().regex(/^\+?[0-9 -]{5,20}$/),
});
const application = z.strictObject({
  name: z.string().trim().min(1).max(200),
  category: z.enum(CATEGORIES),
  kind: z.enum(KINDS),
  field: z.enum(FIELDS),
  place: placeSchema,
  creditCode: z.string().max(18),
  legalRepresentative: person,
});
const filing = z.strictObject({
  name: z.string().trim().min(1).max(200),
  field: z.enum(FIELDS),
  place: placeSchema,
  legalRepresentative: person,
});
const tags = ['registration'];

export function assertPlace(place: z.infer<typeof placeSchema>) {
  if (!place.streetCode.startsWith(place.districtCode) || !place.communityCode.startsWith(place.streetCode))
    throw new ValidationError(
      'body.place',
      'a street code starts with its district code, a community code with its street code',
    );
}

/** 登记: applications, pre-approval, approval or rejection, and street-level filing (备案). */
export function registrationRoutes(app: HttpApp, deps: Deps): void {
  const { store, db, vault } = deps;

  app.post(
    '/v1/organizations',
    {
      config: { roles: ['organization', 'registration_authority'], scope: 'place_or_own' },
      schema: {
        response: { 201: applicationAnswer, ...errors(409, 422) },
        summary: 'Apply for registration (an organization applies for itself: its id is its token subject)',
        tags,
        body: application,
      },
    },
    async (req, reply) => {
      const b = req.body;
      assertPlace(b.place);
      assertCreditCode(b.creditCode);
      const p = req.principal;
      const options = commandContext(req);
      const id = p.roles.includes('organization') ? p.subject : newRecordId(options);
      if (!p.roles.includes('organization')) assertInScope(p, b.place, 'this organization');
      if (options.idempotencyKey && (await store.previousAppend(streamOf(id), options.idempotencyKey))) {
        // A repeated request answers as the first did, and seals nothing again.
        const { state, version } = await loadOrganization(store, id);
        return reply
          .status(201)
          .header('etag', etagOf(version))
          .send({ id, registration: state.registration, route: state.route });
      }
      // Refused before anything is written: a refused application leaves no vault key and no credit code
      // claim (and an organization whose representative was erased gets no new key for the old data).
      if ((await store.streamVersion(streamOf(id))) > 0)
        throw new IllegalStateError('this organization has already applied or filed');
      const r = await withCreditCode(db, b.creditCode, id, async () => {
        const command: OrganizationCommand = {
          kind: 'submitApplication',
          organizationId: id,
          name: b.name,
          category: b.category,
          orgKind: b.kind,
          field: b.field,
          place: b.place,
          creditCode: b.creditCode,
          legalRepresentative: await vault.seal(`${id}:legal-representative`, b.legalRepresentative),
        };
        return deps.commands.organization.run(id, command, {
          ...options,
          idempotencyChecked: true,
        });
      });
      return reply
        .status(201)
        .header('etag', etagOf(r.version))
        .send({ id, registration: r.state.registration, route: r.state.route });
    },
  );

  const decision = (
    path: string,
    summary: string,
    role: 'supervisor' | 'registration_authority',
    body: z.ZodType,
    toCommand: (b: never, subject: string) => OrganizationCommand,
  ) =>
    app.post(
      `/v1/organizations/:id/${path}`,
      {
        config: { roles: [role], scope: 'place' },
        schema: {
          response: { 200: decisionAnswer, ...errors(404, 409, 422) },
          summary,
          tags,
          params: idParams,
          body,
        },
      },
      async (req, reply) => {
        const { id } = req.params;
        const { state } = await loadOrganization(store, id);
        assertInScope(req.principal, state.place ?? {}, 'this organization');
        const command = toCommand(req.body as never, req.principal.subject);
        const r = await deps.commands.organization.run(id, command, commandContext(req));
        if (command.kind === 'reject' && state.creditCode) await releaseCreditCode(db, state.creditCode, id);
        return reply.header('etag', etagOf(r.version)).send({ id, registration: r.state.registration });
      },
    );
  // The business supervisor (业务主管单位): the `supervisor` role of the district's department.
  decision(
    'pre-approval',
    'Business supervisor pre-approves an application',
    'supervisor',
    z.strictObject({}),
    (_b, subject) => ({ kind: 'preApprove', supervisor: subject }),
  );
  decision(
    'approval',
    'Registration authority approves an application',
    'registration_authority',
    z.strictObject({}),
    () => ({ kind: 'approve' }),
  );
  decision(
    'rejection',
    'Registration authority rejects an application, with a reason',
    'registration_authority',
    z.strictObject({ reason: z.string().trim().min(1).max(1000) }),
    (b: { reason: string }) => ({ kind: 'reject', reason: b.reason }),
  );

  app.post(
    '/v1/community-organizations',
    {
      config: { roles: ['street_admin'], scope: 'place' },
      schema: {
        response: { 201: applicationAnswer, ...errors(409, 422) },
        summary: 'File (备案) a community social organization at street level',
        tags,
        body: filing,
      },
    },
    async (req, reply) => {
      const b = req.body;
      assertPlace(b.place);
      assertInScope(req.principal, b.place, 'this community');
      const ctx = commandContext(req);
      const id = newRecordId(ctx);
      const command: OrganizationCommand = {
        kind: 'fileCommunityOrganization',
        organizationId: id,
        name: b.name,
        field: b.field,
        place: b.place,
        legalRepresentative: await vault.seal(`${id}:legal-representative`, b.legalRepresentative),
      };
      const r = await deps.commands.organization.run(id, command, ctx);
      return reply
        .status(201)
        .header('etag', etagOf(r.version))
        .send({ id, registration: r.state.registration });
    },
  );
}
