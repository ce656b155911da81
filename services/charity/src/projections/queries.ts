import type { Db } from 'mongodb';
import { addTotals, zeroTotals, type LedgerTotals, type TotalsByMeasure } from '../domain/donation/index.ts';
import { collections, type DonationRow } from './collections.ts';

const totalsOf = (r: DonationRow): LedgerTotals => {
  const t = zeroTotals();
  for (const k of Object.keys(t) as (keyof LedgerTotals)[]) t[k] = r[k] ?? 0;
  return t;
};

/** The ledger's figures as the query model says: its donations' totals summed per measure. */
export async function queryModelTotals(db: Db, filter: Partial<DonationRow> = {}): Promise<TotalsByMeasure> {
  const out: TotalsByMeasure = {};
  for (const r of await collections(db).donations.find(filter).toArray())
    addTotals(out, r.measure, totalsOf(r));
  return out;
}

/** A fund's ledger: the sums of its donations' ledgers, per measure, and the donations themselves. */
export async function fundLedger(db: Db, fundId: string) {
  const rows = await collections(db).donations.find({ fundId }).sort({ _id: 1 }).toArray();
  const totals: TotalsByMeasure = {};
  for (const r of rows) addTotals(totals, r.measure, totalsOf(r));
  return { totals, donations: rows.map((r) => ({ donationId: r._id, measure: r.measure, ...totalsOf(r) })) };
}

/** received and used (allocated, net of reversals) per key and measure. */
type Flow = Record<string, Record<string, { received: number; used: number }>>;
const add = (f: Flow, key: string, measure: string, d: { received?: number; used?: number }) => {
  const m = ((f[key] ??= {})[measure] ??= { received: 0, used: 0 });
  m.received += d.received ?? 0;
  m.used += d.used ?? 0;
};

/**
 * 阳光运作: what came in and where it went, per fund, per community and per category, and per donation for
 * donors who agreed to disclosure. Built field by field from the query models, so no personal data can
 * slip in: a person is only ever "person".
 */
export async function transparency(db: Db) {
  const c = collections(db);
  const [donations, ledger, funds, donors] = await Promise.all([
    c.donations.find({}).sort({ _id: 1 }).toArray(),
    c.ledger.find({ type: { $in: ['ResourceAllocated', 'AllocationReversed'] } }).toArray(),
    c.funds.find({}).toArray(),
    c.donors.find({}).toArray(),
  ]);
  const perFund: Flow = {};
  const perCommunity: Flow = {};
  const perCategory: Flow = {};
  for (const d of donations) {
    add(perFund, d.fundId ?? 'direct', d.measure, { received: d.received, used: d.allocated });
    add(perCommunity, d.restrictionCommunityCode ?? 'undesignated', d.measure, { received: d.received });
    add(perCategory, d.restrictionCategory ?? 'undesignated', d.measure, { received: d.received });
  }
  for (const l of ledger) {
    const used = l.type === 'ResourceAllocated' ? l.quantity : -l.quantity;
    add(perCommunity, l.communityCode, l.measure, { used });
    add(perCategory, l.category, l.measure, { used });
  }
  const donorById = new Map(donors.map((d) => [d._id, d]));
  const disclosed = donations.flatMap((d) => {
    const donor = donorById.get(d.donorId);
    if (!donor?.disclosureConsent) return [];
    return [
      {
        donationId: d._id,
        donorKind: donor.kind,
        ...(donor.kind !== 'person' && donor.publicName ? { donorName: donor.publicName } : {}),
        fundId: d.fundId,
        kind: d.kind,
        measure: d.measure,
        received: d.received,
        used: d.allocated,
      },
    ];
  });
  return {
    funds: funds.map((f) => ({ fundId: f._id, kind: f.kind, name: f.name, totals: perFund[f._id] ?? {} })),
    direct: perFund.direct ?? {},
    perCommunity,
    perCategory,
    donations: disclosed,
  };
}
