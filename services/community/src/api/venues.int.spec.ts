/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- JSON answers */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtAdmin, startHarness, type Caller, type Harness } from '../testing/harness.ts';

let h: Harness;
let venueId: string;
const org: Caller = { roles: ['organization'], level: 'district', code: '330102', subject: 'org-1' };
const slot = (start: string, end: string, over: Record<string, unknown> = {}) => ({
  date: '2030-01-15',
  start,
  end,
  organizationId: 'org-1',
  purpose: '读书会',
  ...over,
});

beforeAll(async () => {
  h = await startHarness('venues');
  const as = districtAdmin;
  await h.call('POST', '/v1/districts', { as, body: { code: '330102', name: '区' } });
  await h.call('POST', '/v1/streets', {
    as,
    body: { code: '330102001', name: '街', districtCode: '330102' },
  });
  await h.call('POST', '/v1/communities', {
    as,
    body: { code: '330102001001', name: '社', streetCode: '330102001' },
  });
  const v = await h.call('POST', '/v1/venues', {
    as: { roles: ['community_staff'], level: 'community', code: '330102001001' },
    body: {
      name: '党群服务中心活动室',
      communityCode: '330102001001',
      capacity: 40,
      opensAt: '08:00',
      closesAt: '20:00',
    },
  });
  expect(v.status).toBe(201);
  venueId = v.body.id;
}, 60_000);
afterAll(async () => h?.close());

describe('venue bookings over HTTP', () => {
  it('lets exactly one of ten racing overlapping bookings win', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.call('POST', `/v1/venues/${venueId}/bookings`, {
          as: org,
          body: slot(`09:${String(i * 5).padStart(2, '0')}`, '11:00'),
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 422)).toHaveLength(9);
    const venue = await h.call('GET', `/v1/venues/${venueId}`, { as: org });
    expect(venue.body.bookings).toHaveLength(1);
  });

  it('lists the free slots of a day, and frees a slot on cancel', async () => {
    const b = await h.call('POST', `/v1/venues/${venueId}/bookings`, {
      as: org,
      body: slot('14:00', '15:00'),
    });
    const free = await h.call('GET', `/v1/venues/${venueId}/free-slots?date=2030-01-15`, { as: org });
    expect(free.body.free.at(-2)).toEqual({ start: '11:00', end: '14:00' });
    expect(free.body.free.at(-1)).toEqual({ start: '15:00', end: '20:00' });
    expect(
      (await h.call('DELETE', `/v1/venues/${venueId}/bookings/${b.body.bookingId}`, { as: org })).status,
    ).toBe(204);
    const after = await h.call('GET', `/v1/venues/${venueId}/free-slots?date=2030-01-15`, { as: org });
    expect(after.body.free.at(-1)).toEqual({ start: '11:00', end: '20:00' });
  });

  it('refuses bookings for another organization, by other roles, outside hours, and malformed times', async () => {
    expect(
      (
        await h.call('POST', `/v1/venues/${venueId}/bookings`, {
          as: org,
          body: slot('16:00', '17:00', { organizationId: 'org-2' }),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await h.call('POST', `/v1/venues/${venueId}/bookings`, {
          as: { ...org, roles: ['volunteer'] },
          body: slot('16:00', '17:00'),
        })
      ).status,
    ).toBe(403);
    expect(
      (await h.call('POST', `/v1/venues/${venueId}/bookings`, { as: org, body: slot('19:00', '21:00') }))
        .status,
    ).toBe(422);
    const bad = await h.call('POST', `/v1/venues/${venueId}/bookings`, {
      as: org,
      body: slot('9:00', '10:00'),
    });
    expect(bad.body.error.field).toBe('body.start');
  });

  it('answers a repeated Idempotency-Key with the first booking', async () => {
    const headers = { 'idempotency-key': 'book-1730' };
    const a = await h.call('POST', `/v1/venues/${venueId}/bookings`, {
      as: org,
      body: slot('17:00', '18:00'),
      headers,
    });
    const b = await h.call('POST', `/v1/venues/${venueId}/bookings`, {
      as: org,
      body: slot('17:00', '18:00'),
      headers,
    });
    expect(a.status).toBe(201);
    expect(b.body).toEqual(a.body);
  });
});
