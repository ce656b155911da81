import { z } from 'zod';
import {
  errors,
  exportFile,
  exportQuery,
  exportSheet,
  inChunks,
  labelled,
  mapBounded,
  NEED_CATEGORY_LABELS,
  scopeFilter,
  sendExport,
  type ExportColumn,
  type HttpApp,
  type Labels,
  type Role,
} from '@fivesoc/service-kit';
import { available, type EntryStatus, type LedgerEntry } from '../domain/donation/state.ts';
import type { DonorKind } from '../domain/donor/events.ts';
import { id } from '../domain/shared.ts';
import { collections, type DonationRow } from '../projections/collections.ts';
import { INTAKE_ROLES, type Deps } from './deps.ts';
import { requireDonation } from './donations.ts';

/** Who exports donations: those who take them in (coordinators, admins, community staff), not ops. */
export const DONATION_EXPORT_ROLES: readonly Role[] = INTAKE_ROLES;

/** Who gave, as the public disclosure says it (阳光公示; the console's `disclosure.donorKind.*`). */
export const DONOR_KIND_LABELS: Readonly<Record<DonorKind, string>> = {
  person: '爱心人士',
  enterprise: '爱心企业',
  charity_organization: '慈善组织',
};
/** What was given (the console's `giftKind.*`). */
export const GIFT_KIND_LABELS: Labels = { money: '资金', goods: '物资', service: '专业服务' };
/** The measure a ledger counts in: fen and hours by name; goods are `<item>/<unit>`, written as they are. */
export const MEASURE_LABELS: Labels = { fen: '分（人民币）', hour: '小时' };

/**
 * The donations export's columns (捐赠台账; an XLSX has a second sheet, 台账, of each entry): one row per donation with its ledger in its own measure (fen,
 * hours, goods units): received, reserved, allocated, disbursed, confirmed, available. Donors by id only.
 */
export const DONATION_COLUMNS: readonly ExportColumn<DonationRow>[] = [
  { key: 'donationId', zh: '捐赠编号', en: 'Donation ID', value: (d) => d._id },
  { key: 'donorId', zh: '捐赠方编号', en: 'Donor ID', value: (d) => d.donorId },
  {
    key: 'donorKind',
    zh: '捐赠方类型',
    en: 'Donor kind',
    value: (d, lang) => labelled(DONOR_KIND_LABELS, d.donorKind, lang),
  },
  { key: 'fundId', zh: '专项基金', en: 'Fund', value: (d) => d.fundId },
  { key: 'kind', zh: '捐赠类型', en: 'Kind', value: (d, lang) => labelled(GIFT_KIND_LABELS, d.kind, lang) },
  {
    key: 'measure',
    zh: '计量单位',
    en: 'Measure',
    value: (d, lang) => labelled(MEASURE_LABELS, d.measure, lang),
  },
  { key: 'pledged', zh: '认捐', en: 'Pledged', value: (d) => d.pledged },
  { key: 'received', zh: '已到账', en: 'Received', value: (d) => d.received },
  { key: 'reserved', zh: '已预留', en: 'Reserved', value: (d) => d.reserved },
  { key: 'allocated', zh: '已分配', en: 'Allocated', value: (d) => d.allocated },
  { key: 'disbursed', zh: '已拨付', en: 'Disbursed', value: (d) => d.disbursed },
  { key: 'confirmed', zh: '已确认签收', en: 'Receipt confirmed', value: (d) => d.confirmed },
  { key: 'available', zh: '可用', en: 'Available', value: (d) => available(d) },
  {
    key: 'restrictionCommunityCode',
    zh: '定向社区',
    en: 'Restricted to community',
    value: (d) => d.restrictionCommunityCode,
  },
  {
    key: 'restrictionCategory',
    zh: '定向类别',
    en: 'Restricted to category',
    value: (d, lang) => labelled(NEED_CATEGORY_LABELS, d.restrictionCategory, lang),
  },
  { key: 'districtCode', zh: '区', en: 'District', value: (d) => d.districtCode },
  { key: 'streetCode', zh: '街道', en: 'Street', value: (d) => d.streetCode },
  { key: 'communityCode', zh: '社区', en: 'Community', value: (d) => d.communityCode },
  { key: 'registeredAt', zh: '登记时间', en: 'Registered at', value: (d) => d.registeredAt },
];

