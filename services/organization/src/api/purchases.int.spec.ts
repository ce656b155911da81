import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLACE, application, startHarness, validCode, type Harness } from '../testing/harness.ts';

let h: Harness;
let admin: string;
let cityAdmin: string;
let project: string;
let deadline: string;
const scores = { serviceCapacity: 90, efficiency: 90, compliance: 90, benefit: 90 };

beforeAll(async () => {
  h = await startHarness();
  admin = await h.token('admin-1', 'district_admin');
  cityAdmin = await h.token('city-1', 'district_admin', 'district', '000000');
  const authority = await h.token('authority-1', 'registration_authority');
  const evaluator = await h.token('eval-1', 'evaluator');
  for (const [i, id] of ['org-good', 'org-unrated', 'org-3', 'org-4'].entries()) {
    await h.call(
      'POST',
      '/v1/organizations',
      await h.token(id, 'organization'),
      application(validCode(30 + i)),
    );
    await h.call('POST', `/v1/organizations/${id}/approval`, authority, {});
  }
  await h.call('POST', '/v1/organizations/org-good/evaluations', evaluator, { round: '2026', scores });
});
afterAll(async () => h.close());

// Bids close a few seconds after publication, so the test can award after the deadline.
const need = (itemId: string) => ({
  itemId,
  title: 'Home care for the elderly',
  place: PLACE,
  budgetFen: 50_000_000,
  bidDeadline: new Date(Date.now() + 5_000).toISOString(),
});

describe('guidance catalogue and purchase projects over HTTP', () => {
  it('publishes catalogue versions (here a promoted venture-philanthropy project) once even when two publications race', async () => {
    const item = {
      itemId: 'EC-01',
      name: 'Home care visits',
      field: 'elderly',
      description: 'weekly visits',
    };
    expect((await h.call('POST', '/v1/guidance-catalogue/items', cityAdmin, item)).status).toBe(201);
    const both = await Promise.all(
      [1, 2].map(() => h.call('POST', '/v1/guidance-catalogue/publications', cityAdmin, {})),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 422]);
    const read = await h.call('GET', '/v1/guidance-catalogue', await h.token('org-3', 'organization'));
    expect(read.body).toMatchObject({ version: 1, items: [item], versions: [1] });
  });

  it('leaves the city’s catalogue to the city: a district’s admin drafts, withdraws and publishes nothing', async () => {
    const other = await h.token('admin-9', 'district_admin', 'district', '330106');
    for (const token of [admin, other]) {
      for (const [url, body] of [
        ['/v1/guidance-catalogue/items/EC-01/withdrawal', {}],
        ['/v1/guidance-catalogue/items', { itemId: 'X-1', name: 'x', field: 'elderly', description: 'x' }],
        ['/v1/guidance-catalogue/publications', {}],
      ] as const)
        expect((await h.call('POST', url, token, body)).status, url).toBe(403);
    }
    const read = await h.call('GET', '/v1/guidance-catalogue', admin);
    expect(read.body).toMatchObject({ version: 1, versions: [1] });
    expect(JSON.stringify(read.body)).toContain('EC-01');
  });

  it('publishes a need only for a published catalogue item', async () => {
    expect((await h.call('POST', '/v1/purchases', admin, need('EC-99'))).status).toBe(422);
    const body = need('EC-01');
    const r = await h.call('POST', '/v1/purchases', admin, body);
    expect(r).toMatchObject({ status: 201, body: { status: 'open', catalogueVersion: 1 } });
    project = r.body.id as string;
    deadline = body.bidDeadline;
  });

  it('records every bid when organizations bid at the same time', async () => {
    const ids = ['org-good', 'org-unrated', 'org-3', 'org-4'];
    const results = await Promise.all(
      ids.map(async (id) =>
        h.call('POST', `/v1/purchases/${project}/bids`, await h.token(id, 'organization'), {
          priceFen: 40_000_000,
          proposal: 'p',
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(((await h.call('GET', `/v1/purchases/${project}`, admin)).body.bids as unknown[]).length).toBe(4);
  });

  it('seals the bids from the other bidders: an organization reads the project with its own bid only', async () => {
    const seen = await h.call('GET', `/v1/purchases/${project}`, await h.token('org-3', 'organization'));
    expect(seen.status).toBe(200);
    expect(seen.body.bids).toEqual([{ organizationId: 'org-3', priceFen: 40_000_000 }]);
    const outsider = await h.call('GET', `/v1/purchases/${project}`, await h.token('org-x', 'organization'));
    expect(outsider.body).toMatchObject({ status: 'open', bids: [] });
  });

  it('refuses to award before the bid deadline, changing nothing', async () => {
    const r = await h.call('POST', `/v1/purchases/${project}/award`, admin, { organizationId: 'org-good' });
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body)).toContain('bid deadline');
    expect((await h.call('GET', `/v1/purchases/${project}`, admin)).body.status).toBe('open');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(deadline) - Date.now() + 50)));
  });

  it('refuses to award an organization outside the eligible catalogue, with the reasons', async () => {
    const r = await h.call('POST', `/v1/purchases/${project}/award`, admin, {
      organizationId: 'org-unrated',
    });
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body)).toContain('no valid evaluation');
  });

  it('awards an eligible bidder, takes its delivery and an evaluation', async () => {
    expect(
      (await h.call('POST', `/v1/purchases/${project}/award`, admin, { organizationId: 'org-good' })).body,
    ).toMatchObject({ awardedTo: 'org-good' });
    const other = await h.token('org-3', 'organization');
    expect((await h.call('POST', `/v1/purchases/${project}/delivery`, other, { summary: 's' })).status).toBe(
      422,
    );
    const good = await h.token('org-good', 'organization');
    expect(
      (await h.call('POST', `/v1/purchases/${project}/delivery`, good, { summary: 'delivered' })).status,
    ).toBe(200);
    const street = await h.token('s-2', 'street_admin', 'street', '110105002');
    expect(
      (await h.call('POST', `/v1/purchases/${project}/evaluation`, street, { score: 90, comment: 'c' }))
        .status,
    ).toBe(403);
    const done = await h.call('POST', `/v1/purchases/${project}/evaluation`, admin, {
      score: 90,
      comment: 'good',
    });
    expect(done.body).toMatchObject({ status: 'evaluated' });
  });
});
