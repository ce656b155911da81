import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNITY_X, DISTRICT, startHarness, until, type Harness } from '../testing/harness.ts';
import { enterpriseDonor, personDonor, receivedDonation, target } from '../testing/fixtures.ts';

let h: Harness;
let coordinator: string;
beforeAll(async () => {
  h = await startHarness('charity-public');
  coordinator = await h.token(['charity_coordinator']);
});
afterAll(async () => h.close());

type Flow = Record<string, Record<string, { received: number; used: number }>>;
interface Disclosure {
  funds: { fundId: string; name: string; totals: Flow[string] }[];
  direct: Flow[string];
  perCommunity: Flow;
  perCategory: Flow;
  donations: { donationId: string; donorKind: string; donorName?: string; received: number; used: number }[];
}

describe('阳光运作: the public disclosure view', () => {
  it('shows totals per fund, community and category, and consenting donors’ donations, without personal data', async () => {
    const fund = await h.call<{ fundId: string }>('POST', '/v1/funds', coordinator, {
      kind: 'special_development_fund',
      name: '五社联动专项资金',
      districtCode: DISTRICT,
    });
    const fundId = fund.body.fundId;
    const restriction = { communityCode: COMMUNITY_X, category: 'elder_care', purpose: '独居老人助餐' };
    const byPerson = await receivedDonation(h, coordinator, 1000, { fundId, restriction }, personDonor);
    const hidden = await receivedDonation(
      h,
      coordinator,
      500,
      {},
      { ...enterpriseDonor, disclosureConsent: false },
    );
    const shown = await receivedDonation(h, coordinator, 300, {}, enterpriseDonor);
    const reserved = await h.call<{ entryId: string }>(
      'POST',
      `/v1/donations/${byPerson.donationId}/reservations`,
      coordinator,
      {
        quantity: 400,
        target: target(),
      },
    );
    await h.call(
      'POST',
      `/v1/donations/${byPerson.donationId}/entries/${reserved.body.entryId}/allocation`,
      coordinator,
      {},
    );

    const view = await until('the disclosure to show the allocation', async () => {
      const r = await h.call<Disclosure>('GET', '/v1/public/disclosure');
      // The fund's totals and the community's are separate rows of the view: wait for both.
      const b = r.body;
      return (
        r.status === 200 &&
        b.perCommunity[COMMUNITY_X]?.fen?.used === 400 &&
        b.funds.find((x) => x.fundId === fundId)?.totals.fen?.used === 400 &&
        b
      );
    });
    expect(view.funds).toEqual([
      {
        fundId,
        kind: 'special_development_fund',
        name: '五社联动专项资金',
        totals: { fen: { received: 1000, used: 400 } },
      },
    ]);
    expect(view.direct.fen).toEqual({ received: 800, used: 0 });
    expect(view.perCommunity[COMMUNITY_X]?.fen).toEqual({ received: 1000, used: 400 });
    expect(view.perCategory.elder_care?.fen).toEqual({ received: 1000, used: 400 });
    expect(view.perCategory.undesignated?.fen).toEqual({ received: 800, used: 0 });
    const listed = new Map(view.donations.map((d) => [d.donationId, d]));
    expect(listed.has(hidden.donationId)).toBe(false);
    expect(listed.get(shown.donationId)).toMatchObject({
      donorKind: 'enterprise',
      donorName: enterpriseDonor.name,
      received: 300,
    });
    expect(listed.get(byPerson.donationId)).toMatchObject({ donorKind: 'person', received: 1000, used: 400 });
    expect(listed.get(byPerson.donationId)?.donorName).toBeUndefined();

    const text = JSON.stringify(view);
    for (const personal of [
      ...Object.values(personDonor.person),
      '"personal"',
      '"iv"',
      '"tag"',
      'donorId',
      byPerson.donorId,
    ])
      expect(text).not.toContain(personal);
  });

  it('takes a donor’s donations off the view when they withdraw consent', async () => {
    const shown = await receivedDonation(h, coordinator, 250, {}, enterpriseDonor);
    const listed = async () =>
      (await h.call<Disclosure>('GET', '/v1/public/disclosure')).body.donations.some(
        (d) => d.donationId === shown.donationId,
      );
    await until('the donation on the view', listed);
    await h.call('PUT', `/v1/donors/${shown.donorId}/disclosure-consent`, coordinator, {
      disclosureConsent: false,
    });
    await until('the donation off the view', async () => !(await listed()));
  });
});
