import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { EventConsumer, applyOnce } from '../consumer/index.ts';
import { MongoEventStore } from '../eventStore/index.ts';
import { createTopic, fixture, runProcess, until, type Child, type Fixture } from '../testing/fixtures.ts';
import { sampleRegistry } from '../testing/sampleDomain.ts';

const APPENDS = 10_000;
let f: Fixture;
const children: Child[] = [];
beforeAll(async () => {
  f = await fixture('crash');
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await f.close();
});

interface Tally {
  _id: string;
  sum: number;
  count: number;
  _v?: number;
}

describe('outbox relay under crashes', () => {
  it(
    'delivers every event of 10,000 appends in stream order though the relay is SIGKILLed at random points',
    { timeout: 1_500_000 },
    async () => {
      const store = new MongoEventStore({ db: f.db, registry: sampleRegistry });
      const topic = await createTopic(f.kafka, 'crash', 3);
      const tallies = f.db.collection<Tally>('tallies');
      let duplicates = 0;
      let applied = 0;
      const outOfOrder: string[] = [];
      const consumer = new EventConsumer({
        kafka: f.kafka,
        groupId: `g-${topic}`,
        topics: [topic],
        registry: sampleRegistry,
        partitionsConsumedConcurrently: 3,
        logger: pino({ level: 'silent' }),
        handle: async (e) => {
          const last = (await tallies.findOne({ _id: e.streamId }))?._v ?? 0;
          if (e.streamVersion <= last) {
            duplicates++;
            return;
          }
          if (e.streamVersion !== last + 1)
            outOfOrder.push(`${e.streamId}: v${e.streamVersion} after v${last}`);
          const { by } = e.payload as { by: number };
          if (
            (await applyOnce(tallies, e.streamId, e.streamVersion, { $inc: { sum: by, count: 1 } })) ===
            'applied'
          )
            applied++;
        },
      });
      await consumer.start();

      const appender = runProcess('appendLoop', {
        MONGODB_URL: f.mongoUrl,
        DB: f.dbName,
        STREAMS: '100',
        EVENTS: '1',
        WORKERS: '8',
        APPENDS: String(APPENDS),
      });
      children.push(appender);
      const relayEnv = {
        MONGODB_URL: f.mongoUrl,
        DB: f.dbName,
        KAFKA_BROKERS: f.brokers.join(','),
        TOPIC: topic,
        INSTANCE: 'relay-1',
        LEASE_TTL_MS: '3000',
        BATCH: '200',
        KILL_AFTER_SEND: '0.1',
      };
      let kills = 0;
      const appended = () => appender.lines.includes('done');
      // Killed from outside at random moments, and from inside right after Kafka acknowledged a batch
      // (before the checkpoint moved): the crash point that makes duplicates. The moments count from the
      // relay's start, not its spawn: on a loaded machine a process may take longer than the whole window
      // just to load, and a relay killed before it ran would test nothing.
      while (!appended()) {
        const relay = runProcess('relayProcess', relayEnv);
        children.push(relay);
        let gone = false;
        void relay.exited.then(() => (gone = true));
        await until('the relay to start', () => gone || relay.lines.includes('started'), 120_000);
        await Promise.race([relay.exited, new Promise((r) => setTimeout(r, 1500 + Math.random() * 3000))]);
        relay.kill('SIGKILL');
        await relay.exited;
        kills++;
      }
      expect(await appender.exited).toBe(0);
      const finalRelay = runProcess('relayProcess', { ...relayEnv, KILL_AFTER_SEND: '0' });
      children.push(finalRelay);

      const acked = appender.lines.filter((l) => l.startsWith('ack ')).length;
      await until('the read model to hold every acknowledged event', () => applied >= acked, 900_000);
      await new Promise((r) => setTimeout(r, 1000));
      finalRelay.kill('SIGTERM');
      await consumer.stop();

      expect(kills).toBeGreaterThanOrEqual(3);
      expect(duplicates).toBeGreaterThan(0); // redelivered after a crash between send and checkpoint
      expect(outOfOrder).toEqual([]);
      // The read model equals a fold of the store, stream by stream: nothing lost, nothing applied twice.
      let storedEvents = 0;
      for (let s = 0; s < 100; s++) {
        const events = await store.readStream(`tally-${s}`);
        storedEvents += events.length;
        const sum = events.reduce((acc, e) => acc + (e.payload as { by: number }).by, 0);
        expect(await tallies.findOne({ _id: `tally-${s}` })).toMatchObject({
          count: events.length,
          sum,
          _v: events.length,
        });
      }
      expect(storedEvents).toBe(acked);
      expect(applied).toBe(acked);
      console.log(`relay killed ${kills} times; ${acked} events; ${duplicates} duplicate deliveries dropped`);
    },
  );
});
