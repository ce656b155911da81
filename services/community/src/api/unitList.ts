import { z } from 'zod';
import { afterCursor, decodeCursor, page, pageQuery, type HttpApp } from '@fivesoc/service-kit';
import { unitRows } from '../projections/units.ts';
import { ALL_ROLES, type Deps } from './deps.ts';
import { unitPage } from './responses.ts';

/** GET /v1/units: the tree from its projection, sorted by code, filtered by level and parent. */
export function unitListRoutes(app: HttpApp, { db }: Deps): void {
  app.get(
    '/v1/units',
    {
      config: {
        roles: ALL_ROLES,
        scope: {
          public:
            'the district → street → community tree is the map every party works on; it holds no personal data',
        },
      },
      schema: {
        summary: 'List districts, streets or communities (eventually consistent), sorted by code',
        tags: ['tree'],
        response: { 200: unitPage },
        querystring: z.object({
          ...pageQuery,
          level: z.enum(['district', 'street', 'community']).optional(),
          districtCode: z
            .string()
            .regex(/^\d{6}$/)
            .optional(),
          streetCode: z
            .string()
            .regex(/^\d{9}$/)
            .optional(),
          includeClosed: z.enum(['true', 'false']).default('false'),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const filter: Record<string, unknown> = {
        ...(q.level ? { level: q.level } : {}),
        ...(q.districtCode ? { districtCode: q.districtCode } : {}),
        ...(q.streetCode ? { streetCode: q.streetCode } : {}),
        ...(q.includeClosed === 'true' ? {} : { closed: false }),
      };
      const rows = await unitRows(db)
        .find({ $and: [filter, afterCursor('_id', decodeCursor(q.cursor))] })
        .sort({ _id: 1 })
        .limit(q.limit + 1)
        .toArray();
      const p = page(rows, q.limit, (r) => r._id);
      return { ...p, items: p.items.map(({ _id, _v, ...r }) => ({ code: _id, ...r })) };
    },
  );
}
