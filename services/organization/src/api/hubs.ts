import { z } from 'zod';
import {
  ForbiddenError,
  IllegalStateError,
  assertInScope,
  etagOf,
  page,
  pageQuery,
  afterCursor,
  decodeCursor,
  type HttpApp,
  type Principal,
  commandContext,
} from '@fivesoc/service-kit';
import type { OrganizationState } from '../domain/organization/state.ts';
import { organizationsCollection } from '../projections/organizations.ts';
import { READERS, assertMayRead, idParams, loadOrganization, type Deps } from './deps.ts';
import { errors, fieldMemberPage, hubAnswer } from './responses.ts';

const tags = ['hubs'];

/** Whether the principal is a hub organization leading the field of `member` (枢纽型 supervises its field). */
export async function isHubOf(deps: Deps, principal: Principal, member: OrganizationState): Promise<boolean> {
  if (!principal.roles.includes('organization') || principal.subject === member.id) return false;
  const hub = await loadOrganization(deps.store, principal.subject).catch(() => undefined);
  return (
    !!hub &&
    hub.state.hub &&
    hub.state.field === member.field &&
    hub.state.place?.districtCode === member.place?.districtCode
  );
}

/** Hub organizations: designated by the district, linked to the organizations of their field. */
export function hubRoutes(app: HttpApp, deps: Deps): void {
  app.post(
    '/v1/organizations/:id/hub-designation',
    {
      config: { roles: ['district_admin'], scope: 'place' },
      schema: {
        response: { 200: hubAnswer, ...errors(404, 409, 422) },
        summary: 'Designate a registered organization as the hub of its field',
        tags,
        params: idParams,
        body: z.strictObject({}),
      },
    },
    async (req, reply) => {
      const { state } = await loadOrganization(deps.store, req.params.id);
      assertInScope(req.principal, state.place ?? {}, 'this organization');
      const r = await deps.commands.organization.run(
        req.params.id,
        { kind: 'designateHub', by: req.principal.subject },
        commandContext(req),
      );
      return reply
        .header('etag', etagOf(r.version))
        .send({ id: req.params.id, hub: r.state.hub, field: r.state.field });
    },
  );

  app.get(
    '/v1/organizations/:id/field-members',
    {
      config: { roles: [...READERS], scope: 'place_or_own' },
      schema: {
        response: { 200: fieldMemberPage, ...errors(404, 422) },
        summary: 'The organizations of a hub’s field in its district',
        tags,
        params: idParams,
        querystring: z.object({ ...pageQuery }),
      },
    },
    async (req) => {
      const { state: hub } = await loadOrganization(deps.store, req.params.id);
      assertMayRead(req.principal, hub);
      if (!hub.hub) throw new IllegalStateError('this organization is not a hub');
      const filter = {
        field: hub.field,
        districtCode: hub.place?.districtCode,
        _id: { $ne: req.params.id },
        registration: { $in: ['registered', 'filed'] },
      };
      const rows = await organizationsCollection(deps.db)
        .find({ $and: [filter, afterCursor('name', decodeCursor(req.query.cursor))] })
        .project<{
          _id: string;
          name: string;
          registration: string;
          activity: string;
          creditStanding: string;
        }>({ name: 1, registration: 1, activity: 1, creditStanding: 1 })
        .sort({ name: 1, _id: 1 })
        .limit(req.query.limit + 1)
        .toArray();
      return page(rows, req.query.limit, (r) => r.name);
    },
  );
}

export const assertHubOrStaff = async (deps: Deps, principal: Principal, member: OrganizationState) => {
  if (principal.roles.some((r) => r === 'registration_authority' || r === 'district_admin')) {
    assertInScope(principal, member.place ?? {}, 'this organization');
    return;
  }
  if (!(await isHubOf(deps, principal, member)))
    throw new ForbiddenError(
      'only the authority, the district or the hub of this field keeps its credit records',
    );
};
