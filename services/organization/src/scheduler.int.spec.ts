import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLifecycle } from './domain/organization/lifecycle.ts';
import { applyDueTransitions } from './scheduler.ts';
import { application, startHarness, until, validCode, type Harness } from './testing/harness.ts';

let h: Harness;
const ids = ['org-a', 'org-b', 'org-c'];
const yearsLater = (n: number) => new Date(Date.now() + n * 365 * 86_400_000);
const types = async (id: string) => (await h.store.readStream(`organization-${id}`)).map((e) => e.type);

beforeAll(async () => {
  h = await startHarness();
  const authority = await h.token('authority-1', 'registration_authority');
  for (const [i, id] of ids.entries()) {
    await h.call(
      'POST',
      '/v1/organizations',
      await h.token(id, 'organization'),
      application(validCode(20 + i)),
    );
    await h.call('POST', '/v1/organizations/' + id + '/approval', authority, {});
  }
});
afterAll(async () => h.close());

describe('the lifecycle scheduler', () => {
  it('applies each due transition once when two scheduler instances run at the same time', async () => {
    const now = yearsLater(1); // this year's report is missed (due 1 July): only the abnormal list is due
    const runs = await Promise.all([
      applyDueTransitions(h.store, ids, now, defaultLifecycle),
      applyDueTransitions(h.store, ids, now, defaultLifecycle),
    ]);
    expect(runs[0].applied + runs[1].applied).toBe(ids.length);
    for (const id of ids)
      expect(await types(id)).toEqual(['ApplicationSubmitted', 'RegistrationApproved', 'MarkedAbnormal']);
  });

  it('catches up after downtime: a later run applies every step due since, dated when each fell due', async () => {
    const r = await applyDueTransitions(h.store, ['org-a'], yearsLater(5), defaultLifecycle);
    expect(r.applied).toBe(3);
    const events = await h.store.readStream('organization-org-a');
    expect(events.slice(2).map((e) => e.type)).toEqual([
      'MarkedAbnormal',
      'FlaggedZombie',
      'ExitNoticeIssued',
      'OrganizationExited',
    ]);
    const at = events.slice(2).map((e) => (e.payload as { at: string }).at);
    expect([...at].sort()).toEqual(at);
    expect(Date.parse(at[3]!)).toBeLessThan(yearsLater(5).getTime());
    expect((await applyDueTransitions(h.store, ['org-a'], yearsLater(6), defaultLifecycle)).applied).toBe(0);
  });

  it('runs from the ops endpoint over the organizations of the list model, and refuses other roles', async () => {
    const ops = await h.token('ops-1', 'ops');
    const admin = await h.token('admin-1', 'district_admin');
    expect((await h.call('POST', '/v1/scheduler/runs', admin, {})).status).toBe(403);
    await until(
      () => h.call('GET', '/v1/organizations?registration=registered', admin),
      (r) => (r.body.items as unknown[]).length === 3,
    );
    const r = await h.call('POST', '/v1/scheduler/runs', ops, {});
    expect(r).toMatchObject({ status: 200, body: { applied: 0 } }); // nothing is due today
  });

  it('publishes the events on the service topic', async () => {
    const consumer = new Kafka({ brokers: h.kafkaBrokers, logLevel: logLevel.NOTHING }).consumer({
      groupId: `reader-${h.topic}`,
    });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [h.topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? ''),
    });
    await until(
      async () => seen.filter((s) => s.includes('MarkedAbnormal')).length,
      (n) => n >= 3,
    );
    await consumer.disconnect();
    expect(seen.filter((s) => s.includes('"MarkedAbnormal"')).length).toBe(3);
    expect(seen.some((s) => s.includes('OrganizationExited'))).toBe(true);
  });
});
