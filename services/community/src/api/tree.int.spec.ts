/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- JSON answers */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtAdmin, eventually, startHarness, type Harness } from '../testing/harness.ts';
import { readTopic } from '../testing/kafka.ts';

let h: Harness;
const staff = { roles: ['community_staff' as const], level: 'community' as const, code: '330102001001' };
const otherAdmin = { ...districtAdmin, code: '330103' };

beforeAll(async () => {
  h = await startHarness('tree');
  const as = districtAdmin;
  expect(
    (await h.call('POST', '/v1/districts', { as, body: { code: '330102', name: '西湖区' } })).status,
  ).toBe(201);
  for (const code of ['330102001', '330102002'])
    expect(
      (
        await h.call('POST', '/v1/streets', {
          as,
          body: { code, name: `街道${code}`, districtCode: '330102' },
        })
      ).status,
    ).toBe(201);
}, 60_000);
afterAll(async () => h?.close());

describe('the tree over HTTP', () => {
  it('registers a community under its street, readable by anyone signed in, refused without a token', async () => {
    const r = await h.call('POST', '/v1/communities', {
      as: districtAdmin,
      body: { code: '330102001001', name: '一社区', streetCode: '330102001' },
    });
    expect(r.status).toBe(201);
    expect(r.etag).toBe('"1"');
    const read = await h.call('GET', '/v1/units/330102001001', { as: staff });
    expect(read.body).toMatchObject({
      level: 'community',
      streetCode: '330102001',
      districtCode: '330102',
      closed: false,
    });
    expect((await h.call('GET', '/v1/units/330102001001')).status).toBe(401);
  });

  it('refuses tree changes by other roles (403) and by admins of another district', async () => {
    const body = { code: '330102001009', name: 'x', streetCode: '330102001' };
    expect((await h.call('POST', '/v1/communities', { as: staff, body })).status).toBe(403);
    expect((await h.call('POST', '/v1/communities', { as: otherAdmin, body })).status).toBe(403);
  });

  it('validates codes against their parent and names the field, and rejects unknown fields', async () => {
    const bad = await h.call('POST', '/v1/communities', {
      as: districtAdmin,
      body: { code: '330102002001', name: 'x', streetCode: '330102001' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('body.code');
    const unknown = await h.call('POST', '/v1/districts', {
      as: districtAdmin,
      body: { code: '330102', name: 'x', extra: 1 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/extra/);
  });

  it('refuses a second unit with a taken code (409), and replays a repeated Idempotency-Key', async () => {
    const body = { code: '330102001002', name: '二社区', streetCode: '330102001' };
    const headers = { 'idempotency-key': 'reg-330102001002' };
    const first = await h.call('POST', '/v1/communities', { as: districtAdmin, body, headers });
    const again = await h.call('POST', '/v1/communities', { as: districtAdmin, body, headers });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.etag).toBe('"1"');
    expect((await h.call('POST', '/v1/communities', { as: districtAdmin, body })).status).toBe(409);
  });

  it('renames with If-Match and answers a stale one with 409', async () => {
    await h.call('POST', '/v1/communities', {
      as: districtAdmin,
      body: { code: '330102001003', name: '三', streetCode: '330102001' },
    });
    const ok = await h.call('PATCH', '/v1/units/330102001003', {
      as: districtAdmin,
      body: { name: '三社区' },
      headers: { 'if-match': '"1"' },
    });
    expect(ok.status).toBe(200);
    expect(ok.etag).toBe('"2"');
    const stale = await h.call('PATCH', '/v1/units/330102001003', {
      as: districtAdmin,
      body: { name: 'x' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
  });

  it('moves a community and tells which street it was under before and after the move', async () => {
    await h.call('POST', '/v1/communities', {
      as: districtAdmin,
      body: { code: '330102001004', name: '四', streetCode: '330102001' },
    });
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const moved = await h.call('POST', '/v1/communities/330102001004/move', {
      as: districtAdmin,
      body: { streetCode: '330102002' },
    });
    expect(moved.body.streetCode).toBe('330102002');
    const then = await h.call('GET', `/v1/communities/330102001004/street?at=${encodeURIComponent(before)}`, {
      as: staff,
    });
    expect(then.body.streetCode).toBe('330102001');
    const now = await h.call(
      'GET',
      `/v1/communities/330102001004/street?at=${encodeURIComponent(new Date().toISOString())}`,
      { as: staff },
    );
    expect(now.body.streetCode).toBe('330102002');
    expect(
      (await h.call('GET', '/v1/communities/330102001004/street?at=2000-01-01', { as: staff })).body
        .streetCode,
    ).toBeNull();
  });

  it('merges a community: closed, pointing to the survivor, gone from the default list', async () => {
    await h.call('POST', '/v1/communities', {
      as: districtAdmin,
      body: { code: '330102001005', name: '五', streetCode: '330102001' },
    });
    await h.call('POST', '/v1/communities', {
      as: districtAdmin,
      body: { code: '330102001006', name: '六', streetCode: '330102001' },
    });
    const r = await h.call('POST', '/v1/communities/330102001005/merge', {
      as: districtAdmin,
      body: { survivorCode: '330102001006' },
    });
    expect(r.body).toMatchObject({ closed: true, mergedInto: '330102001006' });
    expect(
      (await h.call('PATCH', '/v1/units/330102001005', { as: districtAdmin, body: { name: 'x' } })).status,
    ).toBe(422);
    await eventually(async () => {
      const list = await h.call('GET', '/v1/units?level=community&streetCode=330102001&limit=2', {
        as: staff,
      });
      expect(list.body.items.map((u: { code: string }) => u.code)).toEqual(['330102001001', '330102001002']);
      const next = await h.call(
        'GET',
        `/v1/units?level=community&streetCode=330102001&cursor=${list.body.nextCursor}`,
        { as: staff },
      );
      expect(next.body.items.map((u: { code: string }) => u.code)).toEqual(['330102001003', '330102001006']);
    });
  });

  it('publishes the tree events on the service topic, keyed by the unit stream', async () => {
    const seen = (m: { key: Buffer | null }[]) =>
      m.some((x) => x.key?.toString() === 'community-330102001005');
    const messages = await readTopic(h.kafkaBrokers, h.topic, (m) => m.filter((x) => seen([x])).length >= 2);
    const types = messages.filter((x) => seen([x])).map((x) => x.headers?.['event-type']?.toString());
    expect(types).toEqual(['CommunityRegistered', 'CommunityMerged']);
  });
});
