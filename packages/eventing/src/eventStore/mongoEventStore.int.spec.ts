import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, ValidationError } from '@fivesoc/service-kit';
import { createEventRegistry } from '../contracts/index.ts';
import { fixture, runProcess, until, type Fixture } from '../testing/fixtures.ts';
import { inc, meta, sampleRegistry } from '../testing/sampleDomain.ts';
import { MongoEventStore } from './mongoEventStore.ts';

let f: Fixture;
let store: MongoEventStore;
const opts = (extra: { idempotencyKey?: string } = {}) => ({
  metadata: meta(),
  occurredAt: new Date('2026-11-27T10:00:00Z'),
  ...extra,
});

beforeEach(async () => {
  f = await fixture('store');
  store = await new MongoEventStore({ db: f.db, registry: sampleRegistry }).init();
});
afterEach(async () => f.close());

describe('MongoDB event store', () => {
  it('appends events and reads them back in version order with their envelope', async () => {
    await store.append(
      't-1',
      'no_stream',
      [{ type: 'TallyOpened', payload: { label: 'a' } }, inc(2)],
      opts(),
    );
    const r = await store.append('t-1', 2, [inc(3)], opts());
    expect(r).toMatchObject({ fromVersion: 3, toVersion: 3, replayed: false });
    const events = await store.readStream('t-1');
    expect(events.map((e) => [e.streamVersion, e.type])).toEqual([
      [1, 'TallyOpened'],
      [2, 'Incremented'],
      [3, 'Incremented'],
    ]);
    expect(events[2]).toMatchObject({
      streamId: 't-1',
      schemaVersion: 2,
      payload: { by: 3, reason: 'test' },
      metadata: { correlationId: 'test' },
    });
    expect(events[2]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await store.readStream('t-1', 3)).toHaveLength(1);
    expect(await store.streamVersion('t-1')).toBe(3);
  });

  it('answers a read that needs at least a version from its cache when it holds it, else from the server', async () => {
    const other = await new MongoEventStore({ db: f.db, registry: sampleRegistry }).init();
    await store.append('t-9', 'no_stream', [inc(1), inc(2)], opts());
    await other.append('t-9', 2, [inc(3)], opts()); // another process: this one's cache ends at 2
    expect(await store.readStream('t-9', 1, { atLeastVersion: 2 })).toHaveLength(2);
    expect((await store.readStream('t-9', 1, { atLeastVersion: 3 })).map((e) => e.streamVersion)).toEqual([
      1, 2, 3,
    ]);
    expect(await store.readStream('t-9')).toHaveLength(3);
  });

  it('rejects a stale or future expected version with a typed conflict, storing nothing', async () => {
    await store.append('t-2', 'no_stream', [inc(1), inc(1)], opts());
    await expect(store.append('t-2', 1, [inc(1)], opts())).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append('t-2', 5, [inc(1)], opts())).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { expected: 5, actual: 2 },
    });
    await expect(store.append('t-2', 'no_stream', [inc(1)], opts())).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.streamVersion('t-2')).toBe(2);
  });

  it('lets exactly one of two racing writers win, 100 times over', async () => {
    let conflicts = 0;
    for (let race = 0; race < 100; race++) {
      const results = await Promise.allSettled([
        store.append('t-race', race, [inc(1, 'a')], opts()),
        store.append('t-race', race, [inc(1, 'b')], opts()),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected');
      expect(lost?.reason).toBeInstanceOf(ConcurrencyError);
      conflicts++;
    }
    expect(conflicts).toBe(100);
    const events = await store.readStream('t-race');
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('answers a repeated idempotency key with the first result and stores nothing new', async () => {
    const first = await store.append('t-3', 'no_stream', [inc(5)], opts({ idempotencyKey: 'req-1' }));
    const again = await store.append('t-3', 'no_stream', [inc(5)], opts({ idempotencyKey: 'req-1' }));
    expect(again).toEqual({ ...first, replayed: true });
    expect(await store.readStream('t-3')).toHaveLength(1);
    // Concurrent repeats of a fresh key: one append, the rest answer with it or say it is in progress.
    const racing = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        store.append('t-3', 'any', [inc(1)], opts({ idempotencyKey: 'req-2' })),
      ),
    );
    const ok = racing
      .filter((r) => r.status === 'fulfilled')
      .map((r) => (r as PromiseFulfilledResult<{ toVersion: number }>).value);
    expect(new Set(ok.map((r) => r.toVersion)).size).toBe(1);
    expect(await store.streamVersion('t-3')).toBe(2);
  });

  it('rejects a malformed payload at append, naming the field, and stores nothing', async () => {
    const err = await store
      .append('t-4', 'no_stream', [inc(1), { type: 'Incremented', payload: { by: -1, reason: 'x' } }], opts())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('events.1.payload.by');
    await expect(
      store.append('t-4', 'no_stream', [{ type: 'Unknown', payload: {} }], opts()),
    ).rejects.toThrow(/events.0.type/);
    expect(await store.streamVersion('t-4')).toBe(0);
    expect(await store.readAll(1, 100)).toEqual([]);
  });

  it('reads events stored under an old schema version as the current one', async () => {
    const v1Only = createEventRegistry(
      sampleRegistry.contracts.filter((c) => !(c.type === 'Incremented' && c.version === 2)),
    );
    const old = new MongoEventStore({ db: f.db, registry: v1Only });
    await old.append('t-5', 'no_stream', [{ type: 'Incremented', payload: { by: 4 } }], opts());
    const [e] = await store.readStream('t-5');
    expect(e).toMatchObject({ schemaVersion: 2, payload: { by: 4, reason: 'unspecified' } });
  });

  it('gives every commit a place in one total order that keeps each stream in version order', async () => {
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; i < 10; i++) await store.append(`t-all-${i % 3}`, 'any', [inc(w + 1)], opts());
      }),
    );
    const all = await store.readAll(1, 1000);
    expect(all).toHaveLength(40);
    const positions = all.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (let s = 0; s < 3; s++) {
      const versions = all.filter((e) => e.streamId === `t-all-${s}`).map((e) => e.streamVersion);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
    }
    const page = await store.readAll(all[10]!.position, 5);
    expect(page[0]).toEqual(all[10]);
  });

  it('leaves 0 or all 3 events of an append when the appending process is killed', async () => {
    for (let round = 0; round < 5; round++) {
      const child = runProcess('appendLoop', {
        MONGODB_URL: f.mongoUrl,
        DB: f.dbName,
        STREAMS: '3',
        EVENTS: '3',
        WORKERS: '3',
      });
      await until('some appends', () => child.lines.length > 5 + round * 3);
      await new Promise((r) => setTimeout(r, Math.random() * 50));
      child.kill('SIGKILL');
      await child.exited;
    }
    for (let s = 0; s < 3; s++) {
      const events = await store.readStream(`tally-${s}`);
      expect(events.length % 3).toBe(0);
      expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i + 1));
    }
    const commits = await store.commits.find({}).toArray();
    expect(commits.length).toBeGreaterThan(0);
    for (const c of commits) expect(c.events).toHaveLength(3);
  });
});
