import { z } from 'zod';
import type { Collection } from 'mongodb';
import {
  errors,
  exportFile,
  exportQuery,
  labelled,
  NEED_CATEGORY_LABELS,
  sendExport,
  URGENCY_LABELS,
  withinScope,
  type ExportColumn,
  type HttpApp,
  type Labels,
  type Role,
} from '@fivesoc/service-kit';
import type { CaseStatus } from '../cases/domain/state.ts';
import type { CaseViewDoc } from '../cases/projection/caseView.ts';
import { statisticsOf, type AreaStatistics, type StatisticsRow } from '../cases/projection/statistics.ts';
import { scopePlace } from '../grpc/caseLists.ts';

/**
 * Who exports cases and the district statistics: the district office's people who oversee cases (staff,
 * street and district admins, supervisors). Not a worker (their own cases are in the app), not integrators.
 */
export const CASE_EXPORT_ROLES: readonly Role[] = [
  'community_staff',
  'street_admin',
  'district_admin',
  'supervisor',
];

/** A case's status as the district says it (the console's `caseStatus.*`). */
export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  open: '已立案',
  assigned: '已派案',
  assessed: '已评估',
  planned: '已制定计划',
  matching: '资源对接中',
  in_delivery: '服务中',
  under_review: '待回访',
  closed: '已结案',
};

/**
 * The cases export's columns (个案台账): no personal data (a case names its need and worker by id); status,
 * category and urgency as words in zh-CN, codes in en-US.
 */
export const CASE_COLUMNS: readonly ExportColumn<CaseViewDoc>[] = [
  { key: 'caseId', zh: '个案编号', en: 'Case ID', value: (c) => c.caseId },
  { key: 'needId', zh: '需求编号', en: 'Need ID', value: (c) => c.needId },
  {
    key: 'status',
    zh: '状态',
    en: 'Status',
    value: (c, lang) => labelled(CASE_STATUS_LABELS, c.status, lang),
  },
  {
    key: 'category',
    zh: '需求类别',
    en: 'Category',
    value: (c, lang) => labelled(NEED_CATEGORY_LABELS, c.category, lang),
  },
  {
    key: 'urgency',
    zh: '紧急程度',
    en: 'Urgency',
    value: (c, lang) => labelled(URGENCY_LABELS, c.urgency, lang),
  },
  { key: 'districtCode', zh: '区', en: 'District', value: (c) => c.districtCode },
  { key: 'streetCode', zh: '街道', en: 'Street', value: (c) => c.streetCode },
  { key: 'communityCode', zh: '社区', en: 'Community', value: (c) => c.communityCode },
  { key: 'workerId', zh: '社工', en: 'Social worker', value: (c) => c.workerId },
  { key: 'openedAt', zh: '开案时间', en: 'Opened at', value: (c) => c.openedAt },
  { key: 'firstMatchAt', zh: '首次匹配时间', en: 'First matched at', value: (c) => c.firstMatchAt },
  { key: 'closedAt', zh: '结案时间', en: 'Closed at', value: (c) => c.closedAt },
  { key: 'volunteers', zh: '已确认志愿者', en: 'Volunteers confirmed', value: (c) => c.confirmed.volunteer },
  {
    key: 'organizations',
    zh: '已确认社会组织',
    en: 'Organizations confirmed',
    value: (c) => c.confirmed.organization,
  },
  { key: 'donations', zh: '已确认捐赠', en: 'Donations confirmed', value: (c) => c.confirmed.donation },
];

type Area = AreaStatistics & { level: 'district' | 'street' | 'community' };
const LEVEL_LABELS: Labels = { district: '区', street: '街道', community: '社区' };

