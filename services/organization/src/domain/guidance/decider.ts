import type { Decider } from '@fivesoc/eventing';
import { IllegalStateError, NotFoundError } from '@fivesoc/service-kit';
import type { CatalogueItem, GuidanceEvent } from './events.ts';

/**
 * The guidance catalogue of purchasable service items (政府购买服务指导目录): items are drafted or withdrawn,
 * and a publication freezes the current items as the next version. Purchases cite a published version.
 */
export interface GuidanceState {
  items: Record<string, CatalogueItem>;
  /** Items in the working draft (what the next publication will contain). */
  draft: string[];
  versions: { version: number; itemIds: string[]; at: string }[];
}

export type GuidanceCommand =
  { kind: 'draftItem'; item: CatalogueItem } | { kind: 'withdrawItem'; itemId: string } | { kind: 'publish' };

export const GUIDANCE_STREAM = 'guidance-catalogue';

/** The published version that contains `itemId`, newest first, if any. */
export const publishedWith = (s: GuidanceState, itemId: string) =>
  [...s.versions].reverse().find((v) => v.itemIds.includes(itemId));

export const guidanceDecider: Decider<GuidanceState, GuidanceCommand, GuidanceEvent> = {
  initialState: () => ({ items: {}, draft: [], versions: [] }),
  decide(c, s, ctx) {
    switch (c.kind) {
      case 'draftItem':
        if (s.items[c.item.itemId]) throw new IllegalStateError(`item ${c.item.itemId} already exists`);
        if (s.draft.length >= 500) throw new IllegalStateError('the catalogue holds at most 500 items');
        return [{ type: 'CatalogueItemDrafted', payload: c.item }];
      case 'withdrawItem':
        if (!s.draft.includes(c.itemId)) throw new NotFoundError('catalogue item', c.itemId);
        return [{ type: 'CatalogueItemWithdrawn', payload: { itemId: c.itemId } }];
      case 'publish': {
        const last = s.versions.at(-1);
        if (last && last.itemIds.join() === s.draft.join())
          throw new IllegalStateError(`nothing changed since version ${last.version}`);
        const version = (last?.version ?? 0) + 1;
        return [
          {
            type: 'CatalogueVersionPublished',
            payload: { version, itemIds: s.draft, at: ctx.now.toISOString() },
          },
        ];
      }
      default: {
        const unreachable: never = c;
        return unreachable;
      }
    }
  },
  evolve(s, e) {
    switch (e.type) {
      case 'CatalogueItemDrafted':
        return {
          ...s,
          items: { ...s.items, [e.payload.itemId]: e.payload },
          draft: [...s.draft, e.payload.itemId],
        };
      case 'CatalogueItemWithdrawn':
        return { ...s, draft: s.draft.filter((i) => i !== e.payload.itemId) };
      case 'CatalogueVersionPublished':
        return { ...s, versions: [...s.versions, e.payload] };
      default: {
        const unreachable: never = e;
        return unreachable;
      }
    }
  },
};
