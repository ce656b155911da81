import { z } from 'zod';
import {
  ROLES,
  afterCursor,
  decodeCursor,
  page,
  pageQuery,
  withinScope,
  type HttpApp,
} from '@fivesoc/service-kit';
import { FIELDS } from '../domain/organization/values.ts';
import { organizationsCollection } from '../projections/organizations.ts';
import type { Deps } from './deps.ts';
import { eligibleOrganizationPage } from './responses.ts';

const query = z.object({
  ...pageQuery,
  eligible: z.enum(['true', 'false']).default('true'),
  field: z.enum(FIELDS).optional(),
});

/** The eligible-organization catalogue (承接政府购买服务的社会组织目录), with each organization's reasons. */
export function catalogueRoutes(app: HttpApp, deps: Deps): void {
  app.get(
    '/v1/catalogue/eligible-organizations',
    {
      config: { roles: [...ROLES], scope: 'place' },
      schema: {
        response: { 200: eligibleOrganizationPage },
        summary:
          'Organizations in (eligible=true) or out of (eligible=false) the catalogue, with the reason for each rule',
        tags: ['catalogue'],
        querystring: query,
      },
    },
    async (req) => {
      const q = req.query;
      const filter = withinScope(req.principal, {
        eligible: q.eligible === 'true',
        ...(q.field ? { field: q.field } : {}),
      });
      const rows = await organizationsCollection(deps.db)
        .find({ $and: [filter, afterCursor('name', decodeCursor(q.cursor))] })
        .project<{
          _id: string;
          name: string;
          field?: string;
          rating: string | null;
          eligibilityChecks: unknown[];
        }>({
          name: 1,
          field: 1,
          rating: 1,
          eligibilityChecks: 1,
        })
        .sort({ name: 1, _id: 1 })
        .limit(q.limit + 1)
        .toArray();
      return page(rows, q.limit, (r) => r.name);
    },
  );
}
