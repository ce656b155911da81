import { z } from 'zod';
import { afterCursor, decodeCursor, page, pageQuery, withinScope, type HttpApp } from '@fivesoc/service-kit';
import { NEED_CATEGORIES, URGENCIES } from '../domain/needs/index.ts';
import { needRows } from '../projections/needs.ts';
import type { Deps } from './deps.ts';
import { NEED_ROLES } from './needs.ts';
import { needPage } from './responses.ts';

/** GET /v1/needs: the caller's scope only, filtered, oldest report first, with stable cursors. */
export function needListRoutes(app: HttpApp, { db }: Deps): void {
  app.get(
    '/v1/needs',
    {
      config: { roles: NEED_ROLES, scope: 'place' },
      schema: {
        summary: 'List needs in your scope (eventually consistent), sorted by reportedAt',
        tags: ['needs'],
        response: { 200: needPage },
        querystring: z.object({
          ...pageQuery,
          status: z.enum(['reported', 'withdrawn']).optional(),
          category: z.enum(NEED_CATEGORIES).optional(),
          urgency: z.enum(URGENCIES).optional(),
          communityCode: z
            .string()
            .regex(/^\d{12}$/)
            .optional(),
        }),
      },
    },
    async (req) => {
      const { limit, cursor, status, category, urgency, communityCode } = req.query;
      const filter = withinScope(req.principal, {
        ...(status ? { status } : {}),
        ...(category ? { category } : {}),
        ...(urgency ? { urgency } : {}),
        ...(communityCode ? { communityCode } : {}),
      });
      const rows = await needRows(db)
        .find({ $and: [filter, afterCursor('reportedAt', decodeCursor(cursor))] })
        .sort({ reportedAt: 1, _id: 1 })
        .limit(limit + 1)
        .toArray();
      const p = page(rows, limit, (r) => r.reportedAt);
      return { ...p, items: p.items.map(({ _id, _v, ...r }) => ({ id: _id, ...r })) };
    },
  );
}
