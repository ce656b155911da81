/**
 * Read-model replay benchmark: events per second folded into linkage's read models while a fresh consumer
 * group replays the five societies' topics from offset zero into a fresh database, beside two raw kafkajs
 * consumers over the same topics in the same run:
 *   - naive: `eachMessage` and one `updateOne` upsert by stream id per event linkage reads (the raw
 *     baseline of the event-store/bus issue: the same MongoDB writing per event, done the naive way);
 *   - consume only: `eachBatch`, JSON-parsing every message and writing nothing (the ceiling of kafkajs).
 *
 * Run with the native stack up: `./fivesoc bench` (or `pnpm bench` here with KAFKA_BROKERS and MONGODB_URL
 * set). `--events N` (or BENCH_LINKAGE_EVENTS) sets the count, 1,000,000 by default. Bounded: fresh topics
 * and databases named by run, loopback servers only, a deadline per phase; it deletes what it made.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { Writable } from 'node:stream';
import { Kafka, logLevel, type Admin, type Consumer, type Message } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { pino } from 'pino';
import { COLLECTIONS } from '../src/readModels/collections.ts';
import { charityContract } from '../src/readModels/contracts/charity.ts';
import { communityContract } from '../src/readModels/contracts/community.ts';
import { organizationContract } from '../src/readModels/contracts/organization.ts';
import { socialWorkerContract } from '../src/readModels/contracts/socialWorker.ts';
import { volunteerContract } from '../src/readModels/contracts/volunteer.ts';
import { ReadModels, type Sources } from '../src/readModels/readModels.ts';
import { history, type Society } from './history.ts';

const mongoUrl = process.env.MONGODB_URL;
const brokers = process.env.KAFKA_BROKERS?.split(',');
if (!mongoUrl || !brokers) {
  console.error('set MONGODB_URL and KAFKA_BROKERS (./fivesoc bench does it for you)');
  process.exit(2);
}
const flag = process.argv.indexOf('--events');
const EVENTS = Number(flag > 0 ? process.argv[flag + 1] : (process.env.BENCH_LINKAGE_EVENTS ?? 1_000_000));
if (!Number.isInteger(EVENTS) || EVENTS < 1000) {
  console.error('--events must be a whole number of at least 1000');
  process.exit(2);
}
const PARTITIONS = 3; // as ensureTopic makes the societies' topics
/** Each consumption phase gives up after this long (2 minutes + 3 ms per event). */
const PHASE_DEADLINE_MS = 120_000 + EVENTS * 3;

const run = randomUUID().slice(0, 8);
const client = new MongoClient(mongoUrl, { maxPoolSize: 20 });
const kafka = new Kafka({ clientId: 'bench-linkage', brokers, logLevel: logLevel.NOTHING });
const dbs: Db[] = [];
const freshDb = (label: string) => {
  const db = client.db(`bench_lk_${label}_${run}`);
  dbs.push(db);
  return db;
};
const sources: Sources = {
  community: `bench.lk-community.${run}`,
  socialWorker: `bench.lk-social-worker.${run}`,
  volunteer: `bench.lk-volunteer.${run}`,
  organization: `bench.lk-organization.${run}`,
  charity: `bench.lk-charity.${run}`,
};
const topics = Object.values(sources) as string[];
const groups: string[] = [];
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
});

const READ_TYPES = new Set(
  [communityContract, socialWorkerContract, volunteerContract, organizationContract, charityContract].flatMap(
    (c) => Object.keys(c),
  ),
);
/** The read-model collection of a stream, by its prefix (as the handlers file them). */
const COLLECTION_OF: [string, string][] = [
  ['district-', COLLECTIONS.treeUnits],
  ['street-', COLLECTIONS.treeUnits],
  ['community-', COLLECTIONS.treeUnits],
  ['need-', COLLECTIONS.needs],
  ['worker-', COLLECTIONS.workers],
  ['volunteer-', COLLECTIONS.volunteers],
  ['schedule-', COLLECTIONS.schedules],
  ['task-', COLLECTIONS.tasks],
  ['organization-', COLLECTIONS.organizations],
  ['donation-', COLLECTIONS.donations],
  ['fund-', COLLECTIONS.funds],
];

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const load = () =>
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Generates the history and sends it, keyed by stream id, each event to its society's topic. */
async function produce() {
  const h = history(EVENTS);
  await withAdmin((admin) =>
    admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
      waitForLeaders: true,
    }),
  );
  const producer = kafka.producer();
  await producer.connect();
  /** The last version of each stream that linkage reads: the `_v` its document must end with. */
  const expected = new Map<string, number>();
  let read = 0;
  let bytes = 0;
  const t0 = performance.now();
  let chunk = new Map<Society, Message[]>();
  let inChunk = 0;
  const flush = async () => {
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...chunk].map(([society, messages]) => ({ topic: sources[society], messages })),
    });
    chunk = new Map();
    inChunk = 0;
  };
  for (const { society, event } of h.events()) {
    if (READ_TYPES.has(event.type)) {
      expected.set(event.streamId, event.streamVersion);
      read++;
    }
    const value = JSON.stringify(event);
    bytes += value.length;
    const list = chunk.get(society) ?? [];
    list.push({
      key: event.streamId,
      value,
      headers: { 'event-id': event.id, 'event-type': event.type, 'stream-id': event.streamId },
    });
    chunk.set(society, list);
    if (++inChunk === 5000) await flush();
    if (interrupted) throw new Error('interrupted');
  }
  if (inChunk > 0) await flush();
  await producer.disconnect();
  const ms = performance.now() - t0;
  console.log(
    `history: ${int(h.length)} events of ${int(h.streams)} streams (${int(read)} of types linkage reads, ` +
      `${int(expected.size)} read-model documents expected), ${(bytes / h.length).toFixed(0)} bytes per event on average; ` +
      `generated and sent in ${secs(ms)}\n`,
  );
  return { length: h.length, expected };
}

