import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';
import { placeSchema } from '../organization/values.ts';

const id = z.string().min(1).max(100);
/** Money in integer fen (分), never floating point. */
const fen = z.number().int().min(1).max(100_000_000_000);

export const needPublished = z.strictObject({
  projectId: id,
  itemId: id,
  catalogueVersion: z.number().int().min(1).max(10_000),
  title: z.string().min(1).max(200),
  place: placeSchema,
  budgetFen: fen,
  bidDeadline: z.iso.datetime(),
});
export const bidSubmitted = z.strictObject({
  organizationId: id,
  priceFen: fen,
  proposal: z.string().min(1).max(2000),
});

export const purchaseContracts = [
  defineEvent({ type: 'PurchaseNeedPublished', version: 1, schema: needPublished }),
  defineEvent({ type: 'BidSubmitted', version: 1, schema: bidSubmitted }),
  defineEvent({
    type: 'PurchaseAwarded',
    version: 1,
    schema: z.strictObject({ organizationId: id, priceFen: fen }),
  }),
  defineEvent({
    type: 'DeliveryReported',
    version: 1,
    schema: z.strictObject({ summary: z.string().min(1).max(2000) }),
  }),
  defineEvent({
    type: 'PurchaseEvaluated',
    version: 1,
    schema: z.strictObject({ score: z.number().int().min(0).max(100), comment: z.string().min(1).max(2000) }),
  }),
];

export type PurchaseEvent =
  | { type: 'PurchaseNeedPublished'; payload: z.infer<typeof needPublished> }
  | { type: 'BidSubmitted'; payload: z.infer<typeof bidSubmitted> }
  | { type: 'PurchaseAwarded'; payload: { organizationId: string; priceFen: number } }
  | { type: 'DeliveryReported'; payload: { summary: string } }
  | { type: 'PurchaseEvaluated'; payload: { score: number; comment: string } };
