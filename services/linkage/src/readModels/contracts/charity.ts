import { z } from 'zod';
import { communityCode, districtCode, id, streetCode } from './shared.ts';

const quantity = z.number().int().min(0).max(1_000_000_000_000);
const target = z.object({ needId: id, communityCode, category: z.string().max(60) });
const entry = z.object({ entryId: id, quantity, target });
const gift = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('money'), amountFen: quantity }),
  z.object({ kind: z.literal('goods'), item: z.string().max(100), quantity, unit: z.string().max(20) }),
  z.object({ kind: z.literal('service'), service: z.string().max(100), hours: quantity }),
]);

/** charity: `donation-<id>` (donation and its ledger) and `fund-<id>` streams; donors are not read. */
export const charityContract = {
  FundOpened: z.object({
    fundId: id,
    kind: z.string().max(60),
    name: z.string().max(200),
    districtCode,
    streetCode: streetCode.optional(),
    communityCode: communityCode.optional(),
  }),
  DonationRegistered: z.object({
    donationId: id,
    donorKind: z.string().max(60),
    fundId: id.optional(),
    gift,
    restriction: z
      .object({
        purpose: z.string().max(500).optional(),
        communityCode: communityCode.optional(),
        category: z.string().max(60).optional(),
      })
      .nullable(),
    districtCode,
    streetCode: streetCode.optional(),
    communityCode: communityCode.optional(),
  }),
  DonationReceived: z.object({ quantity }),
  ResourceReserved: entry,
  ReservationReleased: entry,
  ResourceAllocated: entry,
  ResourceDisbursed: entry,
  ReceiptConfirmed: entry,
  AllocationReversed: entry.extend({ reversalOf: id, fromStatus: z.enum(['allocated', 'disbursed']) }),
};
