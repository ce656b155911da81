import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeadLetters } from '@fivesoc/eventing';
import type { ReadModels } from './readModels.ts';
import { UNREAD_TYPES, sampleHistory } from '../testing/sampleEvents.ts';
import { caughtUp, readModelFixture, snapshot, until } from '../testing/readModelFixture.ts';

type Fixture = Awaited<ReturnType<typeof readModelFixture>>;
let f: Fixture;
const history = sampleHistory();
// The last version each stream's document must show: unread types and the malformed need leave none.
const expected = new Map<string, number>();
for (const { event } of history)
  if (!UNREAD_TYPES.has(event.type) && event.streamId !== 'need-bad')
    expected.set(event.streamId, event.streamVersion);

beforeAll(async () => {
  f = await readModelFixture();
});
afterAll(async () => f.close());

describe('read models of the five societies', () => {
  let a: ReadModels;
  let dbA: Db;

  it('consumed incrementally with redeliveries, equal a rebuild from offset zero', async () => {
    expect(history.length).toBeGreaterThan(180);
    const half = Math.floor(history.length / 2);
    await f.produce(history.slice(0, half));
    ({ models: a, db: dbA } = f.readModels('a'));
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