/** Committed offsets of the group, summed over the five topics; the end offsets likewise. */
async function progress(admin: Admin, groupId: string): Promise<{ done: number; end: number }> {
  let done = 0;
  let end = 0;
  const committed = await admin.fetchOffsets({ groupId, topics });
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) end += Number(p.high);
    for (const p of committed.find((c) => c.topic === topic)?.partitions ?? [])
      done += Math.max(0, Number(p.offset));
  }
  return { done, end };
}

/**
 * Times a replay: from the group joined (`start` resolved) until the group has committed the end of every
 * partition. Both sides are timed the same way, polling the committed offsets every 100 ms.
 */
async function timeReplay(
  label: string,
  groupId: string,
  start: () => Promise<() => Promise<void>>,
): Promise<{ perSec: number; ms: number }> {
  groups.push(groupId);
  const stop = await start();
  const t0 = performance.now();
  try {
    return await withAdmin(async (admin) => {
      let lastReport = t0;
      for (;;) {
        const { done, end } = await progress(admin, groupId);
        const now = performance.now();
        if (done >= end) return { perSec: end / ((now - t0) / 1000), ms: now - t0 };
        if (interrupted) throw new Error('interrupted');
        if (now - t0 > PHASE_DEADLINE_MS)
          throw new Error(`${label}: only ${done} of ${end} consumed in ${secs(PHASE_DEADLINE_MS)}`);
        if (now - lastReport > 15_000) {
          lastReport = now;
          console.error(`  … ${label}: ${int(done)} / ${int(end)} (${int(done / ((now - t0) / 1000))}/s)`);
        }
        await sleep(100);
      }
    });
  } finally {
    await stop();
  }
}

/** Sums the read models' `batch folded` debug lines. */
function batchTally() {
  const tally = {
    batches: 0,
    messages: 0,
    folded: 0,
    written: 0,
    inserted: 0,
    read: 0,
    deadLettered: 0,
    ms: 0,
  };
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) {
        if (!line.includes('"batch folded"')) continue;
        const b = JSON.parse(line) as {
          messages: number;
          folded: number;
          written: number;
          inserted: number;
          read: number;
          ms: number;
          deadLettered: number;
        };
        tally.batches++;
        tally.messages += b.messages;
        tally.folded += b.folded;
        tally.written += b.written;
        tally.inserted += b.inserted;
        tally.read += b.read;
        tally.ms += b.ms;
        tally.deadLettered += b.deadLettered;
      }
      done();
    },
  });
  return { tally, logger: pino({ level: 'debug' }, sink) };
}

/** Every expected document is there, at the version of its stream's last read event, and nothing else. */
async function verify(db: Db, expected: Map<string, number>): Promise<void> {
  let seen = 0;
  const wrong: string[] = [];
  for (const name of Object.values(COLLECTIONS)) {
    const docs = db.collection<{ _id: string; _v: number }>(name).find({}, { projection: { _v: 1 } });
    for await (const d of docs) {
      seen++;
      const home = COLLECTION_OF.find(([prefix]) => d._id.startsWith(prefix))?.[1];
      if (expected.get(d._id) !== d._v || home !== name) wrong.push(`${name}/${d._id}@${d._v}`);
    }
  }
  if (seen !== expected.size || wrong.length > 0)
    throw new Error(
      `read models differ from the history: ${seen} documents for ${expected.size} expected; ` +
        `wrong: ${wrong.slice(0, 5).join(', ')}`,
    );
}

async function benchProject(expected: Map<string, number>) {
  const db = freshDb('rm');
  const { tally, logger } = batchTally();
  const models = new ReadModels({ kafka, db, logger, sources, groupPrefix: `bench_lk_${run}.rm` });
  const result = await timeReplay('read models', `bench_lk_${run}.rm.g0`, async () => {
    await models.start();
    return () => models.stop();
  });
  await verify(db, expected);
  if (tally.deadLettered > 0) throw new Error(`${tally.deadLettered} events were dead-lettered`);
  return { ...result, tally };
}

