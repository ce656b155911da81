import { z } from 'zod';
import { afterCursor, decodeCursor, page, pageQuery, scopeFilter, type HttpApp } from '@fivesoc/service-kit';
import { skillSchema } from '../domain/shared.ts';
import { TASK_STATUSES, taskList } from '../projections/taskList.ts';
import { volunteerList } from '../projections/volunteerList.ts';
import { ADMINS } from './access.ts';
import type { Deps } from './deps.ts';
import { TASK_ROLES } from './tasks.ts';
import { listPage } from './responses.ts';

const code = z.string().regex(/^[0-9A-Za-z_-]{1,20}$/);

/** Lists from the query models (eventually consistent), inside the caller's scope, with stable cursors. */
export function listRoutes(app: HttpApp, deps: Deps) {
  app.get(
    '/v1/volunteers',
    {
      config: { roles: ADMINS, scope: 'place' },
      schema: {
        summary: 'Volunteers by skill, community and available weekday (no personal data)',
        tags: ['volunteers'],
        querystring: z.strictObject({
          ...pageQuery,
          skill: skillSchema.optional(),
          communityCode: code.optional(),
          weekday: z.coerce.number().int().min(1).max(7).optional(),
        }),
        response: { 200: listPage },
      },
    },
    async (req) => {
      const { limit, cursor, skill, communityCode, weekday } = req.query;
      const filter = {
        $and: [
          scopeFilter(req.principal),
          { erased: false },
          skill ? { skills: skill } : {},
          communityCode ? { communityCode } : {},
          weekday ? { weekdays: weekday } : {},
          afterCursor('registeredAt', decodeCursor(cursor)),
        ],
      };
      const rows = await volunteerList(deps.db)
        .find(filter, { projection: { _v: 0 } })
        .sort({ registeredAt: 1, _id: 1 })
        .limit(limit + 1)
        .toArray();
      return page(rows, limit, (r) => r.registeredAt);
    },
  );

  app.get(
    '/v1/tasks',
    {
      config: { roles: [...TASK_ROLES], scope: 'place' },
      schema: {
        summary: 'Tasks by status, community and time (those starting in [from, to))',
        tags: ['tasks'],
        querystring: z.strictObject({
          ...pageQuery,
          status: z.enum(TASK_STATUSES).optional(),
          communityCode: code.optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
        }),
        response: { 200: listPage },
      },
    },
    async (req) => {
      const { limit, cursor, status, communityCode, from, to } = req.query;
      const range = {
        ...(from ? { $gte: Date.parse(from) } : {}),
        ...(to ? { $lt: Date.parse(to) } : {}),
      };
      const filter = {
        $and: [
          scopeFilter(req.principal),
          status ? { status } : {},
          communityCode ? { communityCode } : {},
          from || to ? { startMs: range } : {},
          afterCursor('startMs', decodeCursor(cursor)),
        ],
      };
      const rows = await taskList(deps.db)
        .find(filter, { projection: { _v: 0 } })
        .sort({ startMs: 1, _id: 1 })
        .limit(limit + 1)
        .toArray();
      return page(rows, limit, (r) => r.startMs);
    },
  );
}
