/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument -- JSON answers */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAL_DATA_ACCESS } from '@fivesoc/service-kit';
import { readExport } from '@fivesoc/test-support';
import { districtAdmin, eventually, startHarness, type Caller, type Harness } from '../testing/harness.ts';

let h: Harness;
const staff: Caller = { roles: ['community_staff'], level: 'community', code: '330102001001' };
const streetAdmin = (code: string): Caller => ({ roles: ['street_admin'], level: 'street', code });
const consent = { given: true, givenBy: 'self', at: '2026-11-01T00:00:00Z', scope: ['statistics'] };
const ids: string[] = [];
const person = { name: '陈阿婆', phone: '13900000001', address: '一号楼' };

const download = async (as: Caller, query = '') => {
  const res = await fetch(`${h.svc.url}/v1/exports/needs?${query}`, {
    headers: { authorization: `Bearer ${await h.token(as)}` },
  });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
};

beforeAll(async () => {
  h = await startHarness('needexport');
  const as = districtAdmin;
  await h.call('POST', '/v1/districts', { as, body: { code: '330102', name: '区' } });
  for (const s of ['330102001', '330102002']) {
    await h.call('POST', '/v1/streets', { as, body: { code: s, name: s, districtCode: '330102' } });
    await h.call('POST', '/v1/communities', { as, body: { code: `${s}001`, name: s, streetCode: s } });
  }
  const report = async (communityCode: string, people: unknown[]) => {
    const body = {
      communityCode,
      category: 'elder_care',
      urgency: 'high',
      people,
      consent,
      description: 'd',
    };
    ids.push((await h.call('POST', '/v1/needs', { as, body })).body.id);
  };
  await report('330102001001', [person]);
  await report('330102002001', []);
  await eventually(async () => expect(await h.db.collection('needs').countDocuments()).toBe(2));
}, 60_000);
afterAll(async () => h?.close());

describe('the needs export', () => {
  it('answers an XLSX with zh-CN headers and the rows of the caller’s street only', async () => {
    const { res, body } = await download(streetAdmin('330102001'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /filename\*=UTF-8''needs-\d{4}-\d{2}-\d{2}\.xlsx$/,
    );
    const [head, ...rows] = await readExport(body, 'xlsx');
    expect(head).toEqual([
      '需求编号',
      '状态',
      '需求类别',
      '紧急程度',
      '区',
      '街道',
      '社区',
      '涉及人数',
      '上报时间',
      '更新时间',
    ]);
    expect(rows.map((r) => r.slice(0, 8))).toEqual([
      [ids[0], '已上报', '养老服务', '高', '330102', '330102001', '330102001001', '1'],
    ]);
    const other = await readExport((await download(streetAdmin('330102002'), 'format=csv')).body, 'csv');
    expect(other.map((r) => r[0])).toEqual(['需求编号', ids[1]]);
  });

  it('adds the people for a street office, logs each person, and refuses them to community staff', async () => {
    const plain = await download(staff, 'format=csv');
    expect(plain.body.toString()).not.toContain(person.name);
    const refused = await download(staff, 'personal=true');
    expect(refused.res.status).toBe(403);
    expect(JSON.parse(refused.body.toString()).error.field).toBe('query.personal');

    const { body } = await download(streetAdmin('330102001'), 'format=csv&lang=en-US&personal=true');
    const [head, row] = await readExport(body, 'csv');
    expect(head!.slice(8, 10)).toEqual(['Names', 'Phones']);
    // In en-US the codes, as the API answers them.
    expect(row!.slice(1, 4)).toEqual(['reported', 'elder_care', 'high']);
    expect(row!.slice(8, 10)).toEqual([person.name, person.phone]);
    const log = await h.db.collection(PERSONAL_DATA_ACCESS).find({ purpose: 'export' }).toArray();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ command: 'GET /v1/exports/needs', streetCode: '330102001' });
  });

  it('refuses a role without the export, and names a bad format', async () => {
    const worker: Caller = { roles: ['social_worker'], level: 'district', code: '330102' };
    expect((await download(worker)).res.status).toBe(403);
    const bad = await download(districtAdmin, 'format=docx');
    expect(bad.res.status).toBe(400);
    expect(JSON.parse(bad.body.toString()).error.field).toBe('query.format');
  });
});
