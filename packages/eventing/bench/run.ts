/**
 * Eventing benchmarks: each prints the project's figure beside a raw baseline measured in the same run on
 * the same servers. Run with the native stack up: `./fivesoc bench` (or `pnpm bench` with KAFKA_BROKERS and
 * MONGODB_URL set). Bounded: fixed counts, loopback servers only, stops by itself.
 *   BENCH_APPENDS (default 2000)  BENCH_EVENTS (default 5000)  BENCH_WRITERS (default 32)
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { MongoClient, type Db } from 'mongodb';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { pino } from 'pino';
import { EventConsumer, MongoEventStore, OutboxRelay, applyOnce, type EventEnvelope } from '../src/index.ts';
import { inc, incremented, meta, sampleRegistry } from '../src/testing/sampleDomain.ts';

const mongoUrl = process.env.MONGODB_URL;
const brokers = process.env.KAFKA_BROKERS?.split(',');
if (!mongoUrl || !brokers) {
  console.error('set MONGODB_URL and KAFKA_BROKERS (./fivesoc bench does it for you)');
  process.exit(2);
}
const APPENDS = Number(process.env.BENCH_APPENDS ?? 2000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 32);
const silent = pino({ level: 'silent' });
// As a service's client (the driver's default pool of 100).
const client = new MongoClient(mongoUrl);
const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });
const run = randomUUID().slice(0, 8);
const dbs: Db[] = [];
const freshDb = (label: string) => {
  const db = client.db(`bench_${label}_${run}`);
  dbs.push(db);
  return db;
};

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (n: number, d = 0) => n.toFixed(d).padStart(9);
const rows: string[][] = [];
function report(
  name: string,
  project: { perSec: number; p50?: number; p99?: number },
  raw: { perSec: number; p50?: number; p99?: number },
) {
  const lat = (x: { p50?: number; p99?: number }) =>
    x.p50 === undefined ? '' : ` p50 ${x.p50.toFixed(2)} ms, p99 ${x.p99!.toFixed(2)} ms`;
  rows.push([
    name,
    `${fmt(project.perSec)}/s${lat(project)}`,
    `${fmt(raw.perSec)}/s${lat(raw)}`,
    `${(project.perSec / raw.perSec).toFixed(2)}x`,
  ]);
  console.log(
    `${name}\n  fivesoc: ${fmt(project.perSec)}/s${lat(project)}\n  raw:     ${fmt(raw.perSec)}/s${lat(raw)}\n  ratio:   ${(project.perSec / raw.perSec).toFixed(2)}`,
  );
}

async function createTopic(label: string, partitions = 3): Promise<string> {
  const topic = `bench.${label}.${run}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  return topic;
}

/** 1. append (store) vs a raw insertOne loop: one writer, sequential, latency per call. */
async function benchAppend() {
  const store = await new MongoEventStore({ db: freshDb('append'), registry: sampleRegistry }).init();
  const lat: number[] = [];
  let t0 = performance.now();
  for (let i = 0; i < APPENDS; i++) {
    const t = performance.now();
    await store.append(`s-${i % 100}`, 'any', [inc(1)], { metadata: meta(), occurredAt: new Date() });
    lat.push(performance.now() - t);
  }
  const project = {
    perSec: APPENDS / ((performance.now() - t0) / 1000),
    p50: pct(lat, 50),
    p99: pct(lat, 99),
  };
  const raw = freshDb('insert').collection('events');
  const rawLat: number[] = [];
  t0 = performance.now();
  for (let i = 0; i < APPENDS; i++) {
    const t = performance.now();
    await raw.insertOne({
      _id: randomUUID() as never,
      streamId: `s-${i % 100}`,
      type: 'Incremented',
      payload: { by: 1, reason: 'test' },
      at: new Date(),
    });
    rawLat.push(performance.now() - t);
  }
  report(`append, ${APPENDS} sequential calls of 1 event`, project, {
    perSec: APPENDS / ((performance.now() - t0) / 1000),
    p50: pct(rawLat, 50),
    p99: pct(rawLat, 99),
  });
}

