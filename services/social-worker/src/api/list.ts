import { z } from 'zod';
import { afterCursor, decodeCursor, page, pageQuery, withinScope, type HttpApp } from '@fivesoc/service-kit';
import { SPECIALTIES, WORKER_STATUSES, communityCode, streetCode } from '../domain/worker/index.ts';
import { CASELOAD_CALLERS } from './access.ts';
import type { Deps } from './deps.ts';

const querystring = z.strictObject({
  ...pageQuery,
  specialty: z.enum(SPECIALTIES).optional(),
  streetCode: streetCode.optional(),
  communityCode: communityCode.optional(),
  status: z.enum(WORKER_STATUSES).optional(),
  /** `true`: only workers who can take a case now (active, below their maximum). */
  available: z.enum(['true', 'false']).optional(),
});

const row = z.object({
  workerId: z.string(),
  districtCode: z.string(),
  streetCode: z.string(),
  stationCode: z.string(),
  coveredCommunityCodes: z.array(z.string()),
  specialties: z.array(z.string()),
  qualificationLevel: z.string(),
  employerId: z.string(),
  status: z.string(),
  maxCaseload: z.number(),
  activeCaseCount: z.number(),
  availableCapacity: z.number(),
  talentRecordCount: z.number(),
  registeredAt: z.string(),
  updatedAt: z.string(),
});
const response = { 200: z.object({ items: z.array(row), nextCursor: z.string().optional() }) };

/**
 * Workers in the caller's scope, oldest registration first, from the `workers` projection (eventually
 * consistent). No names: lists never sort or filter by personal data.
 */
export function listRoutes(app: HttpApp, deps: Deps): void {
  app.get(
    '/v1/workers',
    {
      config: { roles: CASELOAD_CALLERS, scope: 'place' },
      schema: {
        summary: 'List workers by specialty, street, community, status, capacity',
        tags: ['workers'],
        response,
        querystring,
      },
    },
    async (req) => {
      const q = req.query;
      const filter: Record<string, unknown> = {};
      if (q.specialty) filter.specialties = q.specialty;
      if (q.streetCode) filter.streetCode = q.streetCode;
      if (q.communityCode) filter.coveredCommunityCodes = q.communityCode;
      if (q.status) filter.status = q.status;
      if (q.available === 'true') filter.availableCapacity = { $gt: 0 };
      if (q.available === 'false') filter.availableCapacity = 0;
      const rows = await deps.workers
        .find({
          $and: [withinScope(req.principal, filter), afterCursor('registeredAt', decodeCursor(q.cursor))],
        })
        .sort({ registeredAt: 1, _id: 1 })
        .limit(q.limit + 1)
        .toArray();
      const result = page(rows, q.limit, (r) => r.registeredAt);
      return {
        ...result,
        items: result.items.map(({ _id, _v: _ver, ...r }) => ({ workerId: _id, ...r })),
      };
    },
  );
}
