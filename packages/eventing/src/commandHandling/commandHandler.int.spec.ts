import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, IllegalStateError } from '@fivesoc/service-kit';
import { MongoEventStore } from '../eventStore/index.ts';
import { fixture, type Fixture } from '../testing/fixtures.ts';
import { sampleRegistry, tallyDecider } from '../testing/sampleDomain.ts';
import { commandHandler } from './commandHandler.ts';

let f: Fixture;
let store: MongoEventStore;
let wakes: number;
const relay = { notify: () => void wakes++ };
const at = { metadata: { correlationId: 'c' }, now: new Date('2026-11-27T09:00:00Z') };
const open = { kind: 'open' as const, label: 'x' };
const inc = (by: number) => ({ kind: 'increment' as const, by, reason: 'r' });

beforeEach(async () => {
  f = await fixture('handler');
  store = await new MongoEventStore({ db: f.db, registry: sampleRegistry }).init();
  wakes = 0;
});
afterEach(async () => f.close());

const tallies = () =>
  commandHandler({ store, relay }, { decider: tallyDecider, streamOf: (id) => `tally-${id}` });

describe('a command handler bound once per aggregate', () => {
  it('runs a command on the stream its id names and loads the state back by id', async () => {
    const h = tallies();
    await h.run('1', open, at);
    const r = await h.run('1', inc(4), at);
    expect(r).toMatchObject({ state: { open: true, total: 4 }, version: 2 });
    expect((await store.readStream('tally-1')).map((e) => e.type)).toEqual(['TallyOpened', 'Incremented']);
    const loaded = await h.load('1');
    expect(loaded.state).toEqual({ open: true, total: 4 });
    expect(loaded.version).toBe(2);
    expect(h.streamOf('1')).toBe('tally-1');
  });

  it('wakes the relay once per commit, and not for a refusal, an empty decision or a replay', async () => {
    const h = tallies();
    await h.run('2', open, at);
    expect(wakes).toBe(1);
    await expect(h.run('2', open, at)).rejects.toBeInstanceOf(IllegalStateError);
    await h.run('2', inc(1), { ...at, idempotencyKey: 'k1' });
    expect(wakes).toBe(2);
    const again = await h.run('2', inc(1), { ...at, idempotencyKey: 'k1' });
    expect(again.append?.replayed).toBe(true);
    expect(wakes).toBe(2);
    expect(await store.streamVersion('tally-2')).toBe(2);
  });

  it('decides again after losing a race as often as its default says, and a command may say otherwise', async () => {
    const racing = commandHandler(
      { store, relay },
      { decider: tallyDecider, streamOf: (id: string) => `tally-${id}`, retriesOnConflict: 20 },
    );
    await racing.run('3', open, at);
    await Promise.all(Array.from({ length: 6 }, () => racing.run('3', inc(10), at)));
    expect(await store.streamVersion('tally-3')).toBe(7);
    expect(wakes).toBe(7);
    // An If-Match version is never retried, whatever the default.
    await expect(racing.run('3', inc(1), { ...at, expectedVersion: 1 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    // A command that says no retries loses its race with a conflict rather than deciding again.
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => racing.run('3', inc(1), { ...at, retriesOnConflict: 0 })),
    );
    const won = results.filter((r) => r.status === 'fulfilled').length;
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyError);
    expect(await store.streamVersion('tally-3')).toBe(7 + won);
  });

  it('names streams from any kind of id', async () => {
    const h = commandHandler(
      { store },
      { decider: tallyDecider, streamOf: (t: { team: string; n: number }) => `tally-${t.team}.${t.n}` },
    );
    await h.run({ team: 'a', n: 1 }, open, at);
    expect(await store.streamVersion('tally-a.1')).toBe(1);
  });
});
