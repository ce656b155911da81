import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Collection } from 'mongodb';
import type { EventEnvelope } from '../contracts/index.ts';
import { createTopic, fixture, until, type Fixture } from '../testing/fixtures.ts';
import { incremented, sampleRegistry } from '../testing/sampleDomain.ts';
import { BatchConsumer, type BatchConsumerOptions } from './batchConsumer.ts';
import { listDeadLetters } from './deadLetters.ts';
import { foldInto, type FoldHandlers, type ReadModelDoc } from './fold.ts';

let f: Fixture;
let consumer: BatchConsumer | undefined;
const silent = pino({ level: 'silent' });
interface Tally extends ReadModelDoc {
  sum: number;
  count: number;
}

beforeEach(async () => {
  f = await fixture('batch-consumer');
});
afterEach(async () => {
  await consumer?.stop();
  consumer = undefined;
  await f.close();
});

const versions = new Map<string, number>();
function envelope(streamId: string, by: number): EventEnvelope {
  const v = (versions.get(streamId) ?? 0) + 1;
  versions.set(streamId, v);
  return incremented(streamId, v, by);
}

async function produce(topic: string, events: EventEnvelope[]) {
  const producer = f.kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    acks: -1,
    messages: events.map((e) => ({
      key: e.streamId,
      value: JSON.stringify(e),
      headers: { 'event-id': e.id, 'event-type': e.type },
    })),
  });
  await producer.disconnect();
}

/** Each `Incremented` adds to the tally of its stream; `check` may refuse a step (throw). */
function tallyHandlers(tallies: Collection<Tally>, check: (by: number) => void = () => undefined) {
  const handlers: FoldHandlers = {
    Incremented: (e) => {
      const { by } = e.payload as { by: number };
      return foldInto(tallies, e.streamId, e, (t) => {
        check(by);
        return { sum: (t?.sum ?? 0) + by, count: (t?.count ?? 0) + 1 };
      });
    },
  };
  return handlers;
}

function start(topic: string, handlers: FoldHandlers, more: Partial<BatchConsumerOptions> = {}) {
  consumer = new BatchConsumer({
    kafka: f.kafka,
    groupId: `g-${topic}`,
    handlers: new Map([[topic, handlers]]),
    db: f.db,
    registry: sampleRegistry,
    logger: silent,
    backoff: { initialMs: 10, maxMs: 50 },
    ...more,
  });
  return consumer.start();
}

describe('batch consumer', () => {
  it('folds each stream into its document once, whatever is delivered twice', async () => {
    const topic = await createTopic(f.kafka, 'batch-dup', 1);
    const tallies = f.db.collection<Tally>('tallies');
    const a = [envelope('s-1', 2), envelope('s-1', 3)];
    const b = [envelope('s-2', 5)];
    await produce(topic, [...a, ...b, ...a]);
    await start(topic, tallyHandlers(tallies));
    await until('both applied', async () => (await tallies.findOne({ _id: 's-2' }))?.count === 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(await tallies.findOne({ _id: 's-1' })).toMatchObject({ sum: 5, count: 2, _v: 2 });
    expect(await listDeadLetters(f.kafka, consumer!.deadLetterTopic)).toEqual([]);
  });

  it('retries a transient failure with backoff instead of dead-lettering it', async () => {
    const topic = await createTopic(f.kafka, 'batch-transient', 1);
    const tallies = f.db.collection<Tally>('tallies');
    let failures = 0;
    const flaky = () => {
      if (failures++ < 4) throw Object.assign(new Error('connection reset'), { name: 'MongoNetworkError' });
    };
    await produce(topic, [envelope('s-3', 7)]);
    await start(topic, tallyHandlers(tallies, flaky), { maxAttempts: 2 });
    await until('applied after retries', async () => (await tallies.findOne({ _id: 's-3' }))?.sum === 7);
    expect(failures).toBe(5);
    expect(await listDeadLetters(f.kafka, consumer!.deadLetterTopic)).toEqual([]);
  });

  it('writes a batch with a failing document one by one and dead-letters only its events', async () => {
    const topic = await createTopic(f.kafka, 'batch-refused', 1);
    const tallies = f.db.collection<Tally>('tallies');
    const unlucky = envelope('s-4', 13);
    const refuse13 = (by: number) => {
      if (by === 13) throw new Error('13 is unlucky');
    };
    await produce(topic, [envelope('s-5', 1), unlucky, envelope('s-6', 2)]);
    await start(topic, tallyHandlers(tallies, refuse13), { maxAttempts: 3 });
    const letters = () => listDeadLetters(f.kafka, consumer!.deadLetterTopic);
    // The dead-letter topic is made by its first letter: asked too early, its partition has no leader yet.
    await until('dead-lettered', async () => (await letters().catch(() => [])).length > 0);
    const [letter, ...others] = await letters();
    expect(others).toEqual([]);
    expect(letter).toMatchObject({
      eventId: unlucky.id,
      attempts: 3,
      error: '13 is unlucky',
      originalTopic: topic,
      groupId: `g-${topic}`,
    });
    expect(await tallies.findOne({ _id: 's-4' })).toBeNull();
    expect(await tallies.findOne({ _id: 's-6' })).toMatchObject({ sum: 2 });
  });

  it('dead-letters a message that fails its schema at once and folds the rest', async () => {
    const topic = await createTopic(f.kafka, 'batch-poison', 1);
    const tallies = f.db.collection<Tally>('tallies');
    const bad = { ...envelope('s-7', 1), payload: { by: 'lots', reason: 'x' } };
    await produce(topic, [bad, envelope('s-8', 4)]);
    await start(topic, tallyHandlers(tallies));
    await until('the next applied', async () => (await tallies.findOne({ _id: 's-8' }))?.sum === 4);
    const letters = () => listDeadLetters(f.kafka, consumer!.deadLetterTopic);
    // The dead-letter topic is made by its first letter: asked too early, its partition has no leader yet.
    await until('dead-lettered', async () => (await letters().catch(() => [])).length > 0);
    const [letter] = await letters();
    expect(letter).toMatchObject({ eventId: bad.id, errorName: 'PoisonMessageError', attempts: 1 });
    expect(letter!.error).toMatch(/payload\.by/);
  });
});
