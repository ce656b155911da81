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

  it("refuses a reservation that states another community than its need's (400 naming body.target.communityCode), storing nothing", async () => {
    // Designated for community X: a need of community Y may not pass for one of X by saying so.
    const { donationId } = await receivedDonation(h, coordinator, 500, {
      restriction: { communityCode: COMMUNITY_X, purpose: '助老' },
    });
    const path = `/v1/donations/${donationId}/reservations`;
    const commits = () =>
      h.svc.ctx.db.collection('es_commits').countDocuments({ streamId: `donation-${donationId}` });
    const before = await commits();
    const posing = { ...target(COMMUNITY_Y), communityCode: COMMUNITY_X };
    const r = await h.call('POST', path, coordinator, { quantity: 10, target: posing });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'VALIDATION', field: 'body.target.communityCode' });
    expect(r.body.error?.message).toContain(COMMUNITY_Y);
    expect(await commits()).toBe(before);
  });

  it('refuses a reservation for a need the community society never reported (400 naming body.target.needId)', async () => {
    const { donationId } = await receivedDonation(h, coordinator, 500);
    const r = await h.call('POST', `/v1/donations/${donationId}/reservations`, coordinator, {
      quantity: 10,
      target: { ...target(), needId: 'need-nobody-reported' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'VALIDATION', field: 'body.target.needId' });
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

describe('reservations with an entry id of the caller (linkage)', () => {
  const eventsOf = async (donationId: string) =>
    (
      await h.svc.ctx.db
        .collection<{ events: { type: string; payload: Record<string, unknown> }[] }>('es_commits')
        .find({ streamId: `donation-${donationId}` })
        .toArray()
    )
      .flatMap((c) => c.events)
      .map((e) => ({ type: e.type, payload: e.payload }));

  it('names the new entry with the given entryId, and every ledger event of it carries that id', async () => {
    const { donationId } = await receivedDonation(h, coordinator, 100);
    const base = `/v1/donations/${donationId}`;
    const r = await h.call<{ entryId: string }>('POST', `${base}/reservations`, coordinator, {
      quantity: 40,
      target: target(),
      entryId: 'case-7_res-1',
    });
    expect(r.status).toBe(201);
    expect(r.body.entryId).toBe('case-7_res-1');
    for (const step of ['allocation', 'disbursement'])
      expect((await h.call('POST', `${base}/entries/case-7_res-1/${step}`, coordinator, {})).status).toBe(
        201,
      );
    await h.call('POST', `${base}/reservations`, coordinator, {
      quantity: 10,
      target: target(),
      entryId: 'r2',
    });
    const released = await h.call('POST', `${base}/entries/r2/release`, coordinator, {
      reason: 'case closed',
    });
    expect(released.status).toBe(201);
    const ledger = (await eventsOf(donationId)).filter((e) => e.type !== 'DonationRegistered');
    expect(ledger.slice(1)).toEqual([
      { type: 'ResourceReserved', payload: { entryId: 'case-7_res-1', quantity: 40, target: target() } },
      { type: 'ResourceAllocated', payload: { entryId: 'case-7_res-1', quantity: 40, target: target() } },
      { type: 'ResourceDisbursed', payload: { entryId: 'case-7_res-1', quantity: 40, target: target() } },
      { type: 'ResourceReserved', payload: { entryId: 'r2', quantity: 10, target: target() } },
      {
        type: 'ReservationReleased',
        payload: { entryId: 'r2', quantity: 10, target: target(), reason: 'case closed' },
      },
    ]);
  });

  it('refuses an entryId the donation has already with 409 naming body.entryId, and stores nothing', async () => {
    const { donationId } = await receivedDonation(h, coordinator, 100);
    const path = `/v1/donations/${donationId}/reservations`;
    const body = { quantity: 10, target: target(), entryId: 'e-dup' };
    expect((await h.call('POST', path, coordinator, body)).status).toBe(201);
    const again = await h.call('POST', path, coordinator, { ...body, quantity: 20 });
    expect(again.status).toBe(409);
    expect(again.body.error?.field).toBe('body.entryId');
    expect(again.body.error?.message).toMatch(/ledger entry e-dup already exists/);
    // Also when the first was released: an entry id is never reused.
    await h.call('POST', `/v1/donations/${donationId}/entries/e-dup/release`, coordinator, { reason: 'x' });
    expect((await h.call('POST', path, coordinator, body)).status).toBe(409);
    const bad = await h.call('POST', path, coordinator, { ...body, entryId: 'has space' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.field).toBe('body.entryId');
    const view = await h.call<Totals>('GET', `/v1/donations/${donationId}`, coordinator);
    expect(view.body.entries.map((e) => e.entryId)).toEqual(['e-dup']);
    expect(view.body.totals).toMatchObject({ reserved: 0, released: 10 });
  });

  it('lets exactly one of 5 concurrent reservations with the same entryId through', async () => {
    const { donationId } = await receivedDonation(h, coordinator, 100);
    const path = `/v1/donations/${donationId}/reservations`;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.call('POST', path, coordinator, { quantity: 10, target: target(), entryId: 'race-1' }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const view = await h.call<Totals>('GET', `/v1/donations/${donationId}`, coordinator);
    expect(view.body.totals.reserved).toBe(10);
  });

  it('answers a repeat with the same Idempotency-Key with the first answer and makes one entry', async () => {
    const { donationId } = await receivedDonation(h, coordinator, 100);
    const path = `/v1/donations/${donationId}/reservations`;
    const body = { quantity: 30, target: target(), entryId: 'case-9' };
    const key = { 'idempotency-key': 'case-9:reserve' };
    const first = await h.call<{ entryId: string }>('POST', path, coordinator, body, key);
    const again = await h.call<{ entryId: string }>('POST', path, coordinator, body, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.entryId).toBe('case-9');
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    // The key decides, whatever the repeat's body says: the answer names the entry the first request made.
    const changed = await h.call<{ entryId: string }>(
      'POST',
      path,
      coordinator,
      { ...body, entryId: 'x' },
      key,
    );
    expect(changed.body.entryId).toBe('case-9');
    const view = await h.call<Totals>('GET', `/v1/donations/${donationId}`, coordinator);
    expect(view.body.entries).toHaveLength(1);
    expect(view.body.totals.reserved).toBe(30);
    const reserved = (await eventsOf(donationId)).filter((e) => e.type === 'ResourceReserved');
    expect(reserved).toHaveLength(1);
  });

  it('lets the integration client reserve and release in its scope, but not allocate, disburse or reverse', async () => {
    const { donationId } = await receivedDonation(h, coordinator, 100);
    const base = `/v1/donations/${donationId}`;
    const linkage = await h.token(['integration_client']);
    const reserve = (entryId: string, token = linkage) =>
      h.call('POST', `${base}/reservations`, token, { quantity: 10, target: target(), entryId });
    expect((await reserve('l-1')).status).toBe(201);
    expect((await reserve('l-2')).status).toBe(201);
    const step = (entryId: string, path: string, body: unknown = {}, token = linkage) =>
      h.call('POST', `${base}/entries/${entryId}/${path}`, token, body);
    expect((await step('l-1', 'allocation')).status).toBe(403);
    expect((await step('l-1', 'release', { reason: 'reservation expired' })).status).toBe(201);
    expect((await step('l-2', 'allocation', {}, coordinator)).status).toBe(201);
    expect((await step('l-2', 'disbursement')).status).toBe(403);
    expect((await step('l-2', 'reversal', { reason: 'x' })).status).toBe(403);
    // Scope rules hold for its tokens as for anyone's: a street elsewhere sees nothing of this donation.
    const elsewhere = await h.token(['integration_client'], { level: 'street', code: '110105002' });
    expect((await reserve('l-3', elsewhere)).status).toBe(403);
    expect((await step('l-2', 'release', { reason: 'x' }, elsewhere)).status).toBe(403);
    const view = await h.call<Totals>('GET', base, coordinator);
    expect(view.body.totals).toMatchObject({ reserved: 0, allocated: 10, released: 10 });
  });
});
