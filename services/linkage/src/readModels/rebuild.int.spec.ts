import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeadLetters } from '@fivesoc/eventing';
import { ReadModels } from './readModels.ts';
import { UNREAD_TYPES, sampleHistory, type Sample } from '../testing/sampleEvents.ts';
import { caughtUp, readModelFixture, silent, snapshot, until } from '../testing/readModelFixture.ts';

type Fixture = Awaited<ReturnType<typeof readModelFixture>>;
let f: Fixture;
const history = sampleHistory();
const half = Math.floor(history.length / 2);
// The last version each stream's document must show: unread types and the malformed need leave none.
const expectedOf = (samples: Sample[]) => {
  const out = new Map<string, number>();
  for (const { event } of samples)
    if (!UNREAD_TYPES.has(event.type) && event.streamId !== 'need-bad')
      out.set(event.streamId, event.streamVersion);
  return out;
};
const expected = expectedOf(history);

/** True once the group has committed the end of every partition of the five topics. */
async function consumedAll(groupId: string): Promise<boolean> {
  const admin = f.kafka.admin();
  await admin.connect();
  try {
    const topics = Object.values(f.sources) as string[];
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends)
        if (mine.find((p) => p.partition === end.partition)?.offset !== end.high) return false;
    }
    return true;
  } finally {
    await admin.disconnect();
  }
}

/** Read models over an existing database (closed with the fixture's). */
const extra: ReadModels[] = [];
function readModelsOver(db: Db, groupPrefix: string): ReadModels {
  const rm = new ReadModels({ kafka: f.kafka, db, logger: silent, sources: f.sources, groupPrefix });
  extra.push(rm);
  return rm;
}

beforeAll(async () => {
  f = await readModelFixture();
});
afterAll(async () => {
  for (const rm of extra) await rm.stop();
  await f.close();
});

describe('read models of the five societies', () => {
  let a: ReadModels;
  let dbA: Db;

  it('consumed incrementally with redeliveries, equal a rebuild from offset zero', async () => {
    expect(history.length).toBeGreaterThan(180);
    await f.produce(history.slice(0, half));
    ({ models: a, db: dbA } = f.readModels('a'));
    await a.start();
    await until('A caught up with the first half', () => caughtUp(dbA, expectedOf(history.slice(0, half))));
    // A restart forgets what the consumer remembered: from here on it starts from what is stored.
    await a.stop();
    a = readModelsOver(dbA, `${dbA.databaseName}.rm`);
    await a.start();
    // The rest, then a third of everything again: redelivery must change nothing.
    await f.produce(history.slice(half));
    await f.produce(history.filter((_, i) => i % 3 === 0));
    await until('A caught up', () => caughtUp(dbA, expected));

    const { models: b, db: dbB } = f.readModels('b');
    const { groupId } = await b.rebuild();
    expect(groupId).toMatch(/\.g1$/);
    await until('B caught up', () => caughtUp(dbB, expected));
    expect(await snapshot(dbB)).toEqual(await snapshot(dbA));
  });

  it('a second group replaying every event into the caught-up models changes nothing', async () => {
    // As after a crash before the commit: each event arrives again, at a consumer that remembers nothing.
    const before = await snapshot(dbA);
    const again = readModelsOver(dbA, `${dbA.databaseName}.again`);
    await again.start();
    await until('the second group consumed everything', () => consumedAll(again.groupId));
    await again.stop();
    expect(await snapshot(dbA)).toEqual(before);
  });

  it('rebuilds in place: drops the models and replays into the same result', async () => {
    const before = await snapshot(dbA);
    const { groupId } = await a.rebuild();
    expect(groupId).toMatch(/\.g1$/);
    await until('A rebuilt', () => caughtUp(dbA, expected));
    expect(await snapshot(dbA)).toEqual(before);
  });

  it('holds what the societies published, and no personal data', async () => {
    const m = a.collections;
    expect(await m.workers.findOne({ _id: 'worker-w2' })).toMatchObject({
      activeCases: 1,
      activeCaseIds: ['case-2-1'],
    });
    expect(await m.workers.findOne({ _id: 'worker-w3' })).toMatchObject({ status: 'suspended' });
    expect(await m.treeUnits.findOne({ _id: 'community-330102002002' })).toMatchObject({
      status: 'merged',
      mergedInto: '330102002001',
    });
    expect(await m.needs.findOne({ _id: 'need-n4' })).toMatchObject({ status: 'withdrawn' });
    expect(await m.schedules.findOne({ _id: 'schedule-v1' })).toMatchObject({ windows: [] });
    expect(await m.tasks.findOne({ _id: 'task-k1' })).toMatchObject({ signedUp: [], assigned: [] });
    expect(await m.organizations.findOne({ _id: 'organization-o3' })).toMatchObject({
      rating: '4A',
      creditStanding: 'serious',
      eligible: false,
    });
    expect(await m.organizations.findOne({ _id: 'organization-o2' })).toMatchObject({
      rating: '3A',
      hub: true,
      eligible: true,
    });
    expect(await m.organizations.findOne({ _id: 'organization-o0' })).toMatchObject({
      creditStanding: 'good',
    });
    expect(await m.donations.findOne({ _id: 'donation-g0' })).toMatchObject({
      measure: 'fen',
      available: 75_000,
      totals: {
        received: 100_000,
        reserved: 0,
        allocated: 25_000,
        released: 25_000,
        disbursed: 25_000,
        confirmed: 25_000,
      },
    });
    expect(await m.donations.findOne({ _id: 'donation-g3' })).toMatchObject({
      available: 100_000,
      totals: { reversed: 25_000 },
    });
    expect(await m.donations.findOne({ _id: 'donation-g1' })).toMatchObject({
      measure: 'rice/kg',
      restriction: { category: 'elder_care' },
    });
    expect(JSON.stringify(await snapshot(dbA))).not.toContain('sealed-');
  });

  it('dead-letters a malformed payload and skips event types it does not read', async () => {
    const letters = await listDeadLetters(f.kafka, `${dbA.databaseName}.rm.dlq`);
    expect(letters.length).toBeGreaterThanOrEqual(1);
    expect(new Set(letters.map((l) => l.eventType))).toEqual(new Set(['NeedReported']));
    expect(letters[0]!.error).toMatch(/payload\.urgency/);
  });
});