async function rawConsumer(groupId: string, run: (c: Consumer) => Promise<void>) {
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await run(consumer);
  return () => consumer.disconnect();
}

/** The issue-3 baseline: eachMessage, parse, one upsert by stream id per event linkage reads. */
async function benchNaive() {
  const db = freshDb('naive');
  return timeReplay('raw naive', `bench_lk_${run}.naive`, () =>
    rawConsumer(`bench_lk_${run}.naive`, (consumer) =>
      consumer.run({
        partitionsConsumedConcurrently: 3,
        eachMessage: async ({ topic, message }) => {
          const e = JSON.parse(message.value!.toString()) as {
            streamId: string;
            streamVersion: number;
            type: string;
            payload: unknown;
          };
          if (!READ_TYPES.has(e.type)) return;
          await db
            .collection<{ _id: string }>(topic)
            .updateOne(
              { _id: e.streamId },
              { $set: { type: e.type, v: e.streamVersion, payload: e.payload } },
              { upsert: true },
            );
        },
      }),
    ),
  );
}

/** The ceiling: eachBatch, parse every message, write nothing. */
async function benchConsumeOnly() {
  let parsed = 0;
  const result = await timeReplay('raw consume', `bench_lk_${run}.raw`, () =>
    rawConsumer(`bench_lk_${run}.raw`, (consumer) =>
      consumer.run({
        partitionsConsumedConcurrently: 3,
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) if (JSON.parse(m.value!.toString())) parsed++;
        },
      }),
    ),
  );
  return { ...result, parsed };
}

try {
  console.log(
    `fivesoc linkage read-model replay benchmark — ${new Date().toISOString()} — node ${process.version}, ` +
      `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${load()}`,
  );
  console.log(
    `MongoDB-wire server ${mongoUrl}, Kafka ${brokers.join(',')}; 5 topics × ${PARTITIONS} partitions\n`,
  );
  const { length, expected } = await produce();
  const project = await benchProject(expected);
  const t = project.tally;
  console.log(
    `read models (batched, per-partition cache): ${int(project.perSec)} events/s, ${secs(project.ms)} — ` +
      `${int(t.batches)} batches of ${int(t.messages / t.batches)} events on average (${int(t.ms / t.batches)} ms each), ` +
      `${int(t.written)} document writes (${(t.written / t.folded).toFixed(2)} per event read: ${int(t.inserted)} inserts, ` +
      `${int(t.written - t.inserted)} replaces), ${int(t.read)} reads by _id; all ${int(expected.size)} documents verified; ${load()}`,
  );
  const naive = await benchNaive();
  console.log(
    `raw kafkajs + one upsert per read event: ${int(naive.perSec)} events/s, ${secs(naive.ms)} (${int(t.folded)} upserts); ${load()}`,
  );
  const raw = await benchConsumeOnly();
  console.log(`raw kafkajs consume only: ${int(raw.perSec)} events/s, ${secs(raw.ms)}; ${load()}`);

  const ratio = (x: number) => `${(project.perSec / x).toFixed(2)}x`;
  console.log(`\nread-model replay of ${int(length)} events from offset zero, fresh database`);
  console.log(`  fivesoc:                       ${int(project.perSec).padStart(9)} events/s`);
  console.log(
    `  raw + naive upserts (issue 3): ${int(naive.perSec).padStart(9)} events/s   ratio ${ratio(naive.perSec)}`,
  );
  console.log(
    `  raw consume only:              ${int(raw.perSec).padStart(9)} events/s   ratio ${ratio(raw.perSec)}`,
  );
  console.log('\n| benchmark | fivesoc | raw baseline | ratio |\n|---|---|---|---|');
  console.log(
    `| read-model replay, ${int(length)} events | ${int(project.perSec)} events/s | kafkajs \`eachMessage\` + one \`updateOne\` upsert per read event: ${int(naive.perSec)}/s | ${ratio(naive.perSec)} |`,
  );
  console.log(
    `| (same run) | | kafkajs \`eachBatch\`, parse only, no writes: ${int(raw.perSec)}/s | ${ratio(raw.perSec)} |`,
  );
} finally {
  for (const db of dbs) await db.dropDatabase().catch(() => undefined);
  await client.close();
  await withAdmin(async (admin) => {
    await admin.deleteGroups(groups).catch(() => undefined);
    const existing = new Set(await admin.listTopics());
    await admin
      .deleteTopics({ topics: [...topics, `bench_lk_${run}.rm.dlq`].filter((x) => existing.has(x)) })
      .catch(() => undefined);
  }).catch(() => undefined);
}
