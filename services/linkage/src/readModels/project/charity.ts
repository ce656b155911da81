import type { EventEnvelope } from '@fivesoc/eventing';
import type { DonationDoc, LedgerTotals, ReadModelCollections } from '../collections.ts';
import { charityContract as c } from '../contracts/charity.ts';
import { payloadOf } from '../contracts/shared.ts';
import { fold, type Fields, type Handlers } from './apply.ts';

type Donation = Fields<DonationDoc>;
type Entry = Donation['entries'][number];

const zero = (): LedgerTotals => ({
  received: 0,
  reserved: 0,
  allocated: 0,
  disbursed: 0,
  confirmed: 0,
  released: 0,
  reversed: 0,
});

/** The same arithmetic as the charity ledger: available = received − reserved − allocated. */
const withTotals = (d: Donation, change: Partial<LedgerTotals>): Donation => {
  const totals = { ...d.totals, ...change };
  return { ...d, totals, available: totals.received - totals.reserved - totals.allocated };
};

const setEntry = (
  d: Donation,
  p: { entryId: string; quantity: number; target: { needId: string; communityCode: string } },
  status: string,
): Donation => {
  const entry: Entry = {
    entryId: p.entryId,
    quantity: p.quantity,
    needId: p.target.needId,
    communityCode: p.target.communityCode,
    status,
  };
  const i = d.entries.findIndex((x) => x.entryId === p.entryId);
  const entries = i < 0 ? [...d.entries, entry] : d.entries.map((x, j) => (j === i ? entry : x));
  return { ...d, entries };
};

/** Donations with their available amount per measure and restrictions, and the funds. */
export function charityHandlers(m: ReadModelCollections): Handlers {
  const donation = (e: EventEnvelope, step: (d: Donation) => Donation) =>
    fold(m.donations, e, (d) => d && step(d));
  return {
    FundOpened: (e) => {
      const p = payloadOf(c.FundOpened, e);
      return fold(m.funds, e, () => ({
        fundId: p.fundId,
        kind: p.kind,
        name: p.name,
        districtCode: p.districtCode,
        streetCode: p.streetCode ?? null,
        communityCode: p.communityCode ?? null,
      }));
    },
    DonationRegistered: (e) => {
      const p = payloadOf(c.DonationRegistered, e);
      const g = p.gift;
      const measure = g.kind === 'money' ? 'fen' : g.kind === 'service' ? 'hour' : `${g.item}/${g.unit}`;
      const pledged = g.kind === 'money' ? g.amountFen : g.kind === 'service' ? g.hours : g.quantity;
      const r = p.restriction;
      return fold(m.donations, e, () => ({
        donationId: p.donationId,
        donorKind: p.donorKind,
        fundId: p.fundId ?? null,
        giftKind: g.kind,
        measure,
        pledged,
        restriction: r && {
          purpose: r.purpose ?? null,
          communityCode: r.communityCode ?? null,
          category: r.category ?? null,
        },
        districtCode: p.districtCode,
        streetCode: p.streetCode ?? null,
        communityCode: p.communityCode ?? null,
        totals: zero(),
        available: 0,
        entries: [],
        registeredAt: e.occurredAt,
      }));
    },
    DonationReceived: (e) => {
      const p = payloadOf(c.DonationReceived, e);
      return donation(e, (d) => withTotals(d, { received: d.totals.received + p.quantity }));
    },
    ResourceReserved: (e) => {
      const p = payloadOf(c.ResourceReserved, e);
      return donation(e, (d) =>
        withTotals(setEntry(d, p, 'reserved'), { reserved: d.totals.reserved + p.quantity }),
      );
    },
    ReservationReleased: (e) => {
      const p = payloadOf(c.ReservationReleased, e);
      const t = (d: Donation) => ({
        reserved: d.totals.reserved - p.quantity,
        released: d.totals.released + p.quantity,
      });
      return donation(e, (d) => withTotals(setEntry(d, p, 'released'), t(d)));
    },
    ResourceAllocated: (e) => {
      const p = payloadOf(c.ResourceAllocated, e);
      const t = (d: Donation) => ({
        reserved: d.totals.reserved - p.quantity,
        allocated: d.totals.allocated + p.quantity,
      });
      return donation(e, (d) => withTotals(setEntry(d, p, 'allocated'), t(d)));
    },
    ResourceDisbursed: (e) => {
      const p = payloadOf(c.ResourceDisbursed, e);
      return donation(e, (d) =>
        withTotals(setEntry(d, p, 'disbursed'), { disbursed: d.totals.disbursed + p.quantity }),
      );
    },
    ReceiptConfirmed: (e) => {
      const p = payloadOf(c.ReceiptConfirmed, e);
      return donation(e, (d) =>
        withTotals(setEntry(d, p, 'confirmed'), { confirmed: d.totals.confirmed + p.quantity }),
      );
    },
    AllocationReversed: (e) => {
      const p = payloadOf(c.AllocationReversed, e);
      const t = (d: Donation) => ({
        allocated: d.totals.allocated - p.quantity,
        disbursed: d.totals.disbursed - (p.fromStatus === 'disbursed' ? p.quantity : 0),
        reversed: d.totals.reversed + p.quantity,
      });
      const undo = (d: Donation): Donation => ({
        ...d,
        entries: d.entries.map((x) => (x.entryId === p.reversalOf ? { ...x, status: 'reversed' } : x)),
      });
      return donation(e, (d) => withTotals(undo(setEntry(d, p, 'reversal')), t(d)));
    },
  };
}
