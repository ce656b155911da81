import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { place, profile, residentId, startVolunteerService } from '../testing/harness.ts';

let h: Awaited<ReturnType<typeof startVolunteerService>>;
beforeAll(async () => {
  h = await startVolunteerService();
});
afterAll(async () => h.close());

const body = (idNumber = residentId()) => ({ name: '李四', phone: '13900000000', idNumber, ...profile });

describe('volunteer registration by real name', () => {
  it('registers, seals name, phone and ID number, and lets the volunteer read their own profile', async () => {
    const idNumber = residentId();
    const r = await h.call('POST', '/v1/volunteers', h.staff, body(idNumber));
    expect(r.status).toBe(201);
    expect(r.headers.get('etag')).toBe('"1"');
    const id = r.body.id as string;
    const stored = JSON.stringify(await h.db.collection('es_commits').find({}).toArray());
    expect(stored).not.toContain(idNumber);
    expect(stored).not.toContain('李四');
    expect(stored).not.toContain('13900000000');
    const self = await h.call('GET', `/v1/volunteers/${id}`, await h.token(id, ['volunteer']));
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ name: '李四', phone: '13900000000', skills: profile.skills, place });
    expect(self.body.idNumber).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
  });

  it('refuses a missing token (401), a role that does not register (403) and another volunteer reading (403)', async () => {
    expect((await h.call('POST', '/v1/volunteers', undefined, body())).status).toBe(401);
    expect(
      (await h.call('POST', '/v1/volunteers', await h.token('org-1', ['organization']), body())).status,
    ).toBe(403);
    const id = await h.register();
    expect(
      (await h.call('GET', `/v1/volunteers/${id}`, await h.token('v-other', ['volunteer']))).status,
    ).toBe(403);
  });

  it('keeps staff to their scope: registering or reading outside it is refused', async () => {
    const other = await h.token('staff-2', ['community_staff'], 'community', 'c2');
    expect((await h.call('POST', '/v1/volunteers', other, body())).status).toBe(403);
    const id = await h.register();
    expect((await h.call('GET', `/v1/volunteers/${id}`, other)).status).toBe(403);
    const street = await h.token('street-1', ['street_admin'], 'street', 's1');
    expect((await h.call('GET', `/v1/volunteers/${id}`, street)).status).toBe(200);
  });

  it('names the field of a bad ID number, a bad skill and an unknown field', async () => {
    const r = await h.call('POST', '/v1/volunteers', h.staff, { ...body(), idNumber: '110105194912310021' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('body.idNumber');
    expect(r.text).not.toContain('110105194912310021');
    const skill = await h.call('POST', '/v1/volunteers', h.staff, { ...body(), skills: ['cooking'] });
    expect(JSON.stringify(skill.body)).toContain('body.skills');
    const unknown = await h.call('POST', '/v1/volunteers', h.staff, { ...body(), nickname: 'x' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('nickname');
  });

  it('registers one ID number once, and frees it when the person is erased', async () => {
    const idNumber = residentId();
    const first = await h.call('POST', '/v1/volunteers', h.staff, body(idNumber));
    expect(first.status).toBe(201);
    const again = await h.call('POST', '/v1/volunteers', h.staff, body(idNumber));
    expect(again.status).toBe(409);
    expect(again.text).not.toContain(idNumber);
    const id = first.body.id as string;
    expect((await h.call('DELETE', `/v1/volunteers/${id}/personal-data`, h.staff)).status).toBe(200);
    const erased = await h.call('GET', `/v1/volunteers/${id}`, h.staff);
    expect(erased.body.status).toBe('erased');
    expect(erased.body.name).toBeUndefined();
    expect((await h.call('POST', '/v1/volunteers', h.staff, body(idNumber))).status).toBe(201);
  });

  it('updates with If-Match (stale → 409) and answers a repeated Idempotency-Key once', async () => {
    const id = await h.register();
    const stale = await h.call(
      'PATCH',
      `/v1/volunteers/${id}`,
      h.staff,
      { serviceRadiusKm: 5 },
      { 'if-match': '"7"' },
    );
    expect(stale.status).toBe(409);
    const key = { 'idempotency-key': `upd-${id}` };
    const first = await h.call(
      'PATCH',
      `/v1/volunteers/${id}`,
      h.staff,
      { serviceRadiusKm: 5, name: '李四四' },
      { ...key, 'if-match': '"1"' },
    );
    expect(first.status).toBe(200);
    const repeat = await h.call(
      'PATCH',
      `/v1/volunteers/${id}`,
      h.staff,
      { serviceRadiusKm: 5, name: '李四四' },
      key,
    );
    expect(repeat.body).toEqual(first.body);
    expect(await h.db.collection('es_commits').countDocuments({ streamId: `volunteer-${id}` })).toBe(2);
    const read = await h.call('GET', `/v1/volunteers/${id}`, h.staff);
    expect(read.body).toMatchObject({ serviceRadiusKm: 5, name: '李四四', version: 2 });
  });
});
