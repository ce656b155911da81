import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT, STREET, registration, startHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
let admin: string;
const { workerId: _id, ...first } = registration({ phone: '+86 139 0000 0000' });
const taken = registration();
const { workerId: _t, ...takenLine } = taken;
const talent = { recordId: 'cert-2019', kind: 'certification', from: '2019-06-01', organization: '民政部' };
const file = [
  { ...first, talentRecords: [talent] },
  { ...registration(), workerId: undefined, certificateNumber: 'zj-12' },
  { ...registration(), workerId: undefined, coveredCommunityCodes: ['330102002001'] },
  { ...registration(), workerId: undefined, maxCaseload: 0 },
  takenLine,
  {
    ...registration(),
    workerId: undefined,
    districtCode: '330106',
    streetCode: '330106001',
    stationCode: '330106001-1',
    coveredCommunityCodes: ['330106001001'],
  },
]
  .map((o) => JSON.stringify(o))
  .join('\n');

const upload = async (token: string) => {
  const res = await h.svc.app.inject({
    method: 'POST',
    url: '/v1/imports/workers',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    payload: file,
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
};
const commits = () => h.svc.ctx.db.collection('es_commits').countDocuments();

beforeAll(async () => {
  h = await startHarness();
  admin = await h.token(['district_admin'], { level: 'district', code: DISTRICT });
  // Already registered here: the registry's copy of this worker must not make a second one.
  expect((await h.call('POST', '/v1/workers', admin, taken)).statusCode).toBe(201);
});
afterAll(async () => h.close());

describe('migration import of social workers', () => {
  it('imports the good lines and reports each refused line with its field', async () => {
    const r = await upload(admin);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 1, duplicate: 0, rejected: 5 });
    const lines = r.body.lines as {
      line: number;
      id: string | null;
      status: string;
      field?: string;
      reason?: string;
    }[];
    expect(lines.map((l) => [l.line, l.status, l.field])).toEqual([
      [1, 'accepted', undefined],
      [2, 'rejected', 'certificateNumber'],
      [3, 'rejected', 'coveredCommunityCodes.0'],
      [4, 'rejected', 'maxCaseload'],
      [5, 'rejected', undefined],
      [6, 'rejected', undefined],
    ]);
    expect(lines[4]!.reason).toContain('already exists');
    expect(lines[0]!.id).toBe(`sw-${first.certificateNumber}`);
    const worker = await h.call('GET', `/v1/workers/${lines[0]!.id}`, admin);
    expect(worker.json()).toMatchObject({
      name: '张三',
      phone: '+8613900000000',
      status: 'active',
      talentRecords: [expect.objectContaining({ kind: 'certification', from: '2019-06-01' })],
    });
    const history = await h.call('GET', `/v1/workers/${lines[0]!.id}/history`, admin);
    expect(history.json<{ entries: unknown[] }>().entries).toEqual([
      expect.objectContaining({ type: 'WorkerRegistered', source: 'migration' }),
      expect.objectContaining({ type: 'TalentRecordAdded', source: 'migration' }),
    ]);
  });

  it('changes nothing when the same file is uploaded again', async () => {
    const before = await commits();
    const r = await upload(admin);
    expect(r.body).toMatchObject({ accepted: 0, duplicate: 1, rejected: 5 });
    expect(await commits()).toBe(before);
  });

  it('lets only district admins import', async () => {
    const street = await h.token(['street_admin'], { level: 'street', code: STREET });
    expect((await upload(street)).status).toBe(403);
  });
});
