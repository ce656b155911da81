/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- JSON answers */
import { BSON } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOWN_CANDIDATES } from './duplicateSearch.ts';
import { districtAdmin, startHarness, type Caller, type Harness } from '../testing/harness.ts';

let h: Harness;
const staff: Caller = { roles: ['community_staff'], level: 'community', code: '330102001001' };
const otherStaff: Caller = { ...staff, code: '330102002001' };
const streetAdmin: Caller = { roles: ['street_admin'], level: 'street', code: '330102001' };

const first = { name: '张三', phone: '13800001111', idNumber: '33010219500101123X', address: '文三路1号' };
/** The same resident, written the way another desk writes them: spaces, a lower-case x, +86. */
const second = {
  name: '张三',
  phone: '+86 138 0000 1111',
  idNumber: '330102 19500101 123x',
  address: '文三路1号',
};

const need = (people: unknown[], communityCode = '330102001001') => ({
  communityCode,
  category: 'elder_care',
  urgency: 'high',
  people,
  consent: { given: true, givenBy: 'self', at: '2026-11-01T00:00:00Z', scope: ['case_handling'] },
  description: '独居老人需要助餐',
});

async function report(people: unknown[], as: Caller = staff, communityCode?: string) {
  const r = await h.call('POST', '/v1/needs', { as, body: need(people, communityCode) });
  expect(r.status).toBe(201);
  // eslint-disable-next-line @typescript-eslint/no-unsafe-return -- a JSON answer
  return r.body;
}

interface Row {
  personId: string;
  level: string;
  matched: string[];
  events: { type: string }[];
}
const ids = (rows: Row[]) => rows.map((c) => c.personId);

/** Every document of every collection of the service's database, as text. */
async function everyDocument(): Promise<string> {
  const texts: string[] = [];
  for (const c of await h.db.listCollections().toArray()) {
    const docs = await h.db.collection(c.name).find({}).toArray();
    texts.push(`${c.name}: ${BSON.EJSON.stringify(docs)}`);
  }
  return texts.join('\n');
}

beforeAll(async () => {
  h = await startHarness('duplicates');
  const as = districtAdmin;
  await h.call('POST', '/v1/districts', { as, body: { code: '330102', name: '区' } });
  for (const s of ['330102001', '330102002']) {
    await h.call('POST', '/v1/streets', { as, body: { code: s, name: s, districtCode: '330102' } });
    await h.call('POST', '/v1/communities', { as, body: { code: `${s}001`, name: s, streetCode: s } });
  }
}, 60_000);
afterAll(async () => h?.close());

