import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profile, residentId, startVolunteerService } from '../testing/harness.ts';

let h: Awaited<ReturnType<typeof startVolunteerService>>;
const HOUR = 3_600_000;
const D1 = { districtCode: 'd1', streetCode: 's1', communityCode: 'c1' };
const D2 = { districtCode: 'd2', streetCode: 's2', communityCode: 'c2' };

beforeAll(async () => {
  h = await startVolunteerService();
});
afterAll(async () => h.close());

/** A volunteer at `place` with `hours` confirmed on a task that started an hour ago, of the given nature. */
async function volunteerWith(place: typeof D1, entries: { hours: number; nature?: string }[]) {
  const admin = await h.token(
    'admin-' + place.districtCode,
    ['district_admin'],
    'district',
    place.districtCode,
  );
  const reg = await h.call('POST', '/v1/volunteers', admin, {
    name: '赵六',
    phone: '13900000000',
    idNumber: residentId(),
    ...profile,
    place,
  });
  expect(reg.status).toBe(201);
  const v = reg.body.id as string;
  const task = await h.call('POST', '/v1/tasks', admin, {
    title: '社区助老',
    creator: { kind: 'community_staff', id: 'admin-' + place.districtCode },
    startAt: new Date(Date.now() - HOUR).toISOString(),
    endAt: new Date(Date.now() + 5 * HOUR).toISOString(),
    place: { ...place, address: '社区服务站' },
    headcount: 5,
  });
  expect(task.status).toBe(201);
  const taskId = task.body.id as string;
  expect((await h.call('POST', `/v1/tasks/${taskId}/assignments`, admin, { volunteerId: v })).status).toBe(
    201,
  );
  const vt = await h.token(v, ['volunteer']);
  for (const e of entries) {
    const r = await h.call('POST', `/v1/volunteers/${v}/hours`, admin, { taskId, ...e });
    expect(r.status).toBe(201);
    const c = await h.call('POST', `/v1/volunteers/${v}/hours/${String(r.body.entryId)}/confirmation`, vt);
    expect(c.status).toBe(200);
  }
  return { v, vt };
}

interface Ledger {
  confirmedHours: number;
  notCountedHours: number;
  starLevel: number;
  starRule: { starThresholds: number[]; source: Record<string, unknown> };
}
const ledger = async (v: string, vt: string) =>
  (await h.call('GET', `/v1/volunteers/${v}/hours`, vt)).body as unknown as Ledger;

describe("a district's volunteer rules, versioned as events", () => {
  it("a district's star thresholds change a volunteer's star level and name their version; another district is unaffected", async () => {
    const a = await volunteerWith(D1, [{ hours: 3 }]);
    const b = await volunteerWith(D2, [{ hours: 3 }]);
    const before = await ledger(a.v, a.vt);
    expect(before).toMatchObject({ confirmedHours: 3, starLevel: 0 });
    expect(before.starRule.source).toEqual({ kind: 'default', text: 'default: 《志愿服务记录办法》2012' });
    expect(before.starRule.starThresholds).toEqual([100, 300, 600, 1000, 1500]);

    const admin1 = await h.token('admin-d1', ['district_admin'], 'district', 'd1');
    const rules = { starThresholds: [2, 4, 10, 20, 40, 80], countedNatures: ['voluntary'] };
    const set = await h.call('PUT', '/v1/districts/d1/volunteer-rules', admin1, rules);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      rules,
      source: { kind: 'district', districtCode: 'd1', version: 1, setBy: 'admin-d1' },
    });

    const after = await ledger(a.v, a.vt);
    expect(after.starLevel).toBe(1);
    expect(after.starRule).toMatchObject({
      starThresholds: [2, 4, 10, 20, 40, 80],
      source: { kind: 'district', version: 1, setBy: 'admin-d1' },
    });
    expect(after.starRule.source.setAt).toEqual(expect.any(String));
    const other = await ledger(b.v, b.vt);
    expect(other.starLevel).toBe(0);
    expect(other.starRule.source).toMatchObject({ kind: 'default' });

    // The same rules again are no new version; new rules are version 2.
    const again = await h.call('PUT', '/v1/districts/d1/volunteer-rules', admin1, rules);
    expect(again.body).toMatchObject({ source: { version: 1 } });
    const v2 = await h.call('PUT', '/v1/districts/d1/volunteer-rules', admin1, {
      ...rules,
      starThresholds: [1, 2, 3],
    });
    expect(v2.body).toMatchObject({ source: { version: 2 } });
    expect(await ledger(a.v, a.vt)).toMatchObject({ starLevel: 3, starRule: { source: { version: 2 } } });
    const read = await h.call('GET', '/v1/districts/d1/volunteer-rules', a.vt);
    expect(read.body).toMatchObject({ rules: { starThresholds: [1, 2, 3] }, source: { version: 2 } });
  });

  it('counts a staff member’s workday duty only where the district says so', async () => {
    const admin = await h.token('admin-d3', ['district_admin'], 'district', 'd3');
    const D3 = { districtCode: 'd3', streetCode: 's3', communityCode: 'c3' };
    const { v, vt } = await volunteerWith(D3, [{ hours: 2 }, { hours: 1.5, nature: 'work_duty' }]);
    expect(await ledger(v, vt)).toMatchObject({ confirmedHours: 2, notCountedHours: 1.5 });
    const set = await h.call('PUT', '/v1/districts/d3/volunteer-rules', admin, {
      starThresholds: [100, 300, 600, 1000, 1500],
      countedNatures: ['voluntary', 'work_duty'],
    });
    expect(set.status).toBe(200);
    expect(await ledger(v, vt)).toMatchObject({ confirmedHours: 3.5, notCountedHours: 0 });
  });

  it('refuses bad rules naming the field, and another district’s admin, changing nothing', async () => {
    const admin = await h.token('admin-d4', ['district_admin'], 'district', 'd4');
    const bad = await h.call('PUT', '/v1/districts/d4/volunteer-rules', admin, {
      starThresholds: [100, 50],
      countedNatures: ['voluntary'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'body.starThresholds' });
    const other = await h.token('admin-d1', ['district_admin'], 'district', 'd1');
    const forbidden = await h.call('PUT', '/v1/districts/d4/volunteer-rules', other, {
      starThresholds: [1],
      countedNatures: ['voluntary'],
    });
    expect(forbidden.status).toBe(403);
    const volunteer = await h.token('v-x', ['volunteer']);
    expect((await h.call('PUT', '/v1/districts/d4/volunteer-rules', volunteer, {})).status).toBe(403);
    const read = await h.call('GET', '/v1/districts/d4/volunteer-rules', volunteer);
    expect(read.body).toMatchObject({ source: { kind: 'default' } });
  });
});
