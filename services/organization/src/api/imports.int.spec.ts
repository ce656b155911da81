import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLACE, startHarness, until, validCode, type Harness } from '../testing/harness.ts';

let h: Harness;
const zombieCode = validCode(301);
const line = (creditCode: string, extra: Record<string, unknown> = {}) => ({
  creditCode,
  name: 'Old Town Elderly Care',
  category: 'education',
  kind: 'social_service_agency',
  field: 'elderly',
  place: PLACE,
  supervisor: 'Chaoyang District Education Commission',
  registeredOn: '2016-03-01',
  legalRepresentative: { name: 'Li Si', phone: '13900000000' },
  // The last report is the one for 2022: the 2023 report, due by 30 June 2024, never came.
  annualReports: [2016, 2017, 2018, 2019, 2020, 2021, 2022].map((year) => ({
    year,
    summary: 'services delivered',
    filedOn: `${year + 1}-04-20`,
  })),
  creditRecords: [
    {
      recordId: 'award-2019',
      polarity: 'positive',
      source: 'district civil affairs bureau',
      date: '2019-09-01',
      description: 'model community service organization',
    },
  ],
  ...extra,
});
const file = [
  line(zombieCode),
  line(validCode(302), { annualReports: [{ year: 2015, summary: 's', filedOn: '2016-04-01' }] }),
  line('91350100M000100Y44'),
  line(validCode(303), { supervisor: undefined }),
  {
    ...line(validCode(304)),
    place: { districtCode: '110106', streetCode: '110106001', communityCode: '110106001001' },
  },
]
  .map((o) => JSON.stringify(o))
  .join('\n');

const upload = async (token: string, body = file) => {
  const res = await h.svc.app.inject({
    method: 'POST',
    url: '/v1/imports/organizations',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    payload: body,
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
};
const stream = () => h.store.readStream(`organization-${zombieCode}`);
const commits = () => h.db.collection('es_commits').countDocuments();

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('migration import of organizations', () => {
  it('imports each line as its own record and reports every refused line with its field', async () => {
    const r = await upload(await h.token('authority-1', 'registration_authority'));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 1, duplicate: 0, rejected: 4 });
    expect(r.body.lines).toEqual([
      { line: 1, id: zombieCode, status: 'accepted' },
      expect.objectContaining({ line: 2, status: 'rejected', field: 'reports.0.year' }),
      expect.objectContaining({ line: 3, status: 'rejected', field: 'creditCode' }),
      expect.objectContaining({ line: 4, status: 'rejected', field: 'supervisor' }),
      expect.objectContaining({ line: 5, status: 'rejected', reason: expect.any(String) as string }),
    ]);
    const events = await stream();
    expect(events.map((e) => e.type)).toEqual([
      'ApplicationSubmitted',
      'SupervisorPreApproved',
      'RegistrationApproved',
      ...Array<string>(7).fill('AnnualReportFiled'),
      'CreditRecordAdded',
      'OrganizationMigrated',
    ]);
    expect(events.every((e) => e.metadata.source === 'migration')).toBe(true);
    expect(JSON.stringify(events)).not.toContain('Li Si');
    expect(JSON.stringify(events)).not.toContain('13900000000');
  });

  it('takes a migrated organization whose reports stopped after 2022 to exit notice on the next scheduler run, each step dated when it fell due', async () => {
    const admin = await h.token('admin-1', 'district_admin');
    await until(
      () => h.call('GET', '/v1/organizations?registration=registered', admin),
      (r) => (r.body.items as unknown[]).length === 1,
    );
    const run = await h.call('POST', '/v1/scheduler/runs', await h.token('ops-1', 'ops'), {});
    expect(run).toMatchObject({ status: 200, body: { applied: 3 } });
    const steps = (await stream()).slice(12);
    expect(steps.map((e) => [e.type, e.payload])).toEqual([
      ['MarkedAbnormal', { at: '2024-07-01T00:00:00.000Z', reason: 'missed_report', year: 2023 }],
      ['FlaggedZombie', { at: '2024-12-28T00:00:00.000Z' }],
      ['ExitNoticeIssued', { at: '2025-01-27T00:00:00.000Z', deadline: expect.any(String) as string }],
    ]);
    // The notice was published by this run: the organization has its whole 90 days from the migration.
    const migratedAt = Date.parse((await stream())[11]!.occurredAt);
    const deadline = Date.parse((steps[2]!.payload as { deadline: string }).deadline);
    expect(deadline).toBe(migratedAt + 90 * 86_400_000);
    expect(steps.every((e) => e.metadata.actor === 'system:scheduler' && !e.metadata.source)).toBe(true);
    const org = await h.call('GET', `/v1/organizations/${zombieCode}`, admin);
    expect(org.body).toMatchObject({ registration: 'registered', activity: 'exit_notice' });
    expect(
      (await h.call('POST', '/v1/scheduler/runs', await h.token('ops-1', 'ops'), {})).body,
    ).toMatchObject({
      applied: 0,
    });
  });

  it('changes nothing when the same file is uploaded again: every imported line is a duplicate', async () => {
    const before = { version: (await stream()).length, commits: await commits() };
    const r = await upload(await h.token('authority-1', 'registration_authority'));
    expect(r.body).toMatchObject({ accepted: 0, duplicate: 1, rejected: 4 });
    expect((r.body.lines as unknown[])[0]).toEqual({ line: 1, id: zombieCode, status: 'duplicate' });
    expect({ version: (await stream()).length, commits: await commits() }).toEqual(before);
  });

  it('shows in the history which events came from the migration', async () => {
    const admin = await h.token('admin-1', 'district_admin');
    const r = await h.call('GET', `/v1/organizations/${zombieCode}/history?limit=200`, admin);
    const entries = r.body.entries as { type: string; source?: string; command?: string }[];
    expect(entries[0]).toMatchObject({ source: 'migration', command: 'POST /v1/imports/organizations' });
    expect(entries.at(-1)).toMatchObject({ type: 'ExitNoticeIssued' });
    expect(entries.at(-1)!.source).toBeUndefined();
  });

  it('lets only the registration authority and district admins import', async () => {
    const r = await upload(await h.token('org-x', 'organization'));
    expect(r.status).toBe(403);
  });
});
