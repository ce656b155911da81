import { z } from 'zod';
import {
  errors,
  exportFile,
  exportQuery,
  sendExport,
  withinScope,
  type ExportColumn,
  type HttpApp,
  type Role,
} from '@fivesoc/service-kit';
import { FIELDS, KINDS } from '../domain/organization/values.ts';
import { organizationsCollection, type OrganizationRow } from '../projections/organizations.ts';
import type { Deps } from './deps.ts';

/**
 * Who exports the organization roll: district and street admins, community staff, and the registration
 * authority (登记管理机关) that keeps it. Not evaluators, ops or integrators (they read records, not rolls).
 */
export const ORGANIZATION_EXPORT_ROLES: readonly Role[] = [
  'district_admin',
  'street_admin',
  'community_staff',
  'registration_authority',
];

const yes = (b: boolean) => (b ? '是' : '否');

/** The organizations export's columns (社会组织名册): rating and standing; no personal data. */
export const ORGANIZATION_COLUMNS: readonly ExportColumn<OrganizationRow>[] = [
  { key: 'id', zh: '组织编号', en: 'Organization ID', value: (o) => o._id },
  { key: 'name', zh: '名称', en: 'Name', value: (o) => o.name },
  { key: 'field', zh: '领域', en: 'Field', value: (o) => o.field },
  { key: 'category', zh: '类别', en: 'Category', value: (o) => o.category },
  { key: 'kind', zh: '性质', en: 'Kind', value: (o) => o.kind },
  { key: 'hub', zh: '枢纽型', en: 'Hub', value: (o) => yes(o.hub) },
  { key: 'registration', zh: '登记状态', en: 'Registration', value: (o) => o.registration },
  { key: 'activity', zh: '活动状态', en: 'Standing', value: (o) => o.activity },
  { key: 'creditStanding', zh: '诚信状况', en: 'Credit standing', value: (o) => o.creditStanding },
  {
    key: 'seriousViolation',
    zh: '严重违法失信名单',
    en: 'Serious-violation list',
    value: (o) => yes(o.seriousViolation),
  },
  { key: 'rating', zh: '评估等级', en: 'Rating', value: (o) => o.rating },
  { key: 'eligible', zh: '承接目录资格', en: 'Eligible for the catalogue', value: (o) => yes(o.eligible) },
  { key: 'districtCode', zh: '区', en: 'District', value: (o) => o.districtCode },
  { key: 'streetCode', zh: '街道', en: 'Street', value: (o) => o.streetCode },
  { key: 'communityCode', zh: '社区', en: 'Community', value: (o) => o.communityCode },
];

/** GET /v1/exports/organizations: the organizations of the caller's scope with rating and standing. */
export function organizationExportRoutes(app: HttpApp, deps: Deps): void {
  app.get(
    '/v1/exports/organizations',
    {
      config: { roles: ORGANIZATION_EXPORT_ROLES, scope: 'place' },
      schema: {
        summary:
          'Export the organizations of your scope with rating (1A–5A) and standing (XLSX or CSV), in id order',
        tags: ['exports'],
        querystring: z.strictObject({
          ...exportQuery,
          field: z.enum(FIELDS).optional(),
          kind: z.enum(KINDS).optional(),
          activity: z.enum(['normal', 'abnormal', 'zombie', 'exit_notice', 'exited']).optional(),
        }),
        response: { 200: exportFile, ...errors(400, 403) },
      },
    },
    async (req, reply) => {
      const { format, lang, field, kind, activity } = req.query;
      const filter = withinScope(req.principal, {
        ...(field ? { field } : {}),
        ...(kind ? { kind } : {}),
        ...(activity ? { activity } : {}),
      });
      const cursor = organizationsCollection(deps.db)
        .find(filter, { projection: { eligibilityChecks: 0 } })
        .sort({ _id: 1 })
        .batchSize(500);
      return sendExport(reply, 'organizations', cursor, ORGANIZATION_COLUMNS, {
        format,
        lang,
        sheet: { zh: '社会组织', en: 'Organizations' },
      });
    },
  );
}
