import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness.ts';
import { enterpriseDonor, personDonor } from '../testing/fixtures.ts';

let h: Harness;
let coordinator: string;
beforeAll(async () => {
  h = await startHarness('charity-donor-duplicates');
  coordinator = await h.token(['charity_coordinator']);
});
afterAll(async () => h.close());

interface Created {
  donorId: string;
  possibleDuplicates?: { donorId: string; level: string; matched: string[]; name: string }[];
}

describe('duplicate person donors, found blind', () => {
  it('shows the donor registered before as "likely" to a second registration with +86, and forgets them on erasure', async () => {
    const first = await h.call<Created>('POST', '/v1/donors', coordinator, personDonor);
    expect(first.status).toBe(201);
    expect(first.body.possibleDuplicates).toEqual([]);
    const again = { ...personDonor.person, phone: '+8613800138000' };
    const search = await h.call<{ candidates: unknown[] }>(
      'POST',
      '/v1/donors/duplicates',
      coordinator,
      again,
    );
    expect(search.status).toBe(200);
    const likely = {
      donorId: first.body.donorId,
      districtCode: personDonor.districtCode,
      level: 'likely',
      score: 120,
      matched: ['idNumber', 'phone', 'nameBirthDate'],
      conflicting: [],
      name: '张三丰',
    };
    expect(search.body.candidates).toEqual([likely]);
    const second = await h.call<Created>('POST', '/v1/donors', coordinator, {
      ...personDonor,
      person: again,
    });
    expect(second.body.possibleDuplicates).toEqual([likely]);

    // An enterprise is a public body: no personal index, nothing offered.
    const firm = await h.call<Created>('POST', '/v1/donors', coordinator, enterpriseDonor);
    expect(firm.body.possibleDuplicates).toBeUndefined();

    // Another district's coordinator is shown nothing of them.
    const elsewhere = await h.token(['charity_coordinator'], { level: 'district', code: '110106' });
    const theirs = await h.call<{ candidates: unknown[] }>('POST', '/v1/donors/duplicates', elsewhere, again);
    expect(theirs.body.candidates).toEqual([]);

    let all = '';
    for (const c of await h.svc.ctx.db.listCollections().toArray())
      all += JSON.stringify(await h.svc.ctx.db.collection(c.name).find({}).toArray());
    for (const clear of ['13800138000', '11010519491231002X']) expect(all).not.toContain(clear);

    await h.call('POST', `/v1/donors/${first.body.donorId}/erasure`, coordinator);
    await h.call('POST', `/v1/donors/${second.body.donorId}/erasure`, coordinator);
    const after = await h.call<{ candidates: unknown[] }>(
      'POST',
      '/v1/donors/duplicates',
      coordinator,
      again,
    );
    expect(after.body.candidates).toEqual([]);
  });

  it('names the bad field', async () => {
    const bad = await h.call('POST', '/v1/donors/duplicates', coordinator, { name: '张三丰', idNumber: 'x' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('body.idNumber');
  });
});
