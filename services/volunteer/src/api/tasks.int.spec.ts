import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { place, startVolunteerService } from '../testing/harness.ts';

let h: Awaited<ReturnType<typeof startVolunteerService>>;
let linkage: string;
beforeAll(async () => {
  h = await startVolunteerService();
  linkage = await h.token('linkage', ['integration_client'], 'district', 'd1');
});
afterAll(async () => h.close());

const day = (d: number, hh: number) => new Date(Date.UTC(2031, 0, d, hh)).toISOString();
const caseTask = (extra: Record<string, unknown> = {}) => ({
  title: '个案上门探访',
  creator: { kind: 'case', id: 'case-42' },
  requiredSkills: ['elder_care'],
  startAt: day(1, 9),
  endAt: day(1, 11),
  place: { ...place, address: '幸福路1号' },
  headcount: 2,
  ...extra,
});
const create = (body: unknown, headers: Record<string, string> = {}, tok = linkage) =>
  h.call('POST', '/v1/tasks', tok, body, headers);
const eventsOf = async (taskId: string) =>
  (
    await h.db
      .collection<{ events: { type: string; payload: Record<string, unknown> }[] }>('es_commits')
      .find({ streamId: `task-${taskId}` })
      .toArray()
  ).flatMap((c) => c.events);

describe('tasks with a task id of the caller (linkage)', () => {
  it('names the task with the given taskId, in the answer, the task and its TaskCreated event', async () => {
    const r = await create(caseTask({ taskId: 'case-42.visit-1' }));
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ id: 'case-42.visit-1', version: 1 });
    const task = await h.call('GET', '/v1/tasks/case-42.visit-1', linkage);
    expect(task.body).toMatchObject({ taskId: 'case-42.visit-1', creator: { kind: 'case', id: 'case-42' } });
    const events = await eventsOf('case-42.visit-1');
    expect(events.map((e) => e.type)).toEqual(['TaskCreated']);
    expect(events[0]!.payload).toMatchObject({ taskId: 'case-42.visit-1', headcount: 2 });
    expect(events[0]!.payload).not.toHaveProperty('id');
  });

  it('refuses a taken taskId with 409 naming body.taskId and stores nothing', async () => {
    expect((await create(caseTask({ taskId: 'case-42.visit-2' }))).status).toBe(201);
    const again = await create(caseTask({ taskId: 'case-42.visit-2', title: '另一个' }));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'ALREADY_EXISTS', field: 'body.taskId' });
    // Also when a different key is sent: the key only makes a repeat, it does not reuse an id.
    const keyed = await create(caseTask({ taskId: 'case-42.visit-2' }), { 'idempotency-key': 'other' });
    expect(keyed.status).toBe(409);
    expect(await eventsOf('case-42.visit-2')).toHaveLength(1);
    expect((await h.call('GET', '/v1/tasks/case-42.visit-2', linkage)).body.title).toBe('个案上门探访');
    const bad = await create(caseTask({ taskId: 'has space' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'body.taskId' });
  });

  it('creates exactly one task when 5 requests race with one taskId', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => create(caseTask({ taskId: 'case-42.race' }))),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await eventsOf('case-42.race')).toHaveLength(1);
  });

  it('answers a repeat with the same Idempotency-Key with the first answer and one TaskCreated', async () => {
    const key = { 'idempotency-key': 'case-42:task:visit-3' };
    const body = caseTask({ taskId: 'case-42.visit-3' });
    const first = await create(body, key);
    expect(first.status).toBe(201);
    // The task moves on (an assignment), then the repeat still gets the first answer.
    const v = await h.register();
    expect(
      (await h.call('POST', '/v1/tasks/case-42.visit-3/assignments', linkage, { volunteerId: v })).status,
    ).toBe(201);
    const again = await create(body, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    const created = (await eventsOf('case-42.visit-3')).filter((e) => e.type === 'TaskCreated');
    expect(created).toHaveLength(1);
  });

  it('without a taskId, derives the id from the caller and the Idempotency-Key, so a repeat is one task', async () => {
    const key = { 'idempotency-key': 'no-task-id-1' };
    const first = await create(caseTask(), key);
    const again = await create(caseTask(), key);
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const id = first.body.id as string;
    expect(id).toMatch(/^t-[0-9a-f]{32}$/);
    expect(await eventsOf(id)).toHaveLength(1);
    const unkeyed = await Promise.all([create(caseTask()), create(caseTask())]);
    expect(new Set(unkeyed.map((a) => a.body.id)).size).toBe(2);
  });

  it("lets the integration client assign to a case's task in its scope, not elsewhere, not to an organization's", async () => {
    expect(
      (await create(caseTask({ taskId: 'case-42.visit-4', startAt: day(2, 9), endAt: day(2, 11) }))).status,
    ).toBe(201);
    const v = await h.register();
    const assign = (taskId: string, tok: string) =>
      h.call('POST', `/v1/tasks/${taskId}/assignments`, tok, { volunteerId: v });
    const elsewhere = await h.token('linkage', ['integration_client'], 'district', 'd2');
    expect((await assign('case-42.visit-4', elsewhere)).status).toBe(403);
    const ok = await assign('case-42.visit-4', linkage);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ id: 'case-42.visit-4', volunteerId: v });
    expect((await h.call('GET', '/v1/tasks/case-42.visit-4', linkage)).body.assigned).toEqual([v]);

    const org = await h.token('org-1', ['organization'], 'street', 's1');
    const orgTask = await create(
      caseTask({ creator: { kind: 'organization', id: 'org-1' }, startAt: day(3, 9), endAt: day(3, 11) }),
      {},
      org,
    );
    expect(orgTask.status).toBe(201);
    expect((await assign(orgTask.body.id as string, linkage)).status).toBe(403);
  });
});
