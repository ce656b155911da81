import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { KafkaMessage } from 'kafkajs';
import { MongoEventStore } from '../eventStore/index.ts';
import { createTopic, fixture, runProcess, until, type Child, type Fixture } from '../testing/fixtures.ts';
import { inc, meta, sampleRegistry } from '../testing/sampleDomain.ts';
import { OutboxRelay } from './outboxRelay.ts';

let f: Fixture;
let store: MongoEventStore;
const children: Child[] = [];
const silent = pino({ level: 'silent' });

beforeEach(async () => {
  f = await fixture('relay');
  store = await new MongoEventStore({ db: f.db, registry: sampleRegistry }).init();
});
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await f.close();
});

async function readTopic(topic: string, expected: number): Promise<KafkaMessage[]> {
  const consumer = f.kafka.consumer({ groupId: `reader-${topic}` });
  const got: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
  // Distinct events, not messages: a relay that takes over resends what its predecessor published after
  // the last checkpoint (at least once), and those duplicates must not end the wait early.
  const distinct = () => new Set(got.map((m) => m.headers?.['event-id']?.toString())).size;
  await until(`${expected} distinct events on ${topic}`, () => distinct() >= expected, 60_000);
  await consumer.disconnect();
  return got;
}

describe('outbox relay', () => {
  it('publishes every stored event with key = stream id, the metadata as headers, in stream order', async () => {
    const topic = await createTopic(f.kafka, 'relay-order');
    for (let i = 0; i < 30; i++) {
      await store.append(`s-${i % 3}`, 'any', [inc(i + 1)], {
        metadata: { correlationId: `c-${i}`, causationId: `cmd-${i}`, actor: 'u1' },
        occurredAt: new Date(),
      });
    }
    const relay = new OutboxRelay({ store, kafka: f.kafka, topic, logger: silent });
    await relay.start();
    const messages = await readTopic(topic, 30);
    await relay.stop();
    expect(messages).toHaveLength(30);
    const first = messages.find((m) => m.headers?.['correlation-id']?.toString() === 'c-0')!;
    expect(first.key?.toString()).toBe('s-0');
    const h = Object.fromEntries(Object.entries(first.headers ?? {}).map(([k, v]) => [k, v?.toString()]));
    expect(h).toMatchObject({
      'event-type': 'Incremented',
      'schema-version': '2',
      'stream-id': 's-0',
      'stream-version': '1',
      'causation-id': 'cmd-0',
      actor: 'u1',
    });
    expect(h['event-id']).toMatch(/^[0-9a-f-]{36}$/);
    for (let s = 0; s < 3; s++) {
      const versions = messages
        .filter((m) => m.key?.toString() === `s-${s}`)
        .map((m) => Number(m.headers?.['stream-version']?.toString()));
      expect(versions).toEqual(versions.map((_, i) => i + 1));
    }
  });

  it('lets only one of two instances publish at a time, and hands over within the lease time when the holder is killed', async () => {
    const topic = await createTopic(f.kafka, 'relay-lease');
    const ttl = 2000;
    const env = {
      MONGODB_URL: f.mongoUrl,
      DB: f.dbName,
      KAFKA_BROKERS: f.brokers.join(','),
      TOPIC: topic,
      LEASE_TTL_MS: String(ttl),
      BATCH: '20',
    };
    const a = runProcess('relayProcess', { ...env, INSTANCE: 'relay-a' });
    const b = runProcess('relayProcess', { ...env, INSTANCE: 'relay-b' });
    children.push(a, b);
    await until('both relays started', () => a.lines.includes('started') && b.lines.includes('started'));
    const batches = () =>
      [...a.lines, ...b.lines]
        .filter((l) => l.startsWith('published '))
        .map((l) => {
          const [, instance, events, startedAt, endedAt] = l.split(' ');
          return {
            instance: instance!,
            events: Number(events),
            startedAt: Number(startedAt),
            endedAt: Number(endedAt),
          };
        });
    let appended = 0;
    let appending = true;
    const appender = (async () => {
      while (appending) {
        await store.append(`s-${appended % 5}`, 'any', [inc(1)], {
          metadata: meta(),
          occurredAt: new Date(),
        });
        appended++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await until('a few batches', () => batches().length >= 5, 30_000);
    const holder = batches().at(-1)!.instance;
    const [victim, survivor] = holder === 'relay-a' ? [a, 'relay-b'] : [b, 'relay-a'];
    victim.kill('SIGKILL');
    const killedAt = Date.now();
    await until(
      'the other instance to take over',
      () => batches().some((x) => x.instance === survivor && x.startedAt > killedAt),
      20_000,
    );
    const takeover =
      batches().find((x) => x.instance === survivor && x.startedAt > killedAt)!.startedAt - killedAt;
    appending = false;
    await appender;
    expect(takeover).toBeLessThanOrEqual(ttl + 1000);
    // No two batches of different instances overlap in time.
    const all = batches();
    for (const x of all) {
      for (const y of all) {
        if (x.instance !== y.instance) expect(x.endedAt < y.startedAt || y.endedAt < x.startedAt).toBe(true);
      }
    }
    // And nothing stored was left behind.
    const messages = await readTopic(topic, appended);
    const ids = new Set(messages.map((m) => m.headers?.['event-id']?.toString()));
    expect(ids.size).toBe(appended);
  });
});
