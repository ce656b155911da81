import type { HttpApp } from '@fivesoc/service-kit';
import { z } from 'zod';
import { afterCursor, decodeCursor, historyRoute, page, pageQuery, withinScope } from '@fivesoc/service-kit';
import { creditStanding } from '../domain/organization/credit.ts';
import { currentEvaluation } from '../domain/organization/evaluation.ts';
import type { OrganizationState } from '../domain/organization/state.ts';
import { FIELDS, KINDS } from '../domain/organization/values.ts';
import { organizationsCollection } from '../projections/organizations.ts';
import { READERS, STAFF_READERS, assertMayRead, idParams, loadOrganization, type Deps } from './deps.ts';
import { errors, organizationPage, organizationView } from './responses.ts';

const tags = ['organizations'];

/** What a reader sees of an organization: never the legal representative's personal data. */
export const viewOf = (s: OrganizationState, now: Date) => ({
  id: s.id,
  name: s.name,
  registration: s.registration,
  route: s.route,
  category: s.category,
  kind: s.kind,
  hub: s.hub,
  field: s.field,
  place: s.place,
  creditCode: s.creditCode,
  registeredAt: s.registeredAt,
  rejectionReason: s.rejectionReason,
  activity: s.activity,
  activitySince: s.activitySince,
  exitDeadline: s.exitDeadline,
  annualReports: s.reports,
  creditStanding: creditStanding(s.credit, now),
  evaluation: currentEvaluation(s.evaluations, now) ?? null,
});

const listQuery = z.object({
  ...pageQuery,
  field: z.enum(FIELDS).optional(),
  kind: z.enum(KINDS).optional(),
  hub: z.enum(['true', 'false']).optional(),
  registration: z.enum(['applied', 'pre_approved', 'registered', 'rejected', 'filed']).optional(),
  activity: z.enum(['normal', 'abnormal', 'zombie', 'exit_notice', 'exited']).optional(),
  seriousViolation: z.enum(['true', 'false']).optional(),
});

export function organizationRoutes(app: HttpApp, deps: Deps): void {
  app.get(
    '/v1/organizations/:id',
    {
      config: { roles: [...READERS], scope: 'place_or_own' },
      schema: {
        response: { 200: organizationView, ...errors(404) },
        summary: 'An organization, read from its own stream',
        tags,
        params: idParams,
      },
    },
    async (req, reply) => {
      const { state, version } = await loadOrganization(deps.store, req.params.id);
      assertMayRead(req.principal, state);
      return reply.header('etag', `"${version}"`).send({ ...viewOf(state, new Date()), id: req.params.id });
    },
  );

  app.get(
    '/v1/organizations',
    {
      config: { roles: [...STAFF_READERS], scope: 'place' },
      schema: {
        response: { 200: organizationPage },
        summary:
          'Organizations in your scope, by name; filter by field, kind, hub, registration, activity (the abnormal list) or the serious-violation list',
        tags,
        querystring: listQuery,
      },
    },
    async (req) => {
      const q = req.query;
      const filter = withinScope(req.principal, {
        ...(q.field ? { field: q.field } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.hub ? { hub: q.hub === 'true' } : {}),
        ...(q.registration ? { registration: q.registration } : {}),
        ...(q.activity ? { activity: q.activity } : {}),
        ...(q.seriousViolation ? { seriousViolation: q.seriousViolation === 'true' } : {}),
      });
      const rows = await organizationsCollection(deps.db)
        .find({ $and: [filter, afterCursor('name', decodeCursor(q.cursor))] })
        .sort({ name: 1, _id: 1 })
        .limit(q.limit + 1)
        .toArray();
      return page(rows, q.limit, (r) => r.name);
    },
  );

  historyRoute(app, {
    url: '/v1/organizations/:id/history',
    roles: READERS,
    scope: 'place_or_own',
    record: 'organization',
    params: idParams,
    tags,
    read: async (req) => {
      const { state, events } = await loadOrganization(deps.store, req.params.id);
      assertMayRead(req.principal, state);
      return events;
    },
  });
}
