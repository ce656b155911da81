import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREET, startHarness, until, type Harness } from '../testing/harness.ts';
import { receivedDonation } from '../testing/fixtures.ts';

let h: Harness;
let coordinator: string;
beforeAll(async () => {
  h = await startHarness('charity-list');
  coordinator = await h.token(['charity_coordinator']);
});
afterAll(async () => h.close());

interface List {
  items: { donationId: string; received: number; streetCode?: string }[];
  nextCursor?: string;
}

describe('the donation list', () => {
  it('pages with stable cursors and keeps to the caller’s scope', async () => {
    const ids = [];
    for (const fen of [10, 20, 30]) ids.push((await receivedDonation(h, coordinator, fen)).donationId);
    await until('three received donations in the list', async () => {
      const r = await h.call<List>('GET', '/v1/donations', coordinator);
      return r.body.items.filter((d) => d.received > 0).length === 3;
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const q = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const r = await h.call<List>('GET', `/v1/donations${q}`, coordinator);
      seen.push(...r.body.items.map((d) => d.donationId));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());

    const sameStreet = await h.token(['street_admin'], { level: 'street', code: STREET });
    expect((await h.call<List>('GET', '/v1/donations', sameStreet)).body.items).toHaveLength(3);
    const otherStreet = await h.token(['street_admin'], { level: 'street', code: '110105002' });
    expect((await h.call<List>('GET', '/v1/donations', otherStreet)).body.items).toHaveLength(0);
    expect((await h.call('GET', '/v1/donations', await h.token(['volunteer']))).status).toBe(403);
    expect((await h.call('GET', '/v1/donations?limit=0', coordinator)).body.error?.field).toBe('query.limit');
  });
});
