import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNITY_X, COMMUNITY_Y, startHarness, type Harness } from '../testing/harness.ts';
import { receivedDonation, target } from '../testing/fixtures.ts';

let h: Harness;
let coordinator: string;
beforeAll(async () => {
  h = await startHarness('charity-ledger');
  coordinator = await h.token(['charity_coordinator']);
});
afterAll(async () => h.close());

interface Totals {
  totals: { received: number; reserved: number; allocated: number; disbursed: number; confirmed: number };
  available: number;
  entries: { entryId: string; status: string; quantity: number; reversalOf?: string }[];
}

describe('the allocation ledger', () => {
  it('lets exactly 3 of 10 concurrent reservations of 30 fen through against 100 fen received', async () => {
    const { donationId } = await receivedDonation(h, coordinator, 100);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.call('POST', `/v1/donations/${donationId}/reservations`, coordinator, {
          quantity: 30,
          target: target(),
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => r.status)).toEqual(Array(7).fill(422));
    expect(refused[0]!.body.error?.details).toMatchObject({ available: 10, requested: 30, measure: 'fen' });
    const stored = await h.call<Totals>('GET', `/v1/donations/${donationId}`, coordinator);
    expect(stored.body.totals).toMatchObject({ received: 100, reserved: 90, allocated: 0 });
    expect(stored.body.entries.reduce((s, e) => s + e.quantity, 0)).toBe(90);
    const events = await h.svc.ctx.db
      .collection('es_commits')
      .countDocuments({ streamId: `donation-${donationId}` });
    expect(events).toBe(5); // registered, received, 3 reservations
  });

  it('refuses a need in community Y for a donation designated for community X, naming the restriction', async () => {
    const { donationId } = await receivedDonation(h, coordinator, 500, {
      restriction: { communityCode: COMMUNITY_X, purpose: '助老' },
    });
    const path = `/v1/donations/${donationId}/reservations`;
    const wrong = await h.call('POST', path, coordinator, { quantity: 10, target: target(COMMUNITY_Y) });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error?.message).toMatch(/restricted to community 110105001001/);
    expect(wrong.body.error?.details).toMatchObject({ restriction: 'communityCode', requested: COMMUNITY_Y });
    const right = await h.call('POST', path, coordinator, { quantity: 10, target: target(COMMUNITY_X) });
    expect(right.status).toBe(201);
  });

  it('takes an entry from reserve to allocate, disburse and confirmed receipt; releases and reverses by new entries', async () => {
    const { donationId } = await receivedDonation(h, coordinator, 1000);
    const base = `/v1/donations/${donationId}`;
    const reserve = async (quantity: number) =>
      (
        await h.call<{ entryId: string }>('POST', `${base}/reservations`, coordinator, {
          quantity,
          target: target(),
        })
      ).body.entryId;
    const step = (entryId: string, path: string, body: unknown = {}, token = coordinator) =>
      h.call<{ entryId: string; available: number }>(
        'POST',
        `${base}/entries/${entryId}/${path}`,
        token,
        body,
      );

    const a = await reserve(600);
    expect((await step(a, 'allocation')).status).toBe(201);
    expect((await step(a, 'disbursement')).status).toBe(201);
    const staff = await h.token(['community_staff'], { level: 'community', code: COMMUNITY_X });
    expect((await step(a, 'receipt-confirmation', {}, staff)).status).toBe(403); // donation is not in X's scope
    expect((await step(a, 'receipt-confirmation')).status).toBe(201);
    expect((await step(a, 'allocation')).status).toBe(422);

    const b = await reserve(400);
    const released = await step(b, 'release', { reason: 'need cancelled' });
    expect(released.body.available).toBe(400);
    const c = await reserve(300);
    await step(c, 'allocation');
    const reversal = await step(c, 'reversal', { reason: 'wrong need' });
    expect(reversal.status).toBe(201);
    expect(reversal.body.entryId).not.toBe(c);
    expect(reversal.body.available).toBe(400);

    const view = await h.call<Totals>('GET', base, coordinator);
    expect(view.body.totals).toMatchObject({
      received: 1000,
      reserved: 0,
      allocated: 600,
      disbursed: 600,
      confirmed: 600,
    });
    expect(view.body.entries.find((e) => e.entryId === c)?.status).toBe('reversed');
    expect(view.body.entries.find((e) => e.reversalOf === c)?.quantity).toBe(300);
  });

  it('lets only the charity coordinator move the ledger, and only with a token', async () => {
    const { donationId } = await receivedDonation(h, coordinator, 100);
    const path = `/v1/donations/${donationId}/reservations`;
    const body = { quantity: 10, target: target() };
    expect((await h.call('POST', path, undefined, body)).status).toBe(401);
    expect((await h.call('POST', path, await h.token(['volunteer']), body)).status).toBe(403);
    expect((await h.call('POST', path, await h.token(['district_admin']), body)).status).toBe(403);
    const outOfScope = await h.token(['charity_coordinator'], { level: 'street', code: '110105002' });
    expect((await h.call('POST', path, outOfScope, body)).status).toBe(403);
  });

  it('refuses floats, unknown fields and amounts past the bound, naming the field', async () => {
    const { donationId } = await receivedDonation(h, coordinator, 100);
    const path = `/v1/donations/${donationId}/reservations`;
    const float = await h.call('POST', path, coordinator, { quantity: 1.5, target: target() });
    expect(float.status).toBe(400);
    expect(float.body.error?.field).toBe('body.quantity');
    const unknown = await h.call('POST', path, coordinator, { quantity: 1, target: target(), note: 'x' });
    expect(unknown.body.error?.field).toBe('body.note');
    const huge = await h.call('POST', path, coordinator, { quantity: 10 ** 13, target: target() });
    expect(huge.body.error?.field).toBe('body.quantity');
  });

  it('refuses a reservation decided on a stale version (If-Match) with 409 and stores nothing', async () => {
    const { donationId } = await receivedDonation(h, coordinator, 100);
    const path = `/v1/donations/${donationId}/reservations`;
    const body = { quantity: 10, target: target() };
    const fresh = await h.call('POST', path, coordinator, body, { 'if-match': '"2"' });
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get('etag')).toBe('"3"');
    const stale = await h.call('POST', path, coordinator, body, { 'if-match': '"2"' });
    expect(stale.status).toBe(409);
    const view = await h.call<Totals>('GET', `/v1/donations/${donationId}`, coordinator);
    expect(view.body.totals.reserved).toBe(10);
  });

  it('documents every route in the OpenAPI description', async () => {
    const docs = await h.call<{ paths: Record<string, unknown> }>('GET', '/docs/json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/donations/{id}/reservations',
        '/v1/public/disclosure',
        '/v1/reports/reconciliation',
      ]),
    );
  });
});
