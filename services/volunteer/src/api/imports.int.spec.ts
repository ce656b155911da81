import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { place, profile, residentId, startVolunteerService } from '../testing/harness.ts';

let h: Awaited<ReturnType<typeof startVolunteerService>>;
let admin: string;
const veteranId = residentId();
const line = (idNumber: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    name: '王五',
    phone: '13700000000',
    idNumber,
    ...profile,
    confirmedHours: 650.5,
    hoursAsOf: '2026-06-30',
    ...extra,
  });
// The veteran's ID number as the old registry wrote it: spaced, with a lower-case check character.
const spaced = `${veteranId.slice(0, 6)} ${veteranId.slice(6, 14)} ${veteranId.slice(14).toLowerCase()}`;
const file = [
  line(spaced),
  line(residentId(), { confirmedHours: 0 }),
  line('110105195001010000'),
  line(residentId(), { confirmedHours: 10.1 }),
  line(residentId(), { hoursAsOf: '2999-01-01' }),
  line(residentId(), { place: { ...place, districtCode: 'd2' } }),
].join('\n');

const upload = async (token: string, body = file) => {
  const res = await fetch(`${h.svc.url}/v1/imports/volunteers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const commits = () => h.db.collection('es_commits').countDocuments();

beforeAll(async () => {
  h = await startVolunteerService();
  admin = await h.token('admin-1', ['district_admin'], 'district', 'd1');
});
afterAll(async () => h.close());

describe('migration import of volunteers', () => {
  let veteran: string;

  it('imports each line and reports every refused one with its field', async () => {
    const r = await upload(admin);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 2, duplicate: 0, rejected: 4 });
    const lines = r.body.lines as { line: number; id: string; status: string; field?: string }[];
    expect(lines.map((l) => [l.line, l.status, l.field])).toEqual([
      [1, 'accepted', undefined],
      [2, 'accepted', undefined],
      [3, 'rejected', 'idNumber'],
      [4, 'rejected', 'confirmedHours'],
      [5, 'rejected', 'hoursAsOf'],
      [6, 'rejected', undefined],
    ]);
    veteran = lines[0]!.id;
    expect(veteran).toMatch(/^v-[0-9a-f]{32}$/);
    const stored = JSON.stringify(await h.db.collection('es_commits').find({}).toArray());
    expect(stored).not.toContain(veteranId);
    expect(stored).not.toContain('13700000000');
  });

  it('counts the opening balance as confirmed hours, for stars too, marked as migrated', async () => {
    const r = await h.call('GET', `/v1/volunteers/${veteran}/hours`, admin);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ confirmedHours: 650.5, pendingHours: 0, starLevel: 3 });
    expect(r.body.entries).toEqual([
      expect.objectContaining({
        entryId: 'h1',
        taskId: 'migration',
        minutes: 39_030,
        migrated: true,
        effectiveConfirmedAt: '2026-06-29T16:00:00.000Z',
      }),
    ]);
    const history = await h.call('GET', `/v1/volunteers/${veteran}/history`, admin);
    expect(history.body.entries).toEqual([
      expect.objectContaining({ type: 'VolunteerRegistered', source: 'migration' }),
    ]);
  });

  it('refuses the same person registered again by the ordinary route (the ID number is taken)', async () => {
    const r = await h.call('POST', '/v1/volunteers', h.staff, {
      name: '王五',
      phone: '13700000000',
      idNumber: veteranId,
      ...profile,
    });
    expect(r.status).toBe(409);
  });

  it('changes nothing when the same file is uploaded again', async () => {
    const before = await commits();
    const r = await upload(admin);
    expect(r.body).toMatchObject({ accepted: 0, duplicate: 2, rejected: 4 });
    expect(await commits()).toBe(before);
  });

  it('lets only district admins import', async () => {
    expect((await upload(h.staff)).status).toBe(403);
  });
});
