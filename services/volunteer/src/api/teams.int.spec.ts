import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { place, startVolunteerService } from '../testing/harness.ts';

let h: Awaited<ReturnType<typeof startVolunteerService>>;
beforeAll(async () => {
  h = await startVolunteerService();
});
afterAll(async () => h.close());

describe('volunteer teams', () => {
  it('forms a team with its leader, adds members, changes the leader, and keeps the leader in', async () => {
    const [lead, member] = [await h.register(), await h.register()];
    const t = await h.call('POST', '/v1/teams', h.staff, { name: '青年志愿服务队', place, leaderId: lead });
    expect(t.status).toBe(201);
    const id = t.body.id as string;
    expect((await h.call('POST', `/v1/teams/${id}/members`, h.staff, { volunteerId: member })).status).toBe(
      200,
    );
    expect((await h.call('DELETE', `/v1/teams/${id}/members/${lead}`, h.staff)).status).toBe(422);
    expect((await h.call('POST', `/v1/teams/${id}/leader`, h.staff, { volunteerId: member })).status).toBe(
      200,
    );
    expect((await h.call('DELETE', `/v1/teams/${id}/members/${lead}`, h.staff)).status).toBe(200);
    const team = await h.call('GET', `/v1/teams/${id}`, h.staff);
    expect(team.body).toMatchObject({ name: '青年志愿服务队', leaderId: member, members: [member] });
  });

  it('refuses unknown volunteers, other communities and volunteers as team admins', async () => {
    const lead = await h.register();
    expect(
      (await h.call('POST', '/v1/teams', h.staff, { name: 'x', place, leaderId: 'v-nobody' })).status,
    ).toBe(404);
    const other = await h.token('staff-2', ['community_staff'], 'community', 'c2');
    expect((await h.call('POST', '/v1/teams', other, { name: 'x', place, leaderId: lead })).status).toBe(403);
    expect(
      (
        await h.call('POST', '/v1/teams', await h.token(lead, ['volunteer']), {
          name: 'x',
          place,
          leaderId: lead,
        })
      ).status,
    ).toBe(403);
  });
});
