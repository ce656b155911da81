import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, startHarness, until, validCode, type Harness } from '../testing/harness.ts';

let h: Harness;
let admin: string;
let hub: string;
const credit = {
  polarity: 'positive',
  source: 'elderly-care hub',
  date: '2026-11-01',
  description: 'model service',
};

beforeAll(async () => {
  h = await startHarness();
  admin = await h.token('admin-1', 'district_admin');
  hub = await h.token('org-hub', 'organization');
  const authority = await h.token('authority-1', 'registration_authority');
  const orgs: [string, string][] = [
    ['org-hub', 'elderly'],
    ['org-member', 'elderly'],
    ['org-culture', 'culture'],
  ];
  for (const [i, [id, field]] of orgs.entries()) {
    await h.call('POST', '/v1/organizations', await h.token(id, 'organization'), {
      ...application(validCode(40 + i)),
      field,
    });
    await h.call('POST', `/v1/organizations/${id}/approval`, authority, {});
  }
  await h.call(
    'POST',
    '/v1/organizations',
    await h.token('org-pending', 'organization'),
    application(validCode(49)),
  );
});
afterAll(async () => h.close());

describe('hub organizations', () => {
  it('are designated by the district admin, registered organizations only', async () => {
    const street = await h.token('s-1', 'street_admin', 'street', '110105001');
    expect((await h.call('POST', '/v1/organizations/org-hub/hub-designation', street, {})).status).toBe(403);
    expect((await h.call('POST', '/v1/organizations/org-pending/hub-designation', admin, {})).status).toBe(
      422,
    );
    const r = await h.call('POST', '/v1/organizations/org-hub/hub-designation', admin, {});
    expect(r.body).toMatchObject({ hub: true, field: 'elderly' });
  });

  it('see the organizations of their field', async () => {
    const members = await until(
      () => h.call('GET', '/v1/organizations/org-hub/field-members', hub),
      (r) => (r.body.items as unknown[]).length === 1,
    );
    expect(members.body.items).toEqual([
      expect.objectContaining({ _id: 'org-member', registration: 'registered' }),
    ]);
  });

  it('keep credit records of their own field only; other organizations cannot', async () => {
    expect((await h.call('POST', '/v1/organizations/org-member/credit-records', hub, credit)).status).toBe(
      201,
    );
    expect((await h.call('POST', '/v1/organizations/org-culture/credit-records', hub, credit)).status).toBe(
      403,
    );
    const plain = await h.token('org-culture', 'organization');
    expect((await h.call('POST', '/v1/organizations/org-member/credit-records', plain, credit)).status).toBe(
      403,
    );
  });
});