/** The statistics export's columns: one row for the whole scope, then each street, then each community. */
export const STATISTICS_COLUMNS: readonly ExportColumn<Area>[] = [
  { key: 'level', zh: '层级', en: 'Level', value: (a, lang) => labelled(LEVEL_LABELS, a.level, lang) },
  { key: 'districtCode', zh: '区', en: 'District', value: (a) => a.place.districtCode },
  { key: 'streetCode', zh: '街道', en: 'Street', value: (a) => a.place.streetCode },
  { key: 'communityCode', zh: '社区', en: 'Community', value: (a) => a.place.communityCode },
  { key: 'openCases', zh: '在办个案', en: 'Open cases', value: (a) => a.openCases },
  { key: 'closedCases', zh: '已结个案', en: 'Closed cases', value: (a) => a.closedCases },
  { key: 'matchedCases', zh: '已匹配个案', en: 'Matched cases', value: (a) => a.matchedCases },
  {
    key: 'medianSecondsToMatch',
    zh: '匹配用时中位数（秒）',
    en: 'Median seconds to match',
    value: (a) => a.medianSecondsToMatch,
  },
  { key: 'volunteerMatches', zh: '志愿者匹配', en: 'Volunteer matches', value: (a) => a.volunteerMatches },
  {
    key: 'organizationMatches',
    zh: '社会组织匹配',
    en: 'Organization matches',
    value: (a) => a.organizationMatches,
  },
  { key: 'donationMatches', zh: '捐赠匹配', en: 'Donation matches', value: (a) => a.donationMatches },
];

const code = (digits: number) => z.string().regex(new RegExp(`^\\d{${digits}}$`));
const statuses = z.string().regex(/^[a-z_]{1,40}$/);
const config = { roles: CASE_EXPORT_ROLES, scope: 'place' as const };
const tags = ['exports'];
const response = { 200: exportFile, ...errors(400, 403) };

async function* each<T>(items: readonly T[]) {
  yield* items;
}

/** GET /v1/exports/cases and /v1/exports/statistics, over the case projection, in the caller's scope. */
export function exportRoutes(app: HttpApp, views: Collection<CaseViewDoc>): void {
  app.get(
    '/v1/exports/cases',
    {
      config,
      schema: {
        summary: 'Export the cases of your scope (XLSX or CSV), in case-id order; no personal data',
        tags,
        querystring: z.strictObject({
          ...exportQuery,
          status: statuses.optional(),
          category: statuses.optional(),
          streetCode: code(9).optional(),
          communityCode: code(12).optional(),
        }),
        response,
      },
    },
    async (req, reply) => {
      const { format, lang, status, category, streetCode, communityCode } = req.query;
      const filter = withinScope(req.principal, {
        ...(status ? { status } : {}),
        ...(category ? { category } : {}),
        ...(streetCode ? { streetCode } : {}),
        ...(communityCode ? { communityCode } : {}),
      });
      // The folded state is not read: the projection leaves it on the server.
      const cursor = views
        .find(filter, { projection: { state: 0 } })
        .sort({ _id: 1 })
        .batchSize(500);
      return sendExport(reply, 'cases', cursor, CASE_COLUMNS, {
        format,
        lang,
        sheet: { zh: '个案', en: 'Cases' },
      });
    },
  );

  app.get(
    '/v1/exports/statistics',
    {
      config,
      schema: {
        summary:
          'Export the district statistics of your scope (the whole, each street, each community), XLSX or CSV',
        tags,
        querystring: z.strictObject({
          ...exportQuery,
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
        }),
        response,
      },
    },
    async (req, reply) => {
      const { format, lang, from, to } = req.query;
      const opened = { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) };
      const rows: StatisticsRow[] = await views
        .find(withinScope(req.principal, from || to ? { openedAt: opened } : {}), {
          projection: {
            districtCode: 1,
            streetCode: 1,
            communityCode: 1,
            status: 1,
            openedAt: 1,
            firstMatchAt: 1,
            confirmed: 1,
          },
        })
        .toArray();
      const s = statisticsOf(rows, scopePlace(req.principal));
      const areas: Area[] = [
        { ...s.district, level: req.principal.scope.level },
        ...s.streets.map((a) => ({ ...a, level: 'street' as const })),
        ...s.communities.map((a) => ({ ...a, level: 'community' as const })),
      ];
      return sendExport(reply, 'statistics', each(areas), STATISTICS_COLUMNS, {
        format,
        lang,
        sheet: { zh: '统计', en: 'Statistics' },
      });
    },
  );
}
