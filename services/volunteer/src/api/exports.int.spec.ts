import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExport } from '@fivesoc/test-support';
import { PERSONAL_DATA_ACCESS } from '@fivesoc/service-kit';
import { place, profile, residentId, startVolunteerService, until } from '../testing/harness.ts';

let h: Awaited<ReturnType<typeof startVolunteerService>>;
let street: string;
let veteran: string;
let newcomer: string;

const download = async (query: string, token = street) => {
  const res = await fetch(`${h.svc.url}/v1/exports/volunteers?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
};

beforeAll(async () => {
  h = await startVolunteerService();
  street = await h.token('street-1', ['street_admin'], 'street', 's1');
  const admin = await h.token('admin-1', ['district_admin'], 'district', 'd1');
  // A volunteer migrated with 650.5 confirmed hours (3 stars), one registered now, one of another street.
  const line = JSON.stringify({
    name: '王五',
    phone: '13700000000',
    idNumber: residentId(),
    ...profile,
    confirmedHours: 650.5,
    hoursAsOf: '2026-06-30',
  });
  const res = await fetch(`${h.svc.url}/v1/imports/volunteers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/x-ndjson' },
    body: line,
  });
  veteran = ((await res.json()) as { lines: { id: string }[] }).lines[0]!.id;
  newcomer = await h.register({ name: '=CMD|calc', phone: '13800000001' });
  const other = await h.call('POST', '/v1/volunteers', admin, {
    name: '李四',
    phone: '13800000002',
    idNumber: residentId(),
    ...profile,
    place: { ...place, streetCode: 's2', communityCode: 'c9' },
  });
  expect(other.status).toBe(201);
  await until('three volunteers listed', async () =>
    (await h.db.collection('volunteer_list').countDocuments()) === 3 ? true : undefined,
  );
});
afterAll(async () => h.close());

describe('the volunteers export', () => {
  it('streams an XLSX with zh-CN headers, confirmed hours and stars, inside the caller’s street', async () => {
    const { res, body } = await download('');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="volunteers-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''volunteers-/,
    );
    const [head, ...rows] = await readExport(body, 'xlsx');
    expect(head).toEqual([
      '志愿者编号',
      '区',
      '街道',
      '社区',
      '技能',
      '语言',
      '可服务日（周）',
      '注册时间',
      '志愿服务时长（已确认，小时）',
      '待确认时长（小时）',
      '星级',
    ]);
    const byId = new Map(rows.map((r) => [r[0], r]));
    expect([...byId.keys()].sort()).toEqual([veteran, newcomer].sort());
    expect(byId.get(veteran)!.slice(8)).toEqual(['650.5', '0', '3 星']);
    expect(byId.get(newcomer)!.slice(1, 4)).toEqual(['d1', 's1', 'c1']);
    // Skills and weekdays as words in zh-CN.
    expect(byId.get(newcomer)!.slice(4, 7)).toEqual(['养老照护、信息技术', 'zh、en', '周六']);
  });

  it('writes CSV in English on asking, and an admin of another street gets none of these rows', async () => {
    const { res, body } = await download('format=csv&lang=en-US');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const table = await readExport(body, 'csv');
    expect(table[0]!.slice(0, 2)).toEqual(['Volunteer ID', 'District']);
    expect(table).toHaveLength(3);
    // In en-US the codes, as the API answers them.
    expect(table.find((r) => r[0] === newcomer)!.slice(4, 7)).toEqual([
      'elder_care, it_support',
      'zh, en',
      '6',
    ]);
    const other = await h.token('street-2', ['street_admin'], 'street', 's2');
    const theirs = await readExport((await download('format=csv', other)).body, 'csv');
    expect(theirs).toHaveLength(2);
    expect(theirs.flat()).not.toContain(veteran);
  });

  it('puts names and phones in only for a street or district office, and logs every one of them', async () => {
    const staff = await h.token('staff-1', ['community_staff']);
    const plain = await readExport((await download('format=csv', staff)).body, 'csv');
    expect(plain[0]).not.toContain('姓名');
    expect(JSON.stringify(plain)).not.toMatch(/王五|13700000000/);
    const refused = await download('personal=true', staff);
    expect(refused.res.status).toBe(403);
    expect(JSON.parse(refused.body.toString())).toMatchObject({ error: { field: 'query.personal' } });

    const { body } = await download('format=csv&personal=true');
    const [head, ...rows] = await readExport(body, 'csv');
    expect(head!.slice(0, 3)).toEqual(['志愿者编号', '姓名', '联系电话']);
    const byId = new Map(rows.map((r) => [r[0], r]));
    expect(byId.get(veteran)!.slice(1, 3)).toEqual(['王五', '13700000000']);
    // A name that reads as a formula is written as text.
    expect(byId.get(newcomer)![1]).toBe("'=CMD|calc");
    const log = await h.db
      .collection<{ personId: string }>(PERSONAL_DATA_ACCESS)
      .find({ purpose: 'export', reader: 'street-1' })
      .toArray();
    expect(log.map((e) => e.personId).sort()).toEqual([veteran, newcomer].sort());
    expect(log[0]).toMatchObject({ command: 'GET /v1/exports/volunteers', streetCode: 's1' });
  });

  it('refuses a role without the export, and names a bad format', async () => {
    const worker = await h.token('w-1', ['social_worker']);
    expect((await download('', worker)).res.status).toBe(403);
    const bad = await download('format=pdf');
    expect(bad.res.status).toBe(400);
    expect(JSON.parse(bad.body.toString())).toMatchObject({ error: { field: 'query.format' } });
  });
});
