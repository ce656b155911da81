/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- JSON answers */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtAdmin, startHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
const ndjson = (records: unknown[]) =>
  records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');
const upload = (path: string, body: string) =>
  h.call('POST', path, { as: districtAdmin, raw: body, contentType: 'application/x-ndjson' });

const tree = ndjson([
  { id: 't1', level: 'district', code: '330102', name: '区' },
  { id: 't2', level: 'street', code: '330102001', name: '街', parentCode: '330102' },
  '{not json',
  { id: 't3', level: 'community', code: '330102002001', name: '错', parentCode: '330102001' },
  { id: 't4', level: 'community', code: '330102001001', name: '社', parentCode: '330102001' },
  { id: 't5', level: 'community', code: '330102001001', name: '重', parentCode: '330102001' },
]);

beforeAll(async () => {
  h = await startHarness('imports');
}, 60_000);
afterAll(async () => h?.close());

describe('bulk import as NDJSON', () => {
  it('imports the tree line by line; bad lines are reported and never stop the rest', async () => {
    const r = await upload('/v1/imports/tree', tree);
    expect(r.status).toBe(200);
    expect(r.body.map((x: { status: string }) => x.status)).toEqual([
      'accepted',
      'accepted',
      'rejected',
      'rejected',
      'accepted',
      'rejected',
    ]);
    expect(r.body[2]).toMatchObject({ line: 3, id: null });
    expect(r.body[3].reason).toMatch(/starts with/);
    expect(r.body[5].reason).toMatch(/already exists/);
  });

  it('changes nothing on a re-upload: every accepted record comes back as duplicate', async () => {
    const r = await upload('/v1/imports/tree', tree);
    expect(r.body.map((x: { status: string }) => x.status)).toEqual([
      'duplicate',
      'duplicate',
      'rejected',
      'rejected',
      'duplicate',
      'rejected',
    ]);
    expect((await h.call('GET', '/v1/units/330102001001', { as: districtAdmin })).etag).toBe('"1"');
  });

  it('imports needs with the record id as the need id, idempotently', async () => {
    const need = {
      communityCode: '330102001001',
      category: 'health',
      urgency: 'normal',
      people: [{ name: '李四', phone: '13900002222', address: '一号楼' }],
      consent: { given: true, givenBy: 'guardian', at: '2026-11-01T00:00:00Z', scope: ['needs_assessment'] },
      description: '需要上门体检',
    };
    const body = ndjson([{ id: 'n-1', ...need }, { id: 'n-2', ...need, urgency: 'someday' }, { ...need }]);
    const first = await upload('/v1/imports/needs', body);
    expect(first.body).toEqual([
      { line: 1, id: 'n-1', status: 'accepted' },
      { line: 2, id: 'n-2', status: 'rejected', reason: expect.stringMatching(/^urgency/) },
      { line: 3, id: null, status: 'rejected', reason: expect.stringMatching(/^id/) },
    ]);
    expect((await upload('/v1/imports/needs', body)).body[0].status).toBe('duplicate');
    const read = await h.call('GET', '/v1/needs/n-1', { as: districtAdmin });
    expect(read.body.people[0].name).toBe('李四');
    expect(read.etag).toBe('"1"');
  });

  it('refuses a JSON body (400) and other roles (403)', async () => {
    expect((await h.call('POST', '/v1/imports/tree', { as: districtAdmin, body: [] })).status).toBe(400);
    const staff = { roles: ['community_staff' as const], level: 'community' as const, code: '330102001001' };
    expect(
      (
        await h.call('POST', '/v1/imports/tree', {
          as: staff,
          raw: tree,
          contentType: 'application/x-ndjson',
        })
      ).status,
    ).toBe(403);
  });
});
