import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useInfra } from '@fivesoc/test-support';
import { place, startVolunteerService, until } from '../testing/harness.ts';

let h: Awaited<ReturnType<typeof startVolunteerService>>;
let street: string;
beforeAll(async () => {
  h = await startVolunteerService();
  street = await h.token('street-1', ['street_admin'], 'street', 's1');
});
afterAll(async () => h.close());

type Rows = { items: Record<string, unknown>[]; nextCursor?: string };
const list = async (path: string, tok = street) => (await h.call('GET', path, tok)).body as unknown as Rows;

describe('volunteer and task lists', () => {
  it('lists volunteers by skill, community and weekday, in scope, page by page, without personal data', async () => {
    const c2 = { ...place, communityCode: 'c2' };
    const a = await h.register({
      skills: ['medical'],
      availability: [{ weekday: 1, start: '18:00', end: '20:00' }],
    });
    const b = await h.register({ skills: ['medical', 'translation'] });
    const reg = await h.call('POST', '/v1/volunteers', street, {
      name: '赵六',
      phone: '13700000000',
      idNumber: '11010519491231002X',
      skills: ['medical'],
      languages: [],
      availability: [],
      place: c2,
      serviceRadiusKm: 1,
      maxHoursPerWeek: 4,
    });
    expect(reg.status).toBe(201);
    const rows = await until('three medical volunteers listed', async () => {
      const r = await list('/v1/volunteers?skill=medical');
      return r.items.length === 3 ? r : undefined;
    });
    expect(JSON.stringify(rows)).not.toMatch(/赵六|13700000000|11010519491231002X/);
    expect((await list('/v1/volunteers?skill=medical&weekday=1')).items.map((r) => r._id)).toEqual([a]);
    expect((await list('/v1/volunteers?skill=medical&communityCode=c2')).items.map((r) => r._id)).toEqual([
      reg.body.id,
    ]);
    expect((await list('/v1/volunteers?skill=medical', h.staff)).items.map((r) => r._id)).toEqual([a, b]);
    const first = await list('/v1/volunteers?skill=medical&limit=2');
    const second = await list(`/v1/volunteers?skill=medical&limit=2&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((r) => r._id)).toEqual([a, b, reg.body.id]);
    expect(second.nextCursor).toBeUndefined();
    expect((await h.call('GET', '/v1/volunteers?colour=red', street)).status).toBe(400);
  });

  it('lists tasks by status, community and start time', async () => {
    const org = await h.token('org-1', ['organization'], 'street', 's1');
    const create = async (startAt: string, endAt: string, communityCode = 'c1') =>
      (
        await h.call('POST', '/v1/tasks', org, {
          title: '活动',
          creator: { kind: 'organization', id: 'org-1' },
          startAt,
          endAt,
          place: { ...place, communityCode, address: '活动室' },
          headcount: 1,
        })
      ).body.id as string;
    const early = await create('2031-03-01T09:00:00Z', '2031-03-01T10:00:00Z');
    const late = await create('2031-03-05T09:00:00Z', '2031-03-05T10:00:00Z', 'c2');
    const v = await h.register();
    expect((await h.call('POST', `/v1/tasks/${early}/assignments`, org, { volunteerId: v })).status).toBe(
      201,
    );
    await until('the early task listed as full', async () =>
      (await list('/v1/tasks?status=full')).items.some((t) => t._id === early) ? true : undefined,
    );
    const inMarch = await list('/v1/tasks?from=2031-03-01T00:00:00Z&to=2031-04-01T00:00:00Z');
    expect(inMarch.items.map((t) => t._id)).toEqual([early, late]);
    expect((await list('/v1/tasks?status=open&from=2031-03-01T00:00:00Z')).items.map((t) => t._id)).toEqual([
      late,
    ]);
    expect(
      (await list('/v1/tasks?communityCode=c2&from=2031-03-01T00:00:00Z')).items.map((t) => t._id),
    ).toEqual([late]);
    expect((await list('/v1/tasks?from=2031-03-01T00:00:00Z', h.staff)).items.map((t) => t._id)).toEqual([
      early,
    ]);
  });

  it('publishes its events on its topic, with personal data only sealed', async () => {
    const id = await h.register({ name: '孙七' });
    const kafka = new Kafka({
      clientId: 'vol-reader',
      brokers: useInfra().kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `reader-${h.topic}` });
    const got: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [h.topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
    const mine = await until('the registration on Kafka', async () =>
      got.find((m) => m.key?.toString() === `volunteer-${id}`),
    );
    await consumer.disconnect();
    expect(mine.headers?.['event-type']?.toString()).toBe('VolunteerRegistered');
    expect(mine.value?.toString()).not.toContain('孙七');
    expect(JSON.parse(mine.value?.toString() ?? '{}')).toMatchObject({
      payload: { volunteerId: id, personal: { personId: id } },
    });
  });
});
