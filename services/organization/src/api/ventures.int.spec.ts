import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, startHarness, validCode, type Harness } from '../testing/harness.ts';

let h: Harness;
let org: string;
let admin: string;
let city: string;
const proposal = (projectId: string) => ({
  projectId,
  organizationId: 'org-v',
  title: '老年人防跌倒',
  field: 'elderly',
  description: '居家适老化改造与防跌倒训练',
  budgetFen: 5_000_000,
});
const post = (url: string, auth: string, body: unknown = {}) => h.call('POST', url, auth, body);

beforeAll(async () => {
  h = await startHarness();
  const authority = await h.token('authority-1', 'registration_authority');
  org = await h.token('org-v', 'organization');
  admin = await h.token('admin-1', 'district_admin');
  city = await h.token('city-1', 'district_admin', 'district', '000000');
  await post('/v1/organizations', org, application(validCode(81)));
  await post('/v1/organizations/org-v/approval', authority);
});
afterAll(async () => h.close());

/** A project taken through proposal, approval, start and conclusion with `score`. */
async function concluded(projectId: string, score: number) {
  expect((await post('/v1/venture-projects', org, proposal(projectId))).status).toBe(201);
  expect((await post(`/v1/venture-projects/${projectId}/approval`, admin)).status).toBe(200);
  expect((await post(`/v1/venture-projects/${projectId}/start`, admin)).status).toBe(200);
  const done = await post(`/v1/venture-projects/${projectId}/conclusion`, admin, {
    score,
    summary: '服务 120 户',
  });
  expect(done.body).toMatchObject({ status: 'concluded', score });
}

describe('venture-philanthropy projects (公益创投)', () => {
  it('runs proposed → approved → running → concluded and refuses steps out of order', async () => {
    expect((await post('/v1/venture-projects', org, proposal('vp-order'))).body).toMatchObject({
      status: 'proposed',
      organizationId: 'org-v',
    });
    const early = await post('/v1/venture-projects/vp-order/start', admin);
    expect(early.status).toBe(422);
    expect((await post('/v1/venture-projects/vp-order/approval', org)).status).toBe(403);
    expect(
      (await post('/v1/venture-projects', await h.token('org-x', 'organization'), proposal('vp-x'))).status,
    ).toBe(403);
    const read = await h.call('GET', '/v1/venture-projects/vp-order', org);
    expect(read.body).toMatchObject({ status: 'proposed', title: '老年人防跌倒' });
  });

  it('promotes a mature concluded project into the guidance catalogue, once, by the city', async () => {
    await concluded('vp-mature', 85);
    expect(
      (await post('/v1/venture-projects/vp-mature/promotion', admin, { itemId: 'item-vp' })).status,
    ).toBe(403);
    const promoted = await post('/v1/venture-projects/vp-mature/promotion', city, { itemId: 'item-vp' });
    expect(promoted).toMatchObject({ status: 200, body: { status: 'promoted', promotedAs: 'item-vp' } });
    const again = await post('/v1/venture-projects/vp-mature/promotion', city, { itemId: 'item-vp' });
    expect(again).toMatchObject({ status: 200, body: { version: promoted.body.version } });
    await post('/v1/guidance-catalogue/publications', city);
    const catalogue = await h.call('GET', '/v1/guidance-catalogue', org);
    expect(catalogue.body).toMatchObject({
      items: [{ itemId: 'item-vp', name: '老年人防跌倒', ventureProject: 'vp-mature' }],
    });
  });

  it("refuses to promote a project below the district's venture score", async () => {
    await concluded('vp-weak', 70);
    const r = await post('/v1/venture-projects/vp-weak/promotion', city, { itemId: 'item-weak' });
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body)).toContain('at least 80 required');
  });
});