/** 1b. WRITERS concurrent writers, each appending to streams of its own, vs as many raw insertOne writers. */
async function benchConcurrentAppend() {
  const store = await new MongoEventStore({ db: freshDb('append32'), registry: sampleRegistry }).init();
  const perWriter = Math.ceil(APPENDS / WRITERS);
  const lat: number[] = [];
  let t0 = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) {
        const t = performance.now();
        await store.append(`w${w}-s${i % 10}`, 'any', [inc(1)], { metadata: meta(), occurredAt: new Date() });
        lat.push(performance.now() - t);
      }
    }),
  );
  const n = perWriter * WRITERS;
  const project = { perSec: n / ((performance.now() - t0) / 1000), p50: pct(lat, 50), p99: pct(lat, 99) };
  await store.flush();
  const raw = freshDb('insert32').collection('events');
  const rawLat: number[] = [];
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) {
        const t = performance.now();
        await raw.insertOne({
          _id: randomUUID() as never,
          streamId: `w${w}-s${i % 10}`,
          type: 'Incremented',
          payload: { by: 1, reason: 'test' },
          at: new Date(),
        });
        rawLat.push(performance.now() - t);
      }
    }),
  );
  report(`append, ${WRITERS} concurrent writers, ${n} calls of 1 event to different streams`, project, {
    perSec: n / ((performance.now() - t0) / 1000),
    p50: pct(rawLat, 50),
    p99: pct(rawLat, 99),
  });
}

/** A relay made now (it hears its store's appends from then on), timed from its start to `count` published. */
function relayTimer(store: MongoEventStore, topic: string, count: number) {
  let published = 0;
  const relay = new OutboxRelay({
    store,
    kafka,
    topic,
    logger: silent,
    batchSize: 500,
    onPublished: (i) => void (published += i.events),
  });
  return {
    run: async (): Promise<{ perSec: number }> => {
      const t0 = performance.now();
      await relay.start();
      while (published < count) await new Promise((r) => setTimeout(r, 5));
      const perSec = count / ((performance.now() - t0) / 1000);
      await relay.stop();
      return { perSec };
    },
  };
}

/**
 * 2. relay publishing stored events to Kafka vs a raw producer sending as many messages in batches:
 *    - stored by another process: the relay reads each commit's log entry by `_id`, 64 at a time;
 *    - appended in its own process: the entries come from memory, nothing is read.
 */
async function benchRelay() {
  const db = freshDb('relay');
  const writer = await new MongoEventStore({ db, registry: sampleRegistry }).init();
  const appendAll = (store: MongoEventStore, prefix: string) =>
    Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = w; i < EVENTS; i += WRITERS)
          await store.append(`${prefix}-${i % 200}`, 'any', [inc(1)], {
            metadata: meta(),
            occurredAt: new Date(),
          });
      }),
    );
  await appendAll(writer, 's');
  await writer.flush();
  // A store instance that wrote nothing: the relay of another process, or after a restart.
  const reader = new MongoEventStore({ db, registry: sampleRegistry });
  const coldResult = await relayTimer(reader, await createTopic('relay-cold'), EVENTS).run();

  const own = await new MongoEventStore({ db: freshDb('relay-own'), registry: sampleRegistry }).init();
  const live = relayTimer(own, await createTopic('relay-live'), EVENTS);
  await appendAll(own, 's');
  const liveResult = await live.run();

  const rawTopic = await createTopic('raw-producer');
  const producer = kafka.producer({ maxInFlightRequests: 1 });
  await producer.connect();
  const envelope = JSON.stringify({
    id: randomUUID(),
    streamId: 's-1',
    streamVersion: 1,
    type: 'Incremented',
    schemaVersion: 2,
    payload: { by: 1, reason: 'test' },
    metadata: meta(),
  });
  const t0 = performance.now();
  for (let i = 0; i < EVENTS; i += 500) {
    const messages: Message[] = Array.from({ length: Math.min(500, EVENTS - i) }, (_, j) => ({
      key: `s-${(i + j) % 200}`,
      value: envelope,
      headers: { 'event-id': randomUUID(), 'event-type': 'Incremented' },
    }));
    await producer.send({ topic: rawTopic, messages, acks: -1 });
  }
  const raw = { perSec: EVENTS / ((performance.now() - t0) / 1000) };
  await producer.disconnect();
  report(`relay publish, ${EVENTS} events appended in its own process (batches of 500)`, liveResult, raw);
  report(`relay publish, ${EVENTS} events stored by another process (batches of 500)`, coldResult, raw);
}

