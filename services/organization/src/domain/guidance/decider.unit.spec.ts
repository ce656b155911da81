import { describe, it } from 'vitest';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { guidanceDecider } from './decider.ts';
import type { GuidanceEvent } from './events.ts';

const at = '2026-11-27T00:00:00.000Z';
const spec = deciderSpec(guidanceDecider, { now: new Date(at) });
const item = (itemId: string) => ({
  itemId,
  name: 'Home care visits',
  field: 'elderly' as const,
  description: 'weekly visits',
});
const drafted = (itemId: string): GuidanceEvent => ({ type: 'CatalogueItemDrafted', payload: item(itemId) });
const v1: GuidanceEvent = { type: 'CatalogueVersionPublished', payload: { version: 1, itemIds: ['a'], at } };

describe('the guidance catalogue', () => {
  it('publishes the drafted items as the next version', () => {
    spec
      .given([drafted('a')])
      .when({ kind: 'publish' })
      .then([v1]);
    spec
      .given([drafted('a'), v1, drafted('b')])
      .when({ kind: 'publish' })
      .then([{ type: 'CatalogueVersionPublished', payload: { version: 2, itemIds: ['a', 'b'], at } }]);
  });

  it('refuses a publication with nothing changed, and a duplicate item', () => {
    spec
      .given([drafted('a'), v1])
      .when({ kind: 'publish' })
      .thenThrows(/nothing changed since version 1/);
    spec
      .given([drafted('a')])
      .when({ kind: 'draftItem', item: item('a') })
      .thenThrows(/already exists/);
  });

  it('drops a withdrawn item from the next version', () => {
    spec
      .given([drafted('a'), v1, drafted('b'), { type: 'CatalogueItemWithdrawn', payload: { itemId: 'a' } }])
      .when({ kind: 'publish' })
      .then([{ type: 'CatalogueVersionPublished', payload: { version: 2, itemIds: ['b'], at } }]);
  });
});
