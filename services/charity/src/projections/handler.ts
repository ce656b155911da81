import type { Db } from 'mongodb';
import { applyOnce, type EventEnvelope } from '@fivesoc/eventing';
import {
  measureOf,
  pledgedOf,
  zeroTotals,
  type DonationEvent,
  type LedgerTotals,
} from '../domain/donation/index.ts';
import type { DonorEvent } from '../domain/donor/index.ts';
import type { FundEvent } from '../domain/fund/index.ts';
import { collections } from './collections.ts';

type Charity = DonorEvent | FundEvent | DonationEvent;

/** How each ledger event moves a donation's totals (the same moves as the decider's evolve). */
function totalsMove(e: DonationEvent): Partial<LedgerTotals> {
  switch (e.type) {
    case 'DonationRegistered':
      return {};
    case 'DonationReceived':
      return { received: e.payload.quantity };
    case 'ResourceReserved':
      return { reserved: e.payload.quantity };
    case 'ReservationReleased':
      return { reserved: -e.payload.quantity, released: e.payload.quantity };
    case 'ResourceAllocated':
      return { reserved: -e.payload.quantity, allocated: e.payload.quantity };
    case 'ResourceDisbursed':
      return { disbursed: e.payload.quantity };
    case 'ReceiptConfirmed':
      return { confirmed: e.payload.quantity };
    case 'AllocationReversed':
      return {
        allocated: -e.payload.quantity,
        reversed: e.payload.quantity,
        ...(e.payload.fromStatus === 'disbursed' ? { disbursed: -e.payload.quantity } : {}),
      };
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

/** Updates the query models from one event, at most once (`applyOnce` by the source stream's version). */
export const projectionHandler = (db: Db) => {
  const c = collections(db);
  async function projectLedger(
    envelope: EventEnvelope,
    e: Exclude<DonationEvent, { type: 'DonationRegistered' }>,
  ) {
    const v = envelope.streamVersion;
    const donationId = envelope.streamId.replace(/^donation-/, '');
    const donation = await c.donations.findOne({ _id: donationId });
    if (!donation) throw new Error(`donation ${donationId} is not projected yet`);
    if (e.type !== 'DonationReceived') {
      const p = e.payload;
      await applyOnce(c.ledger, `${donationId}:${v}`, v, {
        $set: {
          donationId,
          fundId: donation.fundId,
          measure: donation.measure,
          type: e.type,
          entryId: p.entryId,
          quantity: p.quantity,
          needId: p.target.needId,
          communityCode: p.target.communityCode,
          category: p.target.category,
          occurredAt: envelope.occurredAt,
        },
      });
    }
    // The ledger row first: a redelivery after a crash between the two writes still writes both.
    await applyOnce(c.donations, donationId, v, { $inc: totalsMove(e) });
  }
  return async (envelope: EventEnvelope): Promise<void> => {
    const e = { type: envelope.type, payload: envelope.payload } as Charity;
    const v = envelope.streamVersion;
    switch (e.type) {
      case 'DonorRegistered': {
        const { donorId, kind, name, disclosureConsent, districtCode, streetCode, communityCode } = e.payload;
        const place = {
          districtCode,
          ...(streetCode ? { streetCode } : {}),
          ...(communityCode ? { communityCode } : {}),
        };
        const publicName = kind !== 'person' && name ? { publicName: name } : {};
        await applyOnce(c.donors, donorId, v, { $set: { kind, disclosureConsent, ...place, ...publicName } });
        return;
      }
      case 'DisclosureConsentChanged':
        await applyOnce(c.donors, e.payload.donorId, v, {
          $set: { disclosureConsent: e.payload.disclosureConsent },
        });
        return;
      case 'FundOpened': {
        const { fundId, kind, name, districtCode } = e.payload;
        await applyOnce(c.funds, fundId, v, { $set: { kind, name, districtCode } });
        return;
      }
      case 'DonationRegistered': {
        const p = e.payload;
        await applyOnce(c.donations, p.donationId, v, {
          $set: {
            ...zeroTotals(),
            donorId: p.donorId,
            donorKind: p.donorKind,
            fundId: p.fundId ?? null,
            kind: p.gift.kind,
            measure: measureOf(p.gift),
            pledged: pledgedOf(p.gift),
            restrictionCommunityCode: p.restriction?.communityCode ?? null,
            restrictionCategory: p.restriction?.category ?? null,
            districtCode: p.districtCode,
            ...(p.streetCode ? { streetCode: p.streetCode } : {}),
            ...(p.communityCode ? { communityCode: p.communityCode } : {}),
            registeredAt: envelope.occurredAt,
          },
        });
        return;
      }
      case 'DonationReceived':
      case 'ResourceReserved':
      case 'ReservationReleased':
      case 'ResourceAllocated':
      case 'ResourceDisbursed':
      case 'ReceiptConfirmed':
      case 'AllocationReversed':
        await projectLedger(envelope, e);
        return;
      default: {
        const unreachable: never = e;
        return unreachable;
      }
    }
  };
};