/** 3. consumer applying read-model updates vs a raw consumer doing the same MongoDB write. */
async function benchConsumer() {
  const topic = await createTopic('consume');
  const producer = kafka.producer();
  await producer.connect();
  const versions = new Map<string, number>();
  const messages: Message[] = Array.from({ length: EVENTS }, (_, i) => {
    const streamId = `s-${i % 200}`;
    const v = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, v);
    const e = incremented(streamId, v);
    return { key: streamId, value: JSON.stringify(e), headers: { 'event-id': e.id } };
  });
  for (let i = 0; i < messages.length; i += 1000)
    await producer.send({ topic, messages: messages.slice(i, i + 1000), acks: -1 });
  await producer.disconnect();

  const project = await timeConsumption(async (count) => {
    const tallies = freshDb('consumer').collection<{ _id: string; sum: number }>('tallies');
    const consumer = new EventConsumer({
      kafka,
      groupId: `bench-project-${run}`,
      topics: [topic],
      registry: sampleRegistry,
      logger: silent,
      partitionsConsumedConcurrently: 3,
      handle: async (e) => {
        await applyOnce(tallies, e.streamId, e.streamVersion, {
          $inc: { sum: (e.payload as { by: number }).by },
        });
        count();
      },
    });
    await consumer.start();
    return () => consumer.stop();
  });
  const raw = await timeConsumption(async (count) => {
    const tallies = freshDb('rawconsumer').collection<{ _id: string; sum: number }>('tallies');
    const consumer = kafka.consumer({ groupId: `bench-raw-${run}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ message }) => {
        const e = JSON.parse(message.value!.toString()) as EventEnvelope<{ by: number }>;
        await tallies.updateOne({ _id: e.streamId }, { $inc: { sum: e.payload.by } }, { upsert: true });
        count();
      },
    });
    return () => consumer.disconnect();
  });
  report(`consumer, ${EVENTS} events into a read model (3 partitions)`, project, raw);
}

/** Time from the first message handled to the last (group join excluded: it is the same for both). */
async function timeConsumption(
  start: (count: () => void) => Promise<() => Promise<void>>,
): Promise<{ perSec: number }> {
  let n = 0;
  let first = 0;
  const stop = await start(() => {
    if (n++ === 0) first = performance.now();
  });
  const deadline = Date.now() + 300_000;
  while (n < EVENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const elapsed = performance.now() - first;
  await stop();
  if (n < EVENTS) throw new Error(`only ${n} of ${EVENTS} consumed in time`);
  return { perSec: (EVENTS - 1) / (elapsed / 1000) };
}

try {
  console.log(
    `fivesoc eventing benchmarks — ${new Date().toISOString()} — node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
  );
  console.log(`MongoDB-wire server ${mongoUrl}, Kafka ${brokers.join(',')}\n`);
  await benchAppend();
  await benchConcurrentAppend();
  await benchRelay();
  await benchConsumer();
  console.log(
    `\nload average (1, 5, 15 min): ${loadavg()
      .map((x) => x.toFixed(2))
      .join(', ')}`,
  );
  console.log('\n| benchmark | fivesoc | raw baseline | ratio |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
} finally {
  for (const db of dbs) await db.dropDatabase().catch(() => undefined);
  await client.close();
}
