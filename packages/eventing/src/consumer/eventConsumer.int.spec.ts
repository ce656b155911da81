import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Collection } from 'mongodb';
import type { EventEnvelope } from '../contracts/index.ts';
import { createTopic, fixture, until, type Fixture } from '../testing/fixtures.ts';
import { sampleRegistry } from '../testing/sampleDomain.ts';
import { listDeadLetters, replayDeadLetters } from './deadLetters.ts';
import { EventConsumer } from './eventConsumer.ts';
import { applyOnce } from './readModel.ts';

let f: Fixture;
let consumer: EventConsumer | undefined;
const silent = pino({ level: 'silent' });
interface Tally {
  _id: string;
  sum: number;
  count: number;
  _v?: number;
}

beforeEach(async () => {
  f = await fixture('consumer');
});
afterEach(async () => {
  await consumer?.stop();
  consumer = undefined;
  await f.close();
});

let version = 0;
function envelope(streamId: string, by: number, overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: randomUUID(),
    streamId,
    streamVersion: ++version,
    type: 'Incremented',
    schemaVersion: 2,
    occurredAt: new Date().toISOString(),
    payload: { by, reason: 'test' },
    metadata: { correlationId: 'c' },
    ...overrides,
  };
}

async function produce(topic: string, events: Array<EventEnvelope | string>) {
  const producer = f.kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    acks: -1,
    messages: events.map((e) =>
      typeof e === 'string'
        ? { key: 'raw', value: e, headers: { 'event-id': 'raw' } }
        : { key: e.streamId, value: JSON.stringify(e), headers: { 'event-id': e.id, 'event-type': e.type } },
    ),
  });
  await producer.disconnect();
}

function tallyHandler(tallies: Collection<Tally>) {
  return async (e: EventEnvelope) => {
    const { by } = e.payload as { by: number };
    await applyOnce(tallies, e.streamId, e.streamVersion, { $inc: { sum: by, count: 1 } });
  };
}

