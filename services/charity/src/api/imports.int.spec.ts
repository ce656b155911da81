import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterpriseDonor, personDonor } from '../testing/fixtures.ts';
import { DISTRICT, STREET, startHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
let coordinator: string;
const file = [
  // The registry's spelling: spaces in the ID number, a lower-case x, a phone with +86 and spaces.
  {
    ...personDonor,
    person: { ...personDonor.person, idNumber: '110105 19491231 002x', phone: '+86 138 0013 8000' },
  },
  enterpriseDonor,
  {
    kind: 'charity_organization',
    name: '街道慈善会',
    registryId: 'CS-007',
    districtCode: DISTRICT,
    streetCode: STREET,
  },
  { ...personDonor, person: { ...personDonor.person, idNumber: '1101051949123100' } },
  { ...enterpriseDonor, creditCode: '91110105MA01ABCD27' },
  { kind: 'charity_organization', name: '无编号慈善会', districtCode: DISTRICT },
  { ...enterpriseDonor, kind: 'foundation' },
  { ...enterpriseDonor, creditCode: '91110105MA01ABCE30', districtCode: '110106' },
]
  .map((o) => JSON.stringify(o))
  .join('\n');

const upload = async (token: string) => {
  const res = await h.svc.app.inject({
    method: 'POST',
    url: '/v1/imports/donors',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    payload: file,
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
};
const commits = () => h.svc.ctx.db.collection('es_commits').countDocuments();

beforeAll(async () => {
  h = await startHarness('charity-import');
  coordinator = await h.token(['charity_coordinator']);
});
afterAll(async () => h.close());

describe('migration import of donors', () => {
  it('imports people, enterprises and organizations, reporting each refused line with its field', async () => {
    const r = await upload(coordinator);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 3, duplicate: 0, rejected: 5 });
    const lines = r.body.lines as { line: number; id: string | null; status: string; field?: string }[];
    expect(lines.map((l) => [l.line, l.status, l.field])).toEqual([
      [1, 'accepted', undefined],
      [2, 'accepted', undefined],
      [3, 'accepted', undefined],
      [4, 'rejected', 'person.idNumber'],
      [5, 'rejected', 'creditCode'],
      [6, 'rejected', 'registryId'],
      [7, 'rejected', 'kind'],
      [8, 'rejected', undefined],
    ]);
    expect(lines[0]!.id).toMatch(/^d-[0-9a-f]{32}$/);
    expect(lines.slice(1, 3).map((l) => l.id)).toEqual([`d-${enterpriseDonor.creditCode}`, 'd-r-CS-007']);
    const donor = await h.call<{ person: unknown }>('GET', `/v1/donors/${lines[0]!.id}`, coordinator);
    expect(donor.body.person).toEqual({ ...personDonor.person, phone: '+8613800138000' });
    const stored = JSON.stringify(await h.svc.ctx.db.collection('es_commits').find({}).toArray());
    expect(stored).not.toContain('11010519491231002X');
    expect(stored).not.toContain('13800138000');
    expect(stored).toContain('"source":"migration"');
  });

  it('changes nothing when the same file is uploaded again', async () => {
    const before = await commits();
    const r = await upload(coordinator);
    expect(r.body).toMatchObject({ accepted: 0, duplicate: 3, rejected: 5 });
    expect(await commits()).toBe(before);
  });

  it('lets only charity coordinators and district admins import', async () => {
    expect((await upload(await h.token(['community_staff']))).status).toBe(403);
  });
});
