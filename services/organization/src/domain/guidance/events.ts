import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';
import { FIELDS } from '../organization/values.ts';

const itemId = z.string().min(1).max(100);
export const itemDrafted = z.strictObject({
  itemId,
  name: z.string().min(1).max(200),
  field: z.enum(FIELDS),
  description: z.string().min(1).max(2000),
  /** A mature venture-philanthropy project (公益创投) promoted to a catalogue item names its project. */
  ventureProject: z.string().min(1).max(100).optional(),
});
export const versionPublished = z.strictObject({
  version: z.number().int().min(1).max(10_000),
  itemIds: z.array(itemId).max(500),
  at: z.iso.datetime(),
});

export const guidanceContracts = [
  defineEvent({ type: 'CatalogueItemDrafted', version: 1, schema: itemDrafted }),
  defineEvent({ type: 'CatalogueItemWithdrawn', version: 1, schema: z.strictObject({ itemId }) }),
  defineEvent({ type: 'CatalogueVersionPublished', version: 1, schema: versionPublished }),
];

export type CatalogueItem = z.infer<typeof itemDrafted>;
export type GuidanceEvent =
  | { type: 'CatalogueItemDrafted'; payload: CatalogueItem }
  | { type: 'CatalogueItemWithdrawn'; payload: { itemId: string } }
  | { type: 'CatalogueVersionPublished'; payload: z.infer<typeof versionPublished> };
