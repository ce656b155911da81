import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useInfra } from '@fivesoc/test-support';
import { OTHER_STREET, STREET, registration, startHarness, until, type Harness } from '../testing/harness.ts';

interface ListJson {
  items: { workerId: string; availableCapacity: number; status: string; name?: string }[];
  nextCursor?: string;
}

let h: Harness;
let district: string;
const ids: string[] = [];
const other = registration({
  streetCode: OTHER_STREET,
  stationCode: `${OTHER_STREET}-1`,
  coveredCommunityCodes: [`${OTHER_STREET}001`],
  specialties: ['children'],
});

beforeAll(async () => {
  h = await startHarness();
  district = await h.token(['district_admin']);
  const bodies = [
    registration({ specialties: ['elderly'], maxCaseload: 1 }),
    registration({ specialties: ['mental_health'], coveredCommunityCodes: [`${STREET}003`] }),
    registration({ specialties: ['elderly', 'school'] }),
    other,
  ];
  for (const b of bodies) {
    expect((await h.call('POST', '/v1/workers', district, b)).statusCode).toBe(201);
    ids.push(b.workerId);
  }
  await h.call('POST', `/v1/workers/${ids[0]}/assign`, district, { caseId: 'c-1' });
  await h.call('POST', `/v1/workers/${ids[2]}/suspend`, district, { reason: 'training' });
});
afterAll(async () => h.close());

const list = async (query: string, token = district) =>
  (await h.call('GET', `/v1/workers?${query}`, token)).json<ListJson>().items.map((i) => i.workerId);

describe('listing workers', () => {
  it('filters by specialty, community covered, status and available capacity, oldest first', async () => {
    await until('the projection to catch up', async () => (await list('status=suspended')).length === 1);
    await until('the assignment to show', async () => !(await list('available=true')).includes(ids[0]!));
    expect(await list('specialty=elderly')).toEqual([ids[0], ids[2]]);
    expect(await list(`communityCode=${STREET}003`)).toEqual([ids[1]]);
    expect(await list('available=true')).toEqual([ids[1], ids[3]]);
    expect(await list(`streetCode=${OTHER_STREET}`)).toEqual([ids[3]]);
  });

  it('keeps a street admin to their street and pages with a stable cursor', async () => {
    await until('all four rows', async () => (await list('')).length === 4);
    const street = await h.token(['street_admin'], { level: 'street', code: STREET });
    expect(await list('', street)).toEqual(ids.slice(0, 3));
    const first = (await h.call('GET', '/v1/workers?limit=2', district)).json<ListJson>();
    expect(first.items.map((i) => i.workerId)).toEqual(ids.slice(0, 2));
    expect(first.items[0]).not.toHaveProperty('name');
    const second = await list(`limit=2&cursor=${first.nextCursor}`);
    expect(second).toEqual(ids.slice(2));
    const worker = await h.token(['social_worker']);
    expect((await h.call('GET', '/v1/workers', worker)).statusCode).toBe(403);
  });

  it("publishes the worker's events to its topic without name or phone in clear", async () => {
    const kafka = new Kafka({ brokers: useInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `reader-${h.topic}` });
    const got: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [h.topic], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
    await until('6 events on the topic', async () => got.length >= 6);
    await consumer.disconnect();
    const types = got.map((m) => m.headers?.['event-type']?.toString());
    expect(types.filter((t) => t === 'WorkerRegistered')).toHaveLength(4);
    expect(types).toContain('CaseAssigned');
    expect(types).toContain('WorkerSuspended');
    const values = got.map((m) => m.value?.toString() ?? '').join('\n');
    expect(values).not.toContain(other.name);
    expect(values).not.toContain(other.phone);
  });
});
