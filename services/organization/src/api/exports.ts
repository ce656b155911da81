import { z } from 'zod';
import {
  errors,
  exportFile,
  exportQuery,
  labelled,
  sendExport,
  withinScope,
  type ExportColumn,
  type ExportLang,
  type HttpApp,
  type Role,
} from '@fivesoc/service-kit';
import type { CreditStanding } from '../domain/organization/credit.ts';
import type { Activity, Registration } from '../domain/organization/state.ts';
import { FIELDS, KINDS, type Category, type Field, type Kind } from '../domain/organization/values.ts';
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

/** The roll's vocabularies as the registration authority says them (zh-CN; en-US writes the codes). */
export const FIELD_LABELS: Readonly<Record<Field, string>> = {
  elderly: '养老服务',
  children: '儿童服务',
  disability: '助残服务',
  poverty_relief: '扶贫济困',
  culture: '文化服务',
  mutual_aid: '邻里互助',
  public_welfare: '公益服务',
  other: '其他',
};
export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  industry_association_chamber: '行业协会商会类',
  science_technology: '科技类',
  public_welfare_charity: '公益慈善类',
  urban_rural_community_service: '城乡社区服务类',
  education: '教育类',
  culture_sports: '文化体育类',
  health: '卫生健康类',
  legal: '法律服务类',
  other: '其他',
};
export const KIND_LABELS: Readonly<Record<Kind, string>> = {
  social_group: '社会团体',
  social_service_agency: '社会服务机构',
  foundation: '基金会',
};
export const REGISTRATION_LABELS: Readonly<Record<Registration, string>> = {
  none: '未登记',
  applied: '已申请登记',
  pre_approved: '已前置审查',
  registered: '已登记',
  rejected: '不予登记',
  filed: '已备案',
};
export const ACTIVITY_LABELS: Readonly<Record<Activity, string>> = {
  normal: '正常',
  abnormal: '活动异常',
  zombie: '僵尸型',
  exit_notice: '退出公示中',
  exited: '已退出',
};
export const CREDIT_LABELS: Readonly<Record<CreditStanding, string>> = {
  good: '良好',
  warning: '警示',
  serious: '严重失信',
};

const yes = (b: boolean, lang: ExportLang) => (lang === 'zh-CN' ? (b ? '是' : '否') : b ? 'yes' : 'no');

/** The organizations export's columns (社会组织名册): rating and standing; no personal data. */
export const ORGANIZATION_COLUMNS: readonly ExportColumn<OrganizationRow>[] = [
  { key: 'id', zh: '组织编号', en: 'Organization ID', value: (o) => o._id },
  { key: 'name', zh: '名称', en: 'Name', value: (o) => o.name },
  { key: 'field', zh: '领域', en: 'Field', value: (o, lang) => labelled(FIELD_LABELS, o.field, lang) },
  {
    key: 'category',
    zh: '类别',
    en: 'Category',
    value: (o, lang) => labelled(CATEGORY_LABELS, o.category, lang),
  },
  { key: 'kind', zh: '性质', en: 'Kind', value: (o, lang) => labelled(KIND_LABELS, o.kind, lang) },
  { key: 'hub', zh: '枢纽型', en: 'Hub', value: (o, lang) => yes(o.hub, lang) },
  {
    key: 'registration',
    zh: '登记状态',
    en: 'Registration',
    value: (o, lang) => labelled(REGISTRATION_LABELS, o.registration, lang),
  },
  {
    key: 'activity',
    zh: '活动状态',
    en: 'Standing',
    value: (o, lang) => labelled(ACTIVITY_LABELS, o.activity, lang),
  },
  {
    key: 'creditStanding',
    zh: '诚信状况',
    en: 'Credit standing',
    value: (o, lang) => labelled(CREDIT_LABELS, o.creditStanding, lang),
  },
  {
    key: 'seriousViolation',
    zh: '严重违法失信名单',
    en: 'Serious-violation list',
    value: (o, lang) => yes(o.seriousViolation, lang),
  },
  { key: 'rating', zh: '评估等级', en: 'Rating', value: (o) => o.rating },
  {
    key: 'eligible',
    zh: '承接目录资格',
    en: 'Eligible for the catalogue',
    value: (o, lang) => yes(o.eligible, lang),
  },
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
