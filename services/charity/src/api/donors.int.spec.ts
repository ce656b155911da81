import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness.ts';
import { enterpriseDonor, personDonor } from '../testing/fixtures.ts';

let h: Harness;
let coordinator: string;
beforeAll(async () => {
  h = await startHarness('charity-donors');
  coordinator = await h.token(['charity_coordinator']);
});
afterAll(async () => h.close());

interface DonorView {
  kind: string;
  person?: { name: string; phone: string; idNumber: string } | null;
  erased?: boolean;
  personal?: unknown;
}

describe('donors', () => {
  it('seals a person’s name, phone and ID number: no clear text in the stored events, opened for staff', async () => {
    const r = await h.call<{ donorId: string }>('POST', '/v1/donors', coordinator, personDonor);
    expect(r.status).toBe(201);
    const stored = JSON.stringify(
      await h.svc.ctx.db
        .collection('es_commits')
        .find({ streamId: `donor-${r.body.donorId}` })
        .toArray(),
    );
    for (const clear of ['张三丰', '13800138000', '11010519491231002X']) expect(stored).not.toContain(clear);
    const view = await h.call<DonorView>('GET', `/v1/donors/${r.body.donorId}`, coordinator);
    expect(view.body.person).toEqual(personDonor.person);
    expect(view.body.personal).toBeUndefined();
  });

  it('makes a person’s data unreadable after erasure', async () => {
    const r = await h.call<{ donorId: string }>('POST', '/v1/donors', coordinator, personDonor);
    const erased = await h.call('POST', `/v1/donors/${r.body.donorId}/erasure`, coordinator);
    expect(erased.body).toMatchObject({ erased: true });
    const view = await h.call<DonorView>('GET', `/v1/donors/${r.body.donorId}`, coordinator);
    expect(view.body).toMatchObject({ person: null, erased: true });
  });

  it('registers an enterprise by name and unified social credit code, in clear', async () => {
    const r = await h.call<{ donorId: string }>('POST', '/v1/donors', coordinator, enterpriseDonor);
    expect(r.status).toBe(201);
    const view = await h.call<DonorView & { name: string; creditCode: string }>(
      'GET',
      `/v1/donors/${r.body.donorId}`,
      coordinator,
    );
    expect(view.body).toMatchObject({
      kind: 'enterprise',
      name: enterpriseDonor.name,
      creditCode: enterpriseDonor.creditCode,
    });
  });

  it('refuses a bad credit code, a missing one and unknown fields, naming the field', async () => {
    const bad = await h.call('POST', '/v1/donors', coordinator, { ...enterpriseDonor, creditCode: 'ABC' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.field).toBe('body.creditCode');
    // GB 32100 check character: 91110105MA01ABCD2 ends in 6, not X
    const wrong = await h.call('POST', '/v1/donors', coordinator, {
      ...enterpriseDonor,
      creditCode: '91110105MA01ABCD2X',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.field).toBe('body.creditCode');
    expect(JSON.stringify(wrong.body)).toContain('check character');
    const { creditCode: _c, ...missing } = enterpriseDonor;
    expect((await h.call('POST', '/v1/donors', coordinator, missing)).body.error?.field).toBe(
      'body.creditCode',
    );
    const extra = await h.call('POST', '/v1/donors', coordinator, { ...enterpriseDonor, vip: true });
    expect(extra.body.error?.field).toBe('body.vip');
  });

  it('refuses roles that do not register donors, and places outside the caller’s scope', async () => {
    expect((await h.call('POST', '/v1/donors', undefined, enterpriseDonor)).status).toBe(401);
    expect((await h.call('POST', '/v1/donors', await h.token(['volunteer']), enterpriseDonor)).status).toBe(
      403,
    );
    const otherDistrict = await h.token(['charity_coordinator'], { level: 'district', code: '110106' });
    expect((await h.call('POST', '/v1/donors', otherDistrict, enterpriseDonor)).status).toBe(403);
    expect(
      (await h.call('POST', '/v1/donors', otherDistrict, { ...enterpriseDonor, districtCode: '110106' }))
        .status,
    ).toBe(201);
  });

  it('changes the disclosure consent, and refuses a stale If-Match with 409', async () => {
    const r = await h.call<{ donorId: string }>('POST', '/v1/donors', coordinator, enterpriseDonor);
    const path = `/v1/donors/${r.body.donorId}/disclosure-consent`;
    const changed = await h.call(
      'PUT',
      path,
      coordinator,
      { disclosureConsent: false },
      { 'if-match': '"1"' },
    );
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
    const stale = await h.call('PUT', path, coordinator, { disclosureConsent: true }, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
  });
});
