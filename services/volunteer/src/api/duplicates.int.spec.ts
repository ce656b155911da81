import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profile, startVolunteerService } from '../testing/harness.ts';

let h: Awaited<ReturnType<typeof startVolunteerService>>;
beforeAll(async () => {
  h = await startVolunteerService();
});
afterAll(async () => h.close());

/** A valid ID number born on the given day (GB 11643 check character). */
function idBorn(birth: string, seq: string): string {
  const body = `110105${birth}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, x, i) => s + x * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11]!;
}

interface Candidate {
  volunteerId: string;
  level: string;
  matched: string[];
  conflicting: string[];
  name: string;
}

describe('duplicate volunteers, found blind', () => {
  it('offers a volunteer registered before with the same phone, name and birth date (one ID digit mistyped)', async () => {
    const first = await h.call('POST', '/v1/volunteers', h.staff, {
      name: '王五',
      phone: '13711112222',
      idNumber: idBorn('19700304', '123'),
      ...profile,
    });
    expect(first.status).toBe(201);
    expect(first.body.possibleDuplicates).toEqual([]);

    const person = { name: '王五', phone: '+86 137-1111-2222', idNumber: idBorn('19700304', '124') };
    const search = await h.call('POST', '/v1/volunteers/duplicates', h.staff, person);
    expect(search.status).toBe(200);
    const expected = {
      volunteerId: first.body.id,
      communityCode: 'c1',
      level: 'possible',
      score: 40,
      matched: ['phone', 'nameBirthDate'],
      conflicting: ['idNumber'],
      name: '王五',
    };
    expect(search.body.candidates).toEqual([expected]);

    const second = await h.call('POST', '/v1/volunteers', h.staff, { ...person, ...profile });
    expect(second.status).toBe(201);
    expect(second.body.possibleDuplicates).toEqual([expected]);

    // Only to callers who may see that volunteer.
    const other = await h.token('staff-2', ['community_staff'], 'community', 'c2');
    expect((await h.call('POST', '/v1/volunteers/duplicates', other, person)).body.candidates).toEqual([]);

    // No clear phone or ID number in any collection.
    let all = '';
    for (const c of await h.db.listCollections().toArray())
      all += JSON.stringify(await h.db.collection(c.name).find({}).toArray());
    expect(all).toContain('bi:phone:');
    for (const clear of ['13711112222', idBorn('19700304', '123'), idBorn('19700304', '124')])
      expect(all).not.toContain(clear);
  });

  it('follows a changed phone, and forgets an erased volunteer', async () => {
    const id = (
      await h.call('POST', '/v1/volunteers', h.staff, {
        name: '赵六',
        phone: '13622223333',
        idNumber: idBorn('19800506', '321'),
        ...profile,
      })
    ).body.id as string;
    const ask = (phone: string) =>
      h.call('POST', '/v1/volunteers/duplicates', h.staff, {
        name: '赵六',
        phone,
        idNumber: idBorn('19800506', '321'),
      });
    const ids = async (phone: string) =>
      ((await ask(phone)).body.candidates as Candidate[]).map((c) => [c.volunteerId, c.matched]);
    expect(await ids('13622223333')).toEqual([[id, ['idNumber', 'phone', 'nameBirthDate']]]);
    const patched = await h.call('PATCH', `/v1/volunteers/${id}`, h.staff, { phone: '13699998888' });
    expect(patched.status).toBe(200);
    expect(await ids('13699998888')).toEqual([[id, ['idNumber', 'phone', 'nameBirthDate']]]);
    expect(await ids('13622223333')).toEqual([[id, ['idNumber', 'nameBirthDate']]]);
    expect((await h.call('DELETE', `/v1/volunteers/${id}/personal-data`, h.staff)).status).toBe(200);
    expect(await ids('13699998888')).toEqual([]);
  });

  it('names the bad field and refuses roles that do not register volunteers', async () => {
    const bad = await h.call('POST', '/v1/volunteers/duplicates', h.staff, { name: '王五', idNumber: '123' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('body.idNumber');
    const org = await h.token('org-1', ['organization']);
    expect((await h.call('POST', '/v1/volunteers/duplicates', org, { name: '王五' })).status).toBe(403);
  });
});