/** A ledger entry's status (the console's `ledgerStatus.*`). */
export const ENTRY_STATUS_LABELS: Readonly<Record<EntryStatus, string>> = {
  reserved: '已预留',
  allocated: '已分配',
  disbursed: '已拨付',
  confirmed: '已签收',
  released: '已取消',
  reversed: '已冲销',
};

/** One ledger entry (台账) with the donation it is of. */
export interface EntryExportRow extends LedgerEntry {
  donationId: string;
  measure: string;
}

/** The second sheet's columns (XLSX only): one row per ledger entry, where each part of a donation went. */
export const ENTRY_COLUMNS: readonly ExportColumn<EntryExportRow>[] = [
  { key: 'donationId', zh: '捐赠编号', en: 'Donation ID', value: (e) => e.donationId },
  { key: 'entryId', zh: '台账条目编号', en: 'Entry ID', value: (e) => e.entryId },
  {
    key: 'status',
    zh: '状态',
    en: 'Status',
    value: (e, lang) => labelled(ENTRY_STATUS_LABELS, e.status, lang),
  },
  { key: 'quantity', zh: '数量', en: 'Quantity', value: (e) => e.quantity },
  {
    key: 'measure',
    zh: '计量单位',
    en: 'Measure',
    value: (e, lang) => labelled(MEASURE_LABELS, e.measure, lang),
  },
  { key: 'needId', zh: '需求编号', en: 'Need ID', value: (e) => e.target.needId },
  { key: 'communityCode', zh: '受益社区', en: 'Community served', value: (e) => e.target.communityCode },
  {
    key: 'category',
    zh: '需求类别',
    en: 'Category',
    value: (e, lang) => labelled(NEED_CATEGORY_LABELS, e.target.category, lang),
  },
  { key: 'reversalOf', zh: '冲销的条目', en: 'Reverses entry', value: (e) => e.reversalOf },
];

/** Donation streams read at once (FerretDB's pool is about 100 connections per database). */
const IN_FLIGHT = 16;

/** GET /v1/exports/donations: the donations of the caller's scope with their ledger totals. */
export function donationExportRoutes(app: HttpApp, { db, store }: Deps): void {
  app.get(
    '/v1/exports/donations',
    {
      config: { roles: DONATION_EXPORT_ROLES, scope: 'place' },
      schema: {
        summary:
          'Export donations in your scope with received / reserved / allocated / disbursed / available (XLSX or CSV); an XLSX has a second sheet of ledger entries',
        tags: ['exports'],
        querystring: z.strictObject({ ...exportQuery, fundId: id.optional(), donorId: id.optional() }),
        response: { 200: exportFile, ...errors(400, 403) },
      },
    },
    async (req, reply) => {
      const { format, lang, fundId, donorId } = req.query;
      const filter = {
        $and: [scopeFilter(req.principal), fundId ? { fundId } : {}, donorId ? { donorId } : {}],
      };
      const donations = () => collections(db).donations.find(filter).sort({ _id: 1 }).batchSize(500);
      // The entries are the donations' own streams (as GET /v1/donations/:id answers them), read for the
      // second sheet once the first is written, the same donations in the same order.
      const entries = () =>
        inChunks(donations(), 100, async (chunk) =>
          (
            await mapBounded(chunk, IN_FLIGHT, async (d) =>
              Object.values((await requireDonation(store, d._id)).state.entries).map((e): EntryExportRow => ({
                ...e,
                donationId: d._id,
                measure: d.measure,
              })),
            )
          ).flat(),
        );
      return sendExport(reply, 'donations', donations(), DONATION_COLUMNS, {
        format,
        lang,
        sheet: { zh: '捐赠', en: 'Donations' },
        sheets: [exportSheet({ sheet: { zh: '台账', en: 'Ledger' }, rows: entries, columns: ENTRY_COLUMNS })],
      });
    },
  );
}
