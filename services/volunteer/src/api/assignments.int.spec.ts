import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { place, startVolunteerService } from '../testing/harness.ts';

let h: Awaited<ReturnType<typeof startVolunteerService>>;
let org: string;
beforeAll(async () => {
  h = await startVolunteerService();
  org = await h.token('org-1', ['organization'], 'street', 's1');
});
afterAll(async () => h.close());

const day = (d: number, hh: number) => new Date(Date.UTC(2030, 0, d, hh)).toISOString();
async function createTask(headcount: number, start: string, end: string) {
  const r = await h.call('POST', '/v1/tasks', org, {
    title: '社区助老',
    creator: { kind: 'organization', id: 'org-1' },
    requiredSkills: ['elder_care'],
    startAt: start,
    endAt: end,
    place: { ...place, address: '幸福路1号' },
    headcount,
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
}
const assign = (taskId: string, volunteerId: string, tok = org) =>
  h.call('POST', `/v1/tasks/${taskId}/assignments`, tok, { volunteerId });
const windowsOf = async (id: string) =>
  ((await h.call('GET', `/v1/volunteers/${id}/schedule`, h.staff)).body.windows as { taskId: string }[]).map(
    (w) => w.taskId,
  );

describe('task assignments', () => {
  it("assigns exactly the headcount when 10 organizers race for 3 seats, and frees the losers' windows", async () => {
    const taskId = await createTask(3, day(1, 9), day(1, 12));
    const volunteers = await Promise.all(Array.from({ length: 10 }, () => h.register()));
    const answers = await Promise.all(volunteers.map((v) => assign(taskId, v)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 422)).toHaveLength(7);
    const task = await h.call('GET', `/v1/tasks/${taskId}`, org);
    expect(task.body.assigned).toHaveLength(3);
    const booked = await Promise.all(volunteers.map(windowsOf));
    expect(booked.filter((w) => w.includes(taskId))).toHaveLength(3);
  });

  it('books one volunteer into exactly one of two overlapping tasks assigned at once', async () => {
    const a = await createTask(5, day(2, 9), day(2, 12));
    const b = await createTask(5, day(2, 11), day(2, 14));
    const v = await h.register();
    const answers = await Promise.all([assign(a, v), assign(b, v)]);
    expect(answers.map((x) => x.status).sort()).toEqual([201, 422]);
    expect(await windowsOf(v)).toHaveLength(1);
    const tasks = await Promise.all([a, b].map((t) => h.call('GET', `/v1/tasks/${t}`, org)));
    expect(tasks.flatMap((t) => t.body.assigned as string[])).toEqual([v]);
  });

  it('lets a volunteer sign up and withdraw, freeing seat and window', async () => {
    const t = await createTask(1, day(3, 9), day(3, 10));
    const v = await h.register();
    const vt = await h.token(v, ['volunteer']);
    expect((await h.call('POST', `/v1/tasks/${t}/sign-ups`, vt)).status).toBe(201);
    expect((await h.call('GET', `/v1/tasks/${t}`, vt)).body.signedUp).toEqual([v]);
    expect((await assign(t, v)).status).toBe(201);
    expect(
      (await h.call('DELETE', `/v1/tasks/${t}/sign-ups/${v}`, await h.token('v-x', ['volunteer']))).status,
    ).toBe(403);
    expect((await h.call('DELETE', `/v1/tasks/${t}/sign-ups/${v}`, vt)).status).toBe(200);
    expect(await windowsOf(v)).toEqual([]);
    expect((await h.call('GET', `/v1/tasks/${t}`, vt)).body.assigned).toEqual([]);
  });

  it('refuses assignment by anyone but the organizer, and a task created in another name', async () => {
    const t = await createTask(1, day(4, 9), day(4, 10));
    const v = await h.register();
    expect((await assign(t, v, await h.token('org-2', ['organization'], 'street', 's1'))).status).toBe(403);
    expect((await assign(t, v, await h.token('v-1', ['volunteer']))).status).toBe(403);
    const asOther = await h.call('POST', '/v1/tasks', org, {
      title: 'x',
      creator: { kind: 'organization', id: 'org-2' },
      startAt: day(5, 9),
      endAt: day(5, 10),
      place: { ...place, address: 'a' },
      headcount: 1,
    });
    expect(asOther.status).toBe(403);
  });

  it('refuses a volunteer without the required skills, and releases windows when the task is cancelled', async () => {
    const t = await createTask(2, day(6, 9), day(6, 10));
    const unskilled = await h.register({ skills: ['sports'] });
    const r = await assign(t, unskilled);
    expect(r.status).toBe(422);
    expect(r.text).toContain('skills');
    expect(await windowsOf(unskilled)).toEqual([]);
    const v = await h.register();
    expect((await assign(t, v)).status).toBe(201);
    expect(await windowsOf(v)).toEqual([t]);
    expect((await h.call('POST', `/v1/tasks/${t}/cancellation`, org, { reason: '天气原因' })).status).toBe(
      200,
    );
    expect(await windowsOf(v)).toEqual([]);
    expect((await assign(t, await h.register())).status).toBe(422);
  });

  it('names the field of a bad task and refuses an unknown one', async () => {
    const r = await h.call('POST', '/v1/tasks', org, {
      title: 'x',
      creator: { kind: 'organization', id: 'org-1' },
      startAt: 'tomorrow',
      endAt: day(5, 10),
      place: { ...place, address: 'a' },
      headcount: 0,
      extra: 1,
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/body\.(startAt|headcount|extra)/);
  });
});
