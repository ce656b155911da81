import { z } from 'zod';
import {
  columnsFor,
  errors,
  exportFile,
  inChunks,
  labelled,
  mapBounded,
  NEED_CATEGORY_LABELS,
  personalExport,
  personalExportQuery,
  recordViewings,
  sendExport,
  URGENCY_LABELS,
  withinScope,
  type ExportColumn,
  type HttpApp,
  type Labels,
  type Role,
} from '@fivesoc/service-kit';
import type { FastifyRequest } from 'fastify';
import { NEED_CATEGORIES, URGENCIES } from '../domain/needs/index.ts';
import { needRows, type NeedRow } from '../projections/needs.ts';
import type { Deps } from './deps.ts';
import { loadNeed } from './needCommands.ts';
import { NEED_ROLES } from './needs.ts';

interface NeedExportRow extends NeedRow {
  /** The people concerned, opened (personal export only): `name`, `phone` per person; erased ones left out. */
  people?: { name: string; phone: string }[];
}

/** A need's status as the district says it (the console's `needStatus.*`). */
export const NEED_STATUS_LABELS: Labels = { reported: '已上报', withdrawn: '已撤回' };

/** The needs export's columns (需求台账): category, urgency and status as words in zh-CN, codes in en-US. */
export const NEED_COLUMNS: readonly ExportColumn<NeedExportRow>[] = [
  { key: 'id', zh: '需求编号', en: 'Need ID', value: (r) => r._id },
  {
    key: 'status',
    zh: '状态',
    en: 'Status',
    value: (r, lang) => labelled(NEED_STATUS_LABELS, r.status, lang),
  },
  {
    key: 'category',
    zh: '需求类别',
    en: 'Category',
    value: (r, lang) => labelled(NEED_CATEGORY_LABELS, r.category, lang),
  },
  {
    key: 'urgency',
    zh: '紧急程度',
    en: 'Urgency',
    value: (r, lang) => labelled(URGENCY_LABELS, r.urgency, lang),
  },
  { key: 'districtCode', zh: '区', en: 'District', value: (r) => r.districtCode },
  { key: 'streetCode', zh: '街道', en: 'Street', value: (r) => r.streetCode },
  { key: 'communityCode', zh: '社区', en: 'Community', value: (r) => r.communityCode },
  { key: 'peopleCount', zh: '涉及人数', en: 'People', value: (r) => r.peopleCount },
  {
    key: 'names',
    zh: '当事人姓名',
    en: 'Names',
    value: (r) => r.people?.map((p) => p.name).join('、'),
    personal: true,
  },
  {
    key: 'phones',
    zh: '联系电话',
    en: 'Phones',
    value: (r) => r.people?.map((p) => p.phone).join('、'),
    personal: true,
  },
  { key: 'reportedAt', zh: '上报时间', en: 'Reported at', value: (r) => r.reportedAt },
  { key: 'updatedAt', zh: '更新时间', en: 'Updated at', value: (r) => r.updatedAt },
];

/** Who exports needs: the roles that handle them. */
export const NEED_EXPORT_ROLES: readonly Role[] = NEED_ROLES;
/** Residents' names and phones in bulk: street and district offices only (community staff read one need). */
export const NEED_PERSONAL_EXPORT_ROLES: readonly Role[] = ['street_admin', 'district_admin'];

/** The people of each need of a chunk, opened from its stream, and every person written logged at once. */
async function withPeople(deps: Deps, req: FastifyRequest, chunk: NeedRow[]): Promise<NeedExportRow[]> {
  const viewed: { personId: string; record: string; place: NeedRow }[] = [];
  const rows = await mapBounded(chunk, 16, async (n) => {
    const { state } = await loadNeed(deps, req.principal, n._id);
    const people: { name: string; phone: string }[] = [];
    for (const p of state.people) {
      const data = await deps.vault.open<{ name: string; phone: string }>(p.data);
      if (!data) continue;
      people.push({ name: data.name, phone: data.phone });
      viewed.push({ personId: p.personId, record: `need ${n._id} person ${p.personId}`, place: n });
    }
    return { ...n, people };
  });
  await recordViewings(deps.db, req, viewed, 'export');
  return rows;
}

/** GET /v1/exports/needs: the needs of the caller's scope as XLSX or CSV, in `_id` order. */
export function needExportRoutes(app: HttpApp, deps: Deps): void {
  app.get(
    '/v1/exports/needs',
    {
      config: { roles: NEED_EXPORT_ROLES, scope: 'place' },
      schema: {
        summary:
          'Export needs in your scope (XLSX or CSV; the people’s names and phones with personal=true, recorded)',
        tags: ['exports'],
        querystring: z.strictObject({
          ...personalExportQuery,
          status: z.enum(['reported', 'withdrawn']).optional(),
          category: z.enum(NEED_CATEGORIES).optional(),
          urgency: z.enum(URGENCIES).optional(),
          communityCode: z
            .string()
            .regex(/^\d{12}$/)
            .optional(),
        }),
        response: { 200: exportFile, ...errors(400, 403) },
      },
    },
    async (req, reply) => {
      const { format, lang, status, category, urgency, communityCode } = req.query;
      const personal = personalExport(req.principal, req.query.personal, NEED_PERSONAL_EXPORT_ROLES);
      const filter = withinScope(req.principal, {
        ...(status ? { status } : {}),
        ...(category ? { category } : {}),
        ...(urgency ? { urgency } : {}),
        ...(communityCode ? { communityCode } : {}),
      });
      const cursor = needRows(deps.db).find(filter).sort({ _id: 1 }).batchSize(500);
      const rows = personal ? inChunks(cursor, 100, (c) => withPeople(deps, req, c)) : cursor;
      return sendExport(reply, 'needs', rows, columnsFor(NEED_COLUMNS, personal), {
        format,
        lang,
        sheet: { zh: '需求', en: 'Needs' },
      });
    },
  );
}