describe('event consumer', () => {
  it('applies each event once even when it is delivered twice', async () => {
    const topic = await createTopic(f.kafka, 'dup', 1);
    const tallies = f.db.collection<Tally>('tallies');
    const a = envelope('s-1', 2);
    const b = envelope('s-1', 3);
    await produce(topic, [a, b, a, b]);
    consumer = new EventConsumer({
      kafka: f.kafka,
      groupId: `g-${topic}`,
      topics: [topic],
      registry: sampleRegistry,
      handle: tallyHandler(tallies),
      logger: silent,
    });
    await consumer.start();
    await until('both applied', async () => (await tallies.findOne({ _id: 's-1' }))?.count === 2);
    await new Promise((r) => setTimeout(r, 500));
    expect(await tallies.findOne({ _id: 's-1' })).toMatchObject({ sum: 5, count: 2 });
  });

  it('sends a message that fails its schema to the dead-letter topic and keeps the partition moving', async () => {
    const topic = await createTopic(f.kafka, 'poison', 1);
    const tallies = f.db.collection<Tally>('tallies');
    const bad = envelope('s-2', 1, { payload: { by: 'lots', reason: 'x' } });
    await produce(topic, [envelope('s-2', 1), bad, 'not json at all', envelope('s-2', 4)]);
    consumer = new EventConsumer({
      kafka: f.kafka,
      groupId: `g-${topic}`,
      topics: [topic],
      registry: sampleRegistry,
      handle: tallyHandler(tallies),
      logger: silent,
    });
    await consumer.start();
    await until('later messages applied', async () => (await tallies.findOne({ _id: 's-2' }))?.sum === 5);
    const letters = await listDeadLetters(f.kafka, consumer.deadLetterTopic);
    expect(letters).toHaveLength(2);
    expect(letters[0]).toMatchObject({
      originalTopic: topic,
      errorName: 'PoisonMessageError',
      eventId: bad.id,
      attempts: 1,
    });
    expect(letters[0]!.error).toMatch(/payload\.by/);
    expect(letters[0]!.headers['event-type']).toBe('Incremented');
    expect(letters[1]!.error).toMatch(/not JSON/);
  });

  it('retries a transient failure with backoff instead of dead-lettering it', async () => {
    const topic = await createTopic(f.kafka, 'transient', 1);
    const tallies = f.db.collection<Tally>('tallies');
    let failures = 0;
    const handle = tallyHandler(tallies);
    await produce(topic, [envelope('s-3', 7)]);
    consumer = new EventConsumer({
      kafka: f.kafka,
      groupId: `g-${topic}`,
      topics: [topic],
      registry: sampleRegistry,
      maxAttempts: 2,
      backoff: { initialMs: 20, maxMs: 100 },
      logger: silent,
      handle: async (e) => {
        if (failures++ < 4) throw Object.assign(new Error('connection reset'), { name: 'MongoNetworkError' });
        await handle(e);
      },
    });
    await consumer.start();
    await until('applied after retries', async () => (await tallies.findOne({ _id: 's-3' }))?.sum === 7);
    expect(failures).toBe(5);
    expect(await listDeadLetters(f.kafka, consumer.deadLetterTopic)).toEqual([]);
  });

  it('dead-letters a message the handler keeps refusing, and applies it when replayed after a fix', async () => {
    const topic = await createTopic(f.kafka, 'replay', 1);
    const tallies = f.db.collection<Tally>('tallies');
    let fixed = false;
    const handle = tallyHandler(tallies);
    const unlucky = envelope('s-4', 13);
    await produce(topic, [unlucky, envelope('s-5', 1)]);
    consumer = new EventConsumer({
      kafka: f.kafka,
      groupId: `g-${topic}`,
      topics: [topic],
      registry: sampleRegistry,
      maxAttempts: 3,
      backoff: { initialMs: 10, maxMs: 50 },
      logger: silent,
      handle: async (e) => {
        if (!fixed && (e.payload as { by: number }).by === 13) throw new Error('13 is unlucky');
        await handle(e);
      },
    });
    await consumer.start();
    await until('the next message applied', async () => (await tallies.findOne({ _id: 's-5' })) !== null);
    const [letter] = await listDeadLetters(f.kafka, consumer.deadLetterTopic);
    expect(letter).toMatchObject({ eventId: unlucky.id, attempts: 3, error: '13 is unlucky' });
    expect(await tallies.findOne({ _id: 's-4' })).toBeNull();
    fixed = true;
    await replayDeadLetters(f.kafka, [letter!]);
    await until(
      'the replayed message applied',
      async () => (await tallies.findOne({ _id: 's-4' }))?.sum === 13,
    );
  });

  it("handles a partition's streams side by side, each stream in order, and commits the batch once handled", async () => {
    const topic = await createTopic(f.kafka, 'keyed', 1);
    const streams = ['s-6', 's-7', 's-8'];
    await produce(
      topic,
      [1, 2, 3, 4].flatMap((by) => streams.map((s) => envelope(s, by))),
    );
    const seen: Record<string, number[]> = {};
    let running = 0;
    let most = 0;
    const start = (handled: string[]) =>
      new EventConsumer({
        kafka: f.kafka,
        groupId: `g-${topic}`,
        topics: [topic],
        registry: sampleRegistry,
        streamsConcurrently: 3,
        logger: silent,
        handle: async (e) => {
          running++;
          most = Math.max(most, running);
          await new Promise((r) => setTimeout(r, 20));
          (seen[e.streamId] ??= []).push((e.payload as { by: number }).by);
          handled.push(e.id);
          running--;
        },
      });
    const first: string[] = [];
    consumer = start(first);
    await consumer.start();
    await until('all twelve handled', async () => first.length === 12);
    for (const s of streams) expect(seen[s]).toEqual([1, 2, 3, 4]);
    expect(most).toBeGreaterThan(1);
    await consumer.stop();
    // The same group again: only what came after the handled batch is delivered.
    const later = envelope('s-6', 5);
    await produce(topic, [later]);
    const second: string[] = [];
    consumer = start(second);
    await consumer.start();
    await until('the later event handled', async () => second.length === 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(second).toEqual([later.id]);
  });
});
