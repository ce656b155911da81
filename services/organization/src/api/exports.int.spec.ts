import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExport } from '@fivesoc/test-support';
import { organizationsCollection, type OrganizationRow } from '../projections/organizations.ts';
import { PLACE, startHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
/** Rows as the projection writes them (registration and the rules are covered by their own specs). */
const row = (id: string, extra: Partial<OrganizationRow>): OrganizationRow => ({
  _id: id,
  name: `组织${id}`,
  field: 'elder_care',
  kind: 'service',
  hub: false,
  registration: 'registered',
  activity: 'normal',
  creditStanding: 'clean',
  seriousViolation: false,
  rating: null,
  eligible: false,
  eligibilityChecks: [],
  ...PLACE,
  ...extra,
});

const download = async (query: string, token: string) => {
  const r = await h.svc.app.inject({
    method: 'GET',
    url: `/v1/exports/organizations?${query}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: r.statusCode, headers: r.headers, body: r.rawPayload };
};

beforeAll(async () => {
  h = await startHarness();
  await organizationsCollection(h.db).insertMany([
    row('o-1', { rating: '4A', eligible: true }),
    row('o-2', { activity: 'zombie', name: '=1+2' }),
    row('o-3', { streetCode: '110105002', communityCode: '110105002001' }),
  ]);
});
afterAll(async () => h.close());

describe('the organizations export', () => {
  it('answers an XLSX of the street with rating and standing under zh-CN headers', async () => {
    const street = await h.token('s-1', 'street_admin', 'street', PLACE.streetCode);
    const r = await download('', street);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const [head, ...rows] = await readExport(r.body, 'xlsx');
    expect(head!.slice(0, 2)).toEqual(['组织编号', '名称']);
    expect(head).toEqual(expect.arrayContaining(['评估等级', '活动状态', '诚信状况']));
    const at = (k: string) => head!.indexOf(k);
    expect(rows.map((o) => [o[0], o[at('评估等级')], o[at('活动状态')], o[at('承接目录资格')]])).toEqual([
      ['o-1', '4A', '正常', '是'],
      ['o-2', '', '僵尸型', '否'],
    ]);
    const other = await h.token('s-2', 'street_admin', 'street', '110105002');
    const theirs = await readExport((await download('format=csv', other)).body, 'csv');
    expect(theirs.map((o) => o[0])).toEqual(['组织编号', 'o-3']);
  });

  it('filters by standing, defuses a formula in CSV, and speaks English on asking', async () => {
    const admin = await h.token('d-1', 'district_admin');
    const r = await download('format=csv&lang=en-US&activity=zombie', admin);
    const table = await readExport(r.body, 'csv');
    expect(table[0]!.slice(0, 2)).toEqual(['Organization ID', 'Name']);
    expect(table.slice(1).map((o) => o.slice(0, 2))).toEqual([['o-2', "'=1+2"]]);
    // In en-US the codes, as the API answers them.
    const at = (h: string) => table[0]!.indexOf(h);
    expect([table[1]![at('Standing')], table[1]![at('Eligible for the catalogue')]]).toEqual([
      'zombie',
      'no',
    ]);
  });

  it('refuses a role without the export, and names a bad format', async () => {
    expect((await download('', await h.token('e-1', 'evaluator'))).status).toBe(403);
    const bad = await download('format=txt', await h.token('d-1', 'district_admin'));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString())).toMatchObject({ error: { field: 'query.format' } });
  });
});
