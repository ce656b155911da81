import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';
import {
  category,
  communityCode,
  fen,
  goodsQuantity,
  id,
  placeSchema,
  quantity,
  serviceHours,
  shortText,
} from '../shared.ts';
import { DONOR_KINDS } from '../donor/events.ts';

/** Money in fen, goods by item and unit, professional services in hours. */
export const giftSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('money'), amountFen: fen }),
  z.strictObject({
    kind: z.literal('goods'),
    item: z.string().trim().min(1).max(100),
    quantity: goodsQuantity,
    unit: z.string().trim().min(1).max(20),
  }),
  z.strictObject({
    kind: z.literal('service'),
    service: z.string().trim().min(1).max(100),
    hours: serviceHours,
  }),
]);
export type Gift = z.infer<typeof giftSchema>;

/** 定向捐赠: a purpose (recorded, for people to judge), a community and a need category (both enforced). */
export const restrictionSchema = z.strictObject({
  purpose: z.string().trim().min(1).max(500).optional(),
  communityCode: communityCode.optional(),
  category: category.optional(),
});
export type Restriction = z.infer<typeof restrictionSchema>;

/** What a reservation is for: a need (from the community service), where it is, and its category. */
export const targetSchema = z.strictObject({ needId: id, communityCode, category });
export type Target = z.infer<typeof targetSchema>;

const entry = { entryId: id, quantity, target: targetSchema };

/** A donation's stream is `donation-<id>`; it holds the donation and its whole allocation ledger. */
export const donationEvents = [
  defineEvent({
    type: 'DonationRegistered',
    version: 1,
    schema: z.strictObject({
      donationId: id,
      donorId: id,
      donorKind: z.enum(DONOR_KINDS),
      fundId: id.optional(),
      gift: giftSchema,
      restriction: restrictionSchema.nullable(),
      ...placeSchema.shape,
    }),
  }),
  defineEvent({
    type: 'DonationReceived',
    version: 1,
    schema: z.strictObject({ quantity, receiptNo: shortText.optional() }),
  }),
  defineEvent({ type: 'ResourceReserved', version: 1, schema: z.strictObject(entry) }),
  defineEvent({
    type: 'ReservationReleased',
    version: 1,
    schema: z.strictObject({ ...entry, reason: shortText }),
  }),
  defineEvent({ type: 'ResourceAllocated', version: 1, schema: z.strictObject(entry) }),
  /** Money disbursed, goods delivered, service hours given. */
  defineEvent({ type: 'ResourceDisbursed', version: 1, schema: z.strictObject(entry) }),
  defineEvent({ type: 'ReceiptConfirmed', version: 1, schema: z.strictObject(entry) }),
  /** A new entry that undoes an allocation: the original is never edited. */
  defineEvent({
    type: 'AllocationReversed',
    version: 1,
    schema: z.strictObject({
      ...entry,
      reversalOf: id,
      /** How far the undone entry had got: a disbursed one also comes off the disbursed total. */
      fromStatus: z.enum(['allocated', 'disbursed']),
      reason: shortText,
    }),
  }),
];

export interface EntryPayload {
  entryId: string;
  quantity: number;
  target: Target;
}
export interface DonationRegisteredPayload {
  donationId: string;
  donorId: string;
  donorKind: (typeof DONOR_KINDS)[number];
  fundId?: string;
  gift: Gift;
  restriction: Restriction | null;
  districtCode: string;
  streetCode?: string;
  communityCode?: string;
}

export type DonationEvent =
  | { type: 'DonationRegistered'; payload: DonationRegisteredPayload }
  | { type: 'DonationReceived'; payload: { quantity: number; receiptNo?: string } }
  | { type: 'ResourceReserved'; payload: EntryPayload }
  | { type: 'ReservationReleased'; payload: EntryPayload & { reason: string } }
  | { type: 'ResourceAllocated'; payload: EntryPayload }
  | { type: 'ResourceDisbursed'; payload: EntryPayload }
  | { type: 'ReceiptConfirmed'; payload: EntryPayload }
  | {
      type: 'AllocationReversed';
      payload: EntryPayload & { reversalOf: string; fromStatus: 'allocated' | 'disbursed'; reason: string };
    };

export const donationStreamId = (donationId: string) => `donation-${donationId}`;

/** What a gift is counted in: `fen`, `hour`, or `<item>/<unit>` for goods. */
export const measureOf = (g: Gift): string =>
  g.kind === 'money' ? 'fen' : g.kind === 'service' ? 'hour' : `${g.item}/${g.unit}`;
export const pledgedOf = (g: Gift): number =>
  g.kind === 'money' ? g.amountFen : g.kind === 'service' ? g.hours : g.quantity;
