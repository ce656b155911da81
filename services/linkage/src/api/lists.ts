import { z } from 'zod';
import type { Collection, Document } from 'mongodb';
import {
  afterCursor,
  decodeCursor,
  page,
  pageQuery,
  scopeFilter,
  withinScope,
  type HttpApp,
  type Principal,
  type Role,
} from '@fivesoc/service-kit';
import type { ReadModelCollections, SourceDoc } from '../readModels/collections.ts';
import { donationRow, needRow, organizationRow, pageOf, volunteerRow, workerRow } from './rows.ts';

/** Who reads the read models: the people who open and run cases, and integrators. */
export const READERS: Role[] = [
  'social_worker',
  'community_staff',
  'street_admin',
  'district_admin',
  'integration_client',
];

const code = (digits: number) => z.string().regex(new RegExp(`^\\d{${digits}}$`));
const streetCode = code(9).optional();
const communityCode = code(12).optional();
const word = z.string().min(1).max(60).optional();
const flag = z.enum(['true', 'false']).optional();

type Filter = Record<string, unknown>;

/** Finds one page in `sortField` then `_id` order, inside the caller's scope and the query's filter. */
async function findPage<T extends SourceDoc & Document>(
  collection: Collection<T>,
  filter: Filter,
  sortField: keyof T & string,
  q: { limit: number; cursor?: string | undefined },
) {
  const rows = await collection
    .find<T>({ $and: [filter, afterCursor(sortField, decodeCursor(q.cursor))] } as never)
    .sort({ [sortField]: 1, _id: 1 })
    .limit(q.limit + 1)
    .toArray();
  return page(rows, q.limit, (r) => r[sortField] as string);
}

const placeFilter = (q: { streetCode?: string | undefined; communityCode?: string | undefined }) => ({
  ...(q.streetCode ? { streetCode: q.streetCode } : {}),
  ...(q.communityCode ? { communityCode: q.communityCode } : {}),
});

/** Workers sit at a street station and cover communities: community scope means "covers my community". */
const workerScope = (p: Principal): Filter =>
  p.scope.level === 'community' ? { coveredCommunityCodes: p.scope.code } : scopeFilter(p);

/** Lists of the read models (eventually consistent with the societies), paged and scoped by the token. */
export function listRoutes(app: HttpApp, m: ReadModelCollections): void {
  const config = { roles: READERS, scope: 'place' as const };
  const tags = ['read models'];

  app.get(
    '/v1/needs',
    {
      config,
      schema: {
        summary: 'Reported needs (no personal data), oldest first',
        tags,
        querystring: z.strictObject({
          ...pageQuery,
          status: word,
          category: word,
          urgency: word,
          streetCode,
          communityCode,
        }),
        response: pageOf(needRow),
      },
    },
    async (req) => {
      const q = req.query;
      const filter: Filter = placeFilter(q);
      if (q.status) filter.status = q.status;
      if (q.category) filter.category = q.category;
      if (q.urgency) filter.urgency = q.urgency;
      return findPage(m.needs, withinScope(req.principal, filter), 'reportedAt', q);
    },
  );

  app.get(
    '/v1/workers',
    {
      config,
      schema: {
        summary: 'Social workers with specialties, coverage and load',
        tags,
        querystring: z.strictObject({
          ...pageQuery,
          specialty: word,
          status: word,
          streetCode,
          communityCode,
          available: flag,
        }),
        response: pageOf(workerRow),
      },
    },
    async (req) => {
      const q = req.query;
      const filter: Filter[] = [workerScope(req.principal)];
      if (q.streetCode) filter.push({ streetCode: q.streetCode });
      if (q.communityCode) filter.push({ coveredCommunityCodes: q.communityCode });
      if (q.specialty) filter.push({ specialties: q.specialty });
      if (q.status) filter.push({ status: q.status });
      const result = await findPage(m.workers, { $and: filter }, 'registeredAt', q);
      // Load is a comparison of two fields: filtered here rather than in the query (FerretDB scans anyway).
      if (q.available === undefined) return result;
      const want = q.available === 'true';
      return {
        ...result,
        items: result.items.filter((w) => (w.status === 'active' && w.activeCases < w.maxCaseload) === want),
      };
    },
  );

  app.get(
    '/v1/volunteers',
    {
      config,
      schema: {
        summary: 'Volunteers with skills, availability and booked windows',
        tags,
        querystring: z.strictObject({ ...pageQuery, skill: word, status: word, streetCode, communityCode }),
        response: pageOf(volunteerRow),
      },
    },
    async (req) => {
      const q = req.query;
      const filter: Filter = placeFilter(q);
      if (q.skill) filter.skills = q.skill;
      if (q.status) filter.status = q.status;
      const result = await findPage(m.volunteers, withinScope(req.principal, filter), 'registeredAt', q);
      const ids = result.items.map((v) => `schedule-${v.volunteerId}`);
      const schedules = await m.schedules.find({ _id: { $in: ids } }).toArray();
      const windows = new Map(schedules.map((s) => [s.volunteerId, s.windows]));
      return {
        ...result,
        items: result.items.map((v) => ({ ...v, bookedWindows: windows.get(v.volunteerId) ?? [] })),
      };
    },
  );

  app.get(
    '/v1/organizations',
    {
      config,
      schema: {
        summary: 'Organizations with field, rating, credit standing and catalogue eligibility',
        tags,
        querystring: z.strictObject({
          ...pageQuery,
          field: word,
          creditStanding: word,
          eligible: flag,
          streetCode,
          communityCode,
        }),
        response: pageOf(organizationRow),
      },
    },
    async (req) => {
      const q = req.query;
      const filter: Filter = placeFilter(q);
      if (q.field) filter.field = q.field;
      if (q.creditStanding) filter.creditStanding = q.creditStanding;
      if (q.eligible) filter.eligible = q.eligible === 'true';
      return findPage(m.organizations, withinScope(req.principal, filter), 'organizationId', q);
    },
  );

  app.get(
    '/v1/donations',
    {
      config,
      schema: {
        summary: 'Donations with available amounts per measure and restrictions',
        tags,
        querystring: z.strictObject({
          ...pageQuery,
          giftKind: z.enum(['money', 'goods', 'service']).optional(),
          measure: word,
          available: flag,
          streetCode,
          communityCode,
        }),
        response: pageOf(donationRow),
      },
    },
    async (req) => {
      const q = req.query;
      const filter: Filter = placeFilter(q);
      if (q.giftKind) filter.giftKind = q.giftKind;
      if (q.measure) filter.measure = q.measure;
      if (q.available === 'true') filter.available = { $gt: 0 };
      if (q.available === 'false') filter.available = 0;
      return findPage(m.donations, withinScope(req.principal, filter), 'registeredAt', q);
    },
  );
}
