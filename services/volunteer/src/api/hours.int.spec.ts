import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { place, startVolunteerService } from '../testing/harness.ts';

let h: Awaited<ReturnType<typeof startVolunteerService>>;
let org: string;
let taskId: string;
const HOUR = 3_600_000;
const createTask = async (startAt: Date, endAt: Date) =>
  (
    await h.call('POST', '/v1/tasks', org, {
      title: '敬老院陪伴',
      creator: { kind: 'organization', id: 'org-1' },
      startAt: startAt.toISOString(),
      endAt: endAt.toISOString(),
      place: { ...place, address: '敬老院' },
      headcount: 10,
    })
  ).body.id as string;
beforeAll(async () => {
  h = await startVolunteerService();
  org = await h.token('org-1', ['organization'], 'district', 'd1');
  // A three-hour task that started an hour ago: hours may be recorded, volunteers still assigned.
  taskId = await createTask(new Date(Date.now() - HOUR), new Date(Date.now() + 2 * HOUR));
});
afterAll(async () => h.close());

async function assignedVolunteer() {
  const v = await h.register({ name: '王小明' });
  expect((await h.call('POST', `/v1/tasks/${taskId}/assignments`, org, { volunteerId: v })).status).toBe(201);
  return { v, vt: await h.token(v, ['volunteer']) };
}
const record = (v: string, hours: number, headers: Record<string, string> = {}) =>
  h.call('POST', `/v1/volunteers/${v}/hours`, org, { taskId, hours }, headers);

describe('the service-hours ledger over HTTP', () => {
  it('records hours only for an assigned volunteer, by the organizer', async () => {
    const { v } = await assignedVolunteer();
    const stranger = await h.register();
    expect((await record(stranger, 2)).status).toBe(422);
    expect(
      (
        await h.call('POST', `/v1/volunteers/${v}/hours`, await h.token('org-2', ['organization']), {
          taskId,
          hours: 2,
        })
      ).status,
    ).toBe(403);
    const bad = await record(v, 0.3);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('body.hours');
    const r = await record(v, 2.5);
    expect(r.status).toBe(201);
    expect(r.body.entryId).toBe('h1');
  });

  it('refuses more hours on a task than its window holds, naming the field and recording nothing', async () => {
    const { v, vt } = await assignedVolunteer();
    expect((await record(v, 2)).status).toBe(201);
    // the task runs three hours: one more hour fits, more does not (not even 122 of them)
    for (const hours of [1.25, 24]) {
      const r = await record(v, hours);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ field: 'body.hours' });
    }
    expect((await record(v, 1)).status).toBe(201);
    expect((await record(v, 0.25)).status).toBe(400);
    // a reversed entry gives its time back
    await h.call('POST', `/v1/volunteers/${v}/hours/h2/reversal`, org, { reason: '记错' });
    expect((await record(v, 1)).status).toBe(201);
    const ledger = await h.call('GET', `/v1/volunteers/${v}/hours`, vt);
    expect((ledger.body.entries as unknown[]).length).toBe(4);
  });

  it('refuses hours on a task that has not started yet (422), recording nothing', async () => {
    const later = await createTask(
      new Date(Date.now() + 14 * 24 * HOUR),
      new Date(Date.now() + 14 * 24 * HOUR + 2 * HOUR),
    );
    const v = await h.register({ name: '李未来' });
    expect((await h.call('POST', `/v1/tasks/${later}/assignments`, org, { volunteerId: v })).status).toBe(
      201,
    );
    const r = await h.call('POST', `/v1/volunteers/${v}/hours`, org, { taskId: later, hours: 2 });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'ILLEGAL_STATE', details: { taskId: later } });
    expect(JSON.stringify(r.body)).toMatch(/not started/);
    expect(await h.db.collection('es_commits').countDocuments({ streamId: `hours-${v}` })).toBe(0);
  });

  it('lets only the volunteer confirm their own entry (another volunteer gets 403)', async () => {
    const { v, vt } = await assignedVolunteer();
    await record(v, 3);
    const other = await h.token('v-someone', ['volunteer']);
    expect((await h.call('POST', `/v1/volunteers/${v}/hours/h1/confirmation`, other)).status).toBe(403);
    expect((await h.call('POST', `/v1/volunteers/${v}/hours/h1/confirmation`, h.staff)).status).toBe(403);
    expect((await h.call('POST', `/v1/volunteers/${v}/hours/h1/confirmation`, vt)).status).toBe(200);
    const ledger = await h.call('GET', `/v1/volunteers/${v}/hours`, vt);
    expect(ledger.body).toMatchObject({ confirmedHours: 3, pendingHours: 0, starLevel: 0 });
  });

  it('corrects by a reversing entry and counts only confirmed, unreversed hours', async () => {
    const { v, vt } = await assignedVolunteer();
    await record(v, 2);
    await record(v, 1);
    await h.call('POST', `/v1/volunteers/${v}/hours/h1/confirmation`, vt);
    await h.call('POST', `/v1/volunteers/${v}/hours/h2/confirmation`, vt);
    const rev = await h.call('POST', `/v1/volunteers/${v}/hours/h2/reversal`, org, { reason: '时长记错' });
    expect(rev.status).toBe(201);
    expect(rev.body.entryId).toBe('h3');
    expect(
      (await h.call('POST', `/v1/volunteers/${v}/hours/h2/reversal`, org, { reason: 'again' })).status,
    ).toBe(422);
    const ledger = await h.call('GET', `/v1/volunteers/${v}/hours`, vt);
    expect(ledger.body.confirmedHours).toBe(2);
    expect((ledger.body.entries as unknown[]).length).toBe(3);
  });

  it('answers a repeated Idempotency-Key with the first entry and records nothing new', async () => {
    const { v } = await assignedVolunteer();
    const first = await record(v, 1, { 'idempotency-key': `rec-${v}` });
    const again = await record(v, 1, { 'idempotency-key': `rec-${v}` });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await h.db.collection('es_commits').countDocuments({ streamId: `hours-${v}` })).toBe(1);
  });

  it('downloads a certificate naming the volunteer and listing confirmed hours', async () => {
    const { v, vt } = await assignedVolunteer();
    await record(v, 2.25);
    await record(v, 0.5); // never confirmed: not on the certificate
    await h.call('POST', `/v1/volunteers/${v}/hours/h1/confirmation`, vt);
    const c = await h.call('GET', `/v1/volunteers/${v}/hours/certificate`, vt);
    expect(c.status).toBe(200);
    expect(c.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(c.headers.get('content-disposition')).toMatch(
      /^attachment; filename=".+\.html"; filename\*=UTF-8''/,
    );
    expect(c.text).toContain('志愿服务时长证明');
    expect(c.text).toContain('王小明');
    expect(c.text).toContain('2.25');
    expect(c.text).not.toContain('0.50');
    expect(
      (await h.call('GET', `/v1/volunteers/${v}/hours/certificate`, await h.token('v-x', ['volunteer'])))
        .status,
    ).toBe(403);
  });
});
