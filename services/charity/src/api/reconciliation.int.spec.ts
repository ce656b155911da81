import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREET, startHarness, until, type Harness } from '../testing/harness.ts';
import { receivedDonation, target } from '../testing/fixtures.ts';

let h: Harness;
let coordinator: string;
beforeAll(async () => {
  h = await startHarness('charity-reconcile');
  coordinator = await h.token(['charity_coordinator']);
});
afterAll(async () => h.close());

type Totals = Record<string, Record<string, number>>;
interface Report {
  balanced: boolean;
  fromQueryModel: Totals;
  fromEvents: Totals;
  differences: unknown[];
}

describe('money reconciles', () => {
  it('sums the ledger from the query model to exactly the sum folded from the events, after releases and reversals', async () => {
    const a = await receivedDonation(h, coordinator, 100_001);
    const b = await receivedDonation(h, coordinator, 7);
    const reserve = async (donationId: string, quantity: number) =>
      (
        await h.call<{ entryId: string }>('POST', `/v1/donations/${donationId}/reservations`, coordinator, {
          quantity,
          target: target(),
        })
      ).body.entryId;
    const step = async (donationId: string, entryId: string, path: string, body: unknown = {}) => {
      const r = await h.call(
        'POST',
        `/v1/donations/${donationId}/entries/${entryId}/${path}`,
        coordinator,
        body,
      );
      expect(r.status).toBe(201);
    };
    const e1 = await reserve(a.donationId, 33_333);
    await step(a.donationId, e1, 'allocation');
    await step(a.donationId, e1, 'disbursement');
    await step(a.donationId, e1, 'receipt-confirmation');
    const e2 = await reserve(a.donationId, 20_000);
    await step(a.donationId, e2, 'release', { reason: 'need withdrawn' });
    const e3 = await reserve(a.donationId, 11_111);
    await step(a.donationId, e3, 'allocation');
    await step(a.donationId, e3, 'disbursement');
    await step(a.donationId, e3, 'reversal', { reason: 'paid to the wrong account' });
    const e4 = await reserve(b.donationId, 7);
    await step(b.donationId, e4, 'allocation');
    await reserve(a.donationId, 1);

    const expected = {
      received: 100_008,
      reserved: 1,
      allocated: 33_340,
      disbursed: 33_333,
      confirmed: 33_333,
      released: 20_000,
      reversed: 11_111,
    };
    const report = await until('the query model to catch up', async () => {
      const r = await h.call<Report>('GET', '/v1/reports/reconciliation', coordinator);
      return r.body.fromQueryModel.fen?.reserved === 1 && r.body;
    });
    expect(report.fromEvents.fen).toEqual(expected);
    expect(report.fromQueryModel.fen).toEqual(expected);
    expect(report.differences).toEqual([]);
    expect(report.balanced).toBe(true);
  });

  it('is for charity coordinators and district admins only', async () => {
    expect((await h.call('GET', '/v1/reports/reconciliation')).status).toBe(401);
    expect(
      (await h.call('GET', '/v1/reports/reconciliation', await h.token(['community_staff']))).status,
    ).toBe(403);
    expect(
      (await h.call('GET', '/v1/reports/reconciliation', await h.token(['district_admin']))).status,
    ).toBe(200);
  });

  it('reconciles only the caller’s part: another district and another community see none of this ledger', async () => {
    const url = '/v1/reports/reconciliation';
    const mine = await until('the report', async () => {
      const r = await h.call<Report>('GET', url, coordinator);
      return r.body.fromQueryModel.fen?.received === 100_008 && r.body;
    });
    expect(mine.fromEvents.fen?.received).toBe(100_008);
    const elsewhere = await h.token(['district_admin'], { level: 'district', code: '330106' });
    const otherCommunity = await h.token(['charity_coordinator'], {
      level: 'community',
      code: `${STREET}999`,
    });
    const ownStreet = await h.token(['charity_coordinator'], { level: 'street', code: STREET });
    for (const token of [elsewhere, otherCommunity]) {
      const r = await h.call<Report & { eventsRead: number }>('GET', url, token);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ balanced: true, fromQueryModel: {}, fromEvents: {}, differences: [] });
      expect(JSON.stringify(r.body)).not.toContain('100008');
    }
    expect((await h.call<Report>('GET', url, ownStreet)).body.fromEvents.fen?.received).toBe(100_008);
  });
});
