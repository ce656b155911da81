/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument -- JSON answers */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtAdmin, eventually, startHarness, type Caller, type Harness } from '../testing/harness.ts';

let h: Harness;
const staff: Caller = { roles: ['community_staff'], level: 'community', code: '330102001001' };
const streetAdmin = (code: string): Caller => ({ roles: ['street_admin'], level: 'street', code });
const consent = { given: true, givenBy: 'self', at: '2026-11-01T00:00:00Z', scope: ['statistics'] };
const ids: string[] = [];

beforeAll(async () => {
  h = await startHarness('needlist');
  const as = districtAdmin;
  await h.call('POST', '/v1/districts', { as, body: { code: '330102', name: '区' } });
  for (const s of ['330102001', '330102002']) {
    await h.call('POST', '/v1/streets', { as, body: { code: s, name: s, districtCode: '330102' } });
    await h.call('POST', '/v1/communities', { as, body: { code: `${s}001`, name: s, streetCode: s } });
  }
  const report = async (communityCode: string, category: string, urgency: string) => {
    const r = await h.call('POST', '/v1/needs', {
      as: districtAdmin,
      body: { communityCode, category, urgency, people: [], consent, description: 'd' },
    });
    ids.push(r.body.id);
  };
  await report('330102001001', 'elder_care', 'high');
  await report('330102001001', 'health', 'low');
  await report('330102001001', 'elder_care', 'low');
  await report('330102002001', 'elder_care', 'high');
  await h.call('POST', `/v1/needs/${ids[2]}/withdraw`, { as: districtAdmin, body: { reason: 'duplicate' } });
}, 60_000);
afterAll(async () => h?.close());

const list = async (as: Caller, query = '') =>
  (await h.call('GET', `/v1/needs?${query}`, { as })).body as {
    items: { id: string }[];
    nextCursor?: string;
  };

describe('the list of needs', () => {
  it('shows each caller only their scope, oldest report first', async () => {
    await eventually(async () => {
      expect((await list(districtAdmin)).items.map((n) => n.id)).toEqual(ids);
      expect((await list(staff)).items.map((n) => n.id)).toEqual(ids.slice(0, 3));
      expect((await list(streetAdmin('330102002'))).items.map((n) => n.id)).toEqual([ids[3]]);
    });
  });

  it('filters by status, category, urgency and community, and pages with a cursor', async () => {
    await eventually(async () => {
      expect((await list(districtAdmin, 'status=withdrawn')).items.map((n) => n.id)).toEqual([ids[2]]);
      expect((await list(districtAdmin, 'category=elder_care&urgency=high')).items.map((n) => n.id)).toEqual([
        ids[0],
        ids[3],
      ]);
      expect((await list(districtAdmin, 'communityCode=330102002001')).items.map((n) => n.id)).toEqual([
        ids[3],
      ]);
    });
    const first = await list(districtAdmin, 'limit=3');
    const next = await list(districtAdmin, `limit=3&cursor=${first.nextCursor}`);
    expect([...first.items, ...next.items].map((n) => n.id)).toEqual(ids);
    expect((await h.call('GET', '/v1/needs?urgency=urgent', { as: staff })).body.error.field).toBe(
      'query.urgency',
    );
  });

  it('intersects a community filter with the scope: another community answers nothing', async () => {
    await eventually(async () => {
      expect((await list(staff)).items).toHaveLength(3);
    });
    expect((await list(staff, 'communityCode=330102002001')).items).toEqual([]);
    expect((await list(streetAdmin('330102001'), 'communityCode=330102002001')).items).toEqual([]);
    expect((await list(staff, 'communityCode=330102001001')).items).toHaveLength(3);
  });
});
