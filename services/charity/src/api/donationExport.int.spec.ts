import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExport } from '@fivesoc/test-support';
import { STREET, startHarness, until, type Harness } from '../testing/harness.ts';
import { receivedDonation, target } from '../testing/fixtures.ts';

let h: Harness;
let coordinator: string;
const ids: string[] = [];
let entryId = '';

const download = async (query: string, token = coordinator) => {
  const res = await fetch(`${h.svc.url}/v1/exports/donations?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
};

beforeAll(async () => {
  h = await startHarness('charity-export');
  coordinator = await h.token(['charity_coordinator']);
  for (const fen of [1000, 2500]) ids.push((await receivedDonation(h, coordinator, fen)).donationId);
  const reserved = await h.call<{ entryId: string }>(
    'POST',
    `/v1/donations/${ids[1]}/reservations`,
    coordinator,
    { quantity: 400, target: target() },
  );
  if (reserved.status !== 201) throw new Error(`reservation: ${reserved.status}`);
  entryId = reserved.body.entryId;
  await until('both donations received and one reserved in the list', async () => {
    const r = await h.call<{ items: { received: number; reserved: number }[] }>(
      'GET',
      '/v1/donations',
      coordinator,
    );
    const items = r.body.items;
    return items.filter((d) => d.received > 0).length === 2 && items.some((d) => d.reserved === 400);
  });
});
afterAll(async () => h.close());

describe('the donations export', () => {
  it('answers an XLSX with zh-CN headers and each donation’s ledger', async () => {
    const { res, body } = await download('');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /filename\*=UTF-8''donations-\d{4}-\d{2}-\d{2}\.xlsx$/,
    );
    const [head, ...rows] = await readExport(body, 'xlsx');
    expect(head!.slice(0, 2)).toEqual(['捐赠编号', '捐赠方编号']);
    const at = (k: string) => head!.indexOf(k);
    const figures = rows.map((d) => [d[0], d[at('已到账')], d[at('已预留')], d[at('可用')]]);
    expect(figures.sort()).toEqual(
      [
        [ids[0], '1000', '0', '1000'],
        [ids[1], '2500', '400', '2100'],
      ].sort(),
    );
    // Kinds and measures as words in zh-CN.
    expect([rows[0]![at('捐赠类型')], rows[0]![at('计量单位')]]).toEqual(['资金', '分（人民币）']);
    // The second sheet, 台账: one row per ledger entry, from the donation's stream.
    const [entryHead, ...entries] = await readExport(body, 'xlsx', '台账');
    expect(entryHead!.slice(0, 5)).toEqual(['捐赠编号', '台账条目编号', '状态', '数量', '计量单位']);
    expect(entries.map((e) => e.slice(0, 5))).toEqual([[ids[1], entryId, '已预留', '400', '分（人民币）']]);
    expect(entries[0]![7]).toBe('养老服务');
  });

  it('keeps to the caller’s street, in English on asking', async () => {
    const same = await h.token(['street_admin'], { level: 'street', code: STREET });
    const table = await readExport((await download('format=csv&lang=en-US', same)).body, 'csv');
    expect(table[0]!.slice(0, 2)).toEqual(['Donation ID', 'Donor ID']);
    expect(table).toHaveLength(3);
    const at = (k: string) => table[0]!.indexOf(k);
    expect([table[1]![at('Kind')], table[1]![at('Measure')]]).toEqual(['money', 'fen']);
    const other = await h.token(['street_admin'], { level: 'street', code: '110105002' });
    expect(await readExport((await download('format=csv', other)).body, 'csv')).toHaveLength(1);
  });

  it('refuses a role without the export, and names a bad format', async () => {
    expect((await download('', await h.token(['ops']))).res.status).toBe(403);
    const bad = await download('format=json');
    expect(bad.res.status).toBe(400);
    expect(JSON.parse(bad.body.toString())).toMatchObject({ error: { field: 'query.format' } });
  });
});