describe('duplicate residents, found blind', () => {
  let need1: Awaited<ReturnType<typeof report>>;
  let need2: Awaited<ReturnType<typeof report>>;

  it('shows the first person as "likely" to the second report of the same ID number and phone written differently', async () => {
    need1 = await report([first]);
    expect(need1.possibleDuplicates).toEqual([{ personId: need1.people[0].personId, candidates: [] }]);

    // Search-before-create: the desk asks first, with what it was told.
    const search = await h.call('POST', '/v1/people/duplicates', {
      as: staff,
      body: { people: [{ name: second.name, phone: second.phone, idNumber: second.idNumber }] },
    });
    expect(search.status).toBe(200);
    const likely = {
      personId: need1.people[0].personId,
      needId: need1.id,
      communityCode: '330102001001',
      level: 'likely',
      score: 120,
      matched: ['idNumber', 'phone', 'nameBirthDate'],
      conflicting: [],
      name: '张三',
    };
    expect(search.body.people).toEqual([{ index: 0, candidates: [likely] }]);

    need2 = await report([second]);
    expect(need2.possibleDuplicates).toEqual([{ personId: need2.people[0].personId, candidates: [likely] }]);
    // The ID number is stored in its one form (GB 11643).
    expect(need2.people[0].idNumber).toBe('33010219500101123X');
  });

  it('keeps no clear ID number or phone in any collection of the database (scanned)', async () => {
    const all = await everyDocument();
    expect(all).toContain('people_index');
    for (const clear of [
      first.idNumber,
      first.idNumber.toLowerCase(),
      second.idNumber,
      first.phone,
      second.phone,
      '138 0000 1111',
      '8613800001111',
    ])
      expect(all).not.toContain(clear);
  });

  it('offers a person only to callers who may see them', async () => {
    const body = { people: [{ name: second.name, phone: second.phone, idNumber: second.idNumber }] };
    const other = await h.call('POST', '/v1/people/duplicates', { as: otherStaff, body });
    expect(other.body.people).toEqual([{ index: 0, candidates: [] }]);
    const admin = await h.call('POST', '/v1/people/duplicates', { as: districtAdmin, body });
    expect(ids(admin.body.people[0].candidates).sort()).toEqual(
      [need1.people[0].personId, need2.people[0].personId].sort(),
    );
    // Another community's staff reporting the same resident is shown nothing of them.
    const theirs = await report([{ ...second, address: '别处' }], otherStaff, '330102002001');
    expect(theirs.possibleDuplicates[0].candidates).toEqual([]);
    expect((await h.call('GET', `/v1/people/${need1.people[0].personId}`, { as: otherStaff })).status).toBe(
      404,
    );
  });

  it('merges the second person into the first as an event, and an unmerge restores both exactly', async () => {
    const p1 = need1.people[0].personId;
    const p2 = need2.people[0].personId;
    const read = async () => ({
      need1: await h.call('GET', `/v1/needs/${need1.id}`, { as: staff }),
      need2: await h.call('GET', `/v1/needs/${need2.id}`, { as: staff }),
      p1: await h.call('GET', `/v1/people/${p1}`, { as: staff }),
      p2: await h.call('GET', `/v1/people/${p2}`, { as: staff }),
    });
    const before = await read();
    expect(before.p2.body).toMatchObject({
      personId: p2,
      mergedInto: null,
      mergedParts: [],
      needIds: [need2.id],
    });

    const merged = await h.call('POST', `/v1/people/${p2}/merge`, { as: staff, body: { into: p1 } });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      personId: p1,
      mergedParts: [{ personId: p2, needId: need2.id }],
      needIds: [need1.id, need2.id],
    });
    const during = await read();
    expect(during.need2.body.people[0]).toEqual({ ...before.need2.body.people[0], mergedInto: p1 });
    expect(during.p2.body.mergedInto).toBe(p1);
    // Merged people are not offered to each other again.
    const dup = await h.call('GET', `/v1/people/${p2}/duplicates`, { as: staff });
    expect(dup.body.candidates).toEqual([]);
    // A second merge of the same person into another is refused; the same merge again changes nothing.
    expect((await h.call('POST', `/v1/people/${p1}/merge`, { as: staff, body: { into: p2 } })).status).toBe(
      422,
    );
    const again = await h.call('POST', `/v1/people/${p2}/merge`, { as: staff, body: { into: p1 } });
    expect(again.body.mergedParts).toHaveLength(1);

    const history = await h.db
      .collection('es_commits')
      .find({ _id: { $regex: `^person-${p1}@` } } as never)
      .toArray();
    expect((history as unknown as Row[]).flatMap((c) => c.events.map((e) => e.type))).toEqual([
      'PeopleMerged',
    ]);

    const unmerged = await h.call('POST', `/v1/people/${p2}/unmerge`, { as: staff });
    expect(unmerged.status).toBe(200);
    const after = await read();
    expect(after.need1.body).toEqual(before.need1.body);
    expect(after.need2.body).toEqual(before.need2.body);
    expect(after.need1.etag).toBe(before.need1.etag);
    expect(after.p1.body).toEqual(before.p1.body);
    expect(after.p2.body).toEqual(before.p2.body);
    expect((await h.call('POST', `/v1/people/${p2}/unmerge`, { as: staff })).status).toBe(422);
    // Once apart they are offered again.
    const offered = await h.call('GET', `/v1/people/${p2}/duplicates`, { as: staff });
    expect(ids(offered.body.candidates)).toEqual([p1]);
  });

  it('records "not a duplicate", and that pair is not offered again', async () => {
    const namesake = await report([{ name: '章三', phone: '138-0000-1111', address: '文三路2号' }]);
    const p3 = namesake.people[0].personId;
    const offered = namesake.possibleDuplicates[0].candidates;
    expect((offered as Row[]).map((c) => [c.level, c.matched])).toEqual([
      ['possible', ['phone', 'name']],
      ['possible', ['phone', 'name']],
    ]);
    const p1 = need1.people[0].personId;
    const r = await h.call('POST', `/v1/people/${p3}/not-duplicate`, { as: staff, body: { of: p1 } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ personId: p3, otherId: p1, distinct: true });
    const left = await h.call('GET', `/v1/people/${p3}/duplicates`, { as: staff });
    expect(ids(left.body.candidates)).toEqual([need2.people[0].personId]);
    // Seen from the other side too.
    const fromP1 = await h.call('GET', `/v1/people/${p1}/duplicates`, { as: staff });
    expect(ids(fromP1.body.candidates)).not.toContain(p3);
  });

  it('names the bad field and refuses people the caller may not see', async () => {
    const p1 = need1.people[0].personId;
    const self = await h.call('POST', `/v1/people/${p1}/merge`, { as: staff, body: { into: p1 } });
    expect(self.status).toBe(400);
    expect(self.body.error.field).toBe('body.into');
    const bad = await h.call('POST', '/v1/people/duplicates', {
      as: staff,
      body: { people: [{ name: '张三', idNumber: '1234' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('body.people.0.idNumber');
    const badNeed = await h.call('POST', '/v1/needs', {
      as: staff,
      body: need([{ ...first, idNumber: '12 34' }]),
    });
    expect(badNeed.status).toBe(400);
    expect(badNeed.body.error.field).toBe('body.people.0.idNumber');
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (await h.call('POST', `/v1/people/${p1}/merge`, { as: staff, body: { into: unknown } })).status,
    ).toBe(404);
    expect(
      (
        await h.call('POST', `/v1/people/${p1}/merge`, {
          as: otherStaff,
          body: { into: need2.people[0].personId },
        })
      ).status,
    ).toBe(404);
    expect(
      (await h.call('POST', '/v1/people/duplicates', { as: { ...staff, roles: ['volunteer'] }, body: {} }))
        .status,
    ).toBe(403);
  });

  it('erases every merged part of a person, and their blind indexes with them', async () => {
    const a = await report([
      { name: '李四', phone: '13900002222', idNumber: '330102198001011234', address: '一号' },
    ]);
    const b = await report([
      { name: '李四', phone: '139 0000 2222', idNumber: '330102198001011234', address: '一号' },
    ]);
    const pa = a.people[0].personId;
    const pb = b.people[0].personId;
    expect(ids(b.possibleDuplicates[0].candidates)).toEqual([pa]);
    expect(
      (await h.call('POST', `/v1/people/${pb}/merge`, { as: streetAdmin, body: { into: pa } })).status,
    ).toBe(200);
    expect((await h.call('DELETE', `/v1/people/${pa}/personal-data`, { as: districtAdmin })).status).toBe(
      204,
    );
    for (const n of [a, b])
      expect((await h.call('GET', `/v1/needs/${n.id}`, { as: staff })).body.people[0]).toMatchObject({
        erased: true,
      });
    expect(await h.db.collection('people_index').findOne({ _id: `person:${pa}` } as never)).toBeNull();
    expect(await h.db.collection('people_index').findOne({ _id: `person:${pb}` } as never)).toBeNull();
    const search = await h.call('POST', '/v1/people/duplicates', {
      as: districtAdmin,
      body: { people: [{ name: '李四', phone: '13900002222', idNumber: '330102198001011234' }] },
    });
    expect(search.body.people[0].candidates).toEqual([]);
  });

  it('shows at most the ten best candidates of a phone many residents gave, the best first', async () => {
    const shared = '13700003333';
    const ofPhone = (i: number) => ({ name: `王${i}`, phone: shared, address: `${i}号` });
    for (let i = 0; i < SHOWN_CANDIDATES + 2; i++) await report([ofPhone(i)]);
    // The twelfth's own ID number also matches the newest: that one is ranked first.
    const withId = await report([{ ...ofPhone(99), idNumber: '330102199001011235' }]);
    const again = await report([{ ...ofPhone(100), idNumber: '330102199001011235' }]);
    const candidates = again.possibleDuplicates[0].candidates as Row[];
    expect(candidates).toHaveLength(SHOWN_CANDIDATES);
    expect(candidates[0]).toMatchObject({ personId: withId.people[0].personId, level: 'likely' });
    expect(candidates.slice(1).every((c) => c.level === 'possible')).toBe(true);
  });
});
