import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, IllegalStateError } from '@fivesoc/service-kit';
import { MongoEventStore } from '../eventStore/index.ts';
import { fixture, type Fixture } from '../testing/fixtures.ts';
import { sampleRegistry, tallyDecider } from '../testing/sampleDomain.ts';
import { handleCommand } from './handleCommand.ts';

let f: Fixture;
let store: MongoEventStore;
const at = { metadata: { correlationId: 'c' }, now: new Date('2026-11-27T09:00:00Z') };

beforeEach(async () => {
  f = await fixture('commands');
  store = await new MongoEventStore({ db: f.db, registry: sampleRegistry }).init();
});
afterEach(async () => f.close());

describe('command handling: load, decide, append', () => {
  it('stores what the decider decided and returns the new state and version', async () => {
    await handleCommand(store, tallyDecider, 'tally-1', { kind: 'open', label: 'x' }, at);
    const r = await handleCommand(
      store,
      tallyDecider,
      'tally-1',
      { kind: 'increment', by: 7, reason: 'r' },
      at,
    );
    expect(r.state).toEqual({ open: true, total: 7 });
    expect(r.version).toBe(2);
    expect((await store.readStream('tally-1')).map((e) => e.type)).toEqual(['TallyOpened', 'Incremented']);
  });

  it("refuses with the decider's error and stores nothing", async () => {
    await expect(
      handleCommand(store, tallyDecider, 'tally-2', { kind: 'increment', by: 1, reason: 'r' }, at),
    ).rejects.toBeInstanceOf(IllegalStateError);
    expect(await store.streamVersion('tally-2')).toBe(0);
  });

  it('answers a stale If-Match version with a conflict and never retries it', async () => {
    await handleCommand(store, tallyDecider, 'tally-3', { kind: 'open', label: 'x' }, at);
    await expect(
      handleCommand(
        store,
        tallyDecider,
        'tally-3',
        { kind: 'increment', by: 1, reason: 'r' },
        { ...at, expectedVersion: 0, retriesOnConflict: 5 },
      ),
    ).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('decides again on fresh state when racing writers collide and the command allows retries', async () => {
    await handleCommand(store, tallyDecider, 'tally-4', { kind: 'open', label: 'x' }, at);
    await Promise.all(
      Array.from({ length: 8 }, () =>
        handleCommand(
          store,
          tallyDecider,
          'tally-4',
          { kind: 'increment', by: 10, reason: 'r' },
          { ...at, retriesOnConflict: 20 },
        ),
      ),
    );
    const events = await store.readStream('tally-4');
    expect(events).toHaveLength(9);
    // The rule held under concurrency: a ninth and tenth +10 would be fine, an eleventh not.
    await handleCommand(store, tallyDecider, 'tally-4', { kind: 'increment', by: 20, reason: 'r' }, at);
    await expect(
      handleCommand(store, tallyDecider, 'tally-4', { kind: 'increment', by: 1, reason: 'r' }, at),
    ).rejects.toThrow(/never passes 100/);
  });

  it('gives the first answer again for a repeated idempotency key, even after the stream moved on', async () => {
    await handleCommand(store, tallyDecider, 'tally-5', { kind: 'open', label: 'x' }, at);
    const first = await handleCommand(
      store,
      tallyDecider,
      'tally-5',
      { kind: 'increment', by: 5, reason: 'r' },
      { ...at, idempotencyKey: 'k1' },
    );
    await handleCommand(store, tallyDecider, 'tally-5', { kind: 'increment', by: 5, reason: 'r' }, at);
    const again = await handleCommand(
      store,
      tallyDecider,
      'tally-5',
      { kind: 'increment', by: 5, reason: 'r' },
      { ...at, idempotencyKey: 'k1' },
    );
    expect(again.append).toEqual({ ...first.append, replayed: true });
    expect(await store.streamVersion('tally-5')).toBe(3);
  });

  it('gives a key back when the command stored nothing, so that a repeat decides again', async () => {
    const key = { ...at, idempotencyKey: 'k2' };
    const inc = { kind: 'increment' as const, by: 1, reason: 'r' };
    await expect(handleCommand(store, tallyDecider, 'tally-6', inc, key)).rejects.toBeInstanceOf(
      IllegalStateError,
    );
    await handleCommand(store, tallyDecider, 'tally-6', { kind: 'open', label: 'x' }, at);
    const r = await handleCommand(store, tallyDecider, 'tally-6', inc, key);
    expect(r.append?.replayed).toBe(false);
    expect(r.state).toEqual({ open: true, total: 1 });
  });

  it('answers a conflict when a stream said to be new exists, and stores nothing', async () => {
    await handleCommand(store, tallyDecider, 'tally-7', { kind: 'open', label: 'x' }, at);
    const other = await new MongoEventStore({ db: f.db, registry: sampleRegistry }).init();
    await expect(
      handleCommand(other, tallyDecider, 'tally-7', { kind: 'open', label: 'y' }, { ...at, newStream: true }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await other.streamVersion('tally-7')).toBe(1);
    await other.close();
  });
});
