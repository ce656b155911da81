/**
 * The cost of metrics and tracing on the append path and on the consumer, with and without, in one run on
 * the same servers: phases alternate (off, on, off, on), each in a fresh process so nothing registered by one
 * leaks into the next, and the machine's noise falls on both alike.
 *   off: the OpenTelemetry API disabled (no meter or tracer provider): what a process without telemetry pays.
 *   on:  the kit's meter provider with its Prometheus reader (scraped once per phase) and a recording tracer
 *        provider, the append timed by eventing's hook inside a span as a request's would be, and the
 *        consumer's handling timed by ConsumerMetrics.track inside its CONSUMER span.
 * Run with the native stack up: `./fivesoc bench observability`. BENCH_OBS_APPENDS (default 1000),
 * BENCH_OBS_MESSAGES (default 3000).
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { context, createNoopMeter, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { NoopSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { pino } from 'pino';
import { ensureMetrics, startMetricsServer } from '@fivesoc/service-kit';
import { EventConsumer, MongoEventStore, OutboxRelay, inSpan, registerRelay } from '../src/index.ts';
import { inc, meta, sampleRegistry } from '../src/testing/sampleDomain.ts';

const mongoUrl = process.env.MONGODB_URL;
const brokers = process.env.KAFKA_BROKERS?.split(',');
if (!mongoUrl || !brokers) {
  console.error('set MONGODB_URL and KAFKA_BROKERS (./fivesoc bench does it for you)');
  process.exit(2);
}
const APPENDS = Number(process.env.BENCH_OBS_APPENDS ?? 1000);
const MESSAGES = Number(process.env.BENCH_OBS_MESSAGES ?? 3000);
const child = process.env.BENCH_OBS_PHASE; // 'on' | 'off' in a child; unset in the parent
const run = process.env.BENCH_OBS_RUN ?? randomUUID().slice(0, 8);
const kafka = new Kafka({ clientId: 'bench-obs', brokers, logLevel: logLevel.NOTHING });
const silent = pino({ level: 'silent' });

/** off: a no-op meter provider goes in first, so the kit's cannot register; no tracer provider at all. */
function telemetry(on: boolean) {
  if (!on) {
    metrics.setGlobalMeterProvider({ getMeter: () => createNoopMeter() });
    return;
  }
  ensureMetrics();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new NoopSpanProcessor()] }));
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** Appends of one event each to 8 streams, 8 at a time. */
async function appends(
  client: MongoClient,
  on: boolean,
  phase: number,
  scrape: () => Promise<unknown>,
): Promise<{ perSec: number; p50: number; p99: number }> {
  const db = client.db(`bench_obs_${run}_${phase}`);
  const store = await new MongoEventStore({ db, registry: sampleRegistry }).init();
  const relay = new OutboxRelay({ store, kafka, topic: `bench.obs.${run}.${phase}`, logger: silent });
  const unregister = on
    ? registerRelay({ topic: `bench.obs.${run}.${phase}`, store, relay, kafka })
    : undefined;
  const lat: number[] = [];
  const versions = new Map<string, number>();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      while (next < APPENDS) {
        next++;
        const stream = `s-${w}`;
        const v = versions.get(stream) ?? 0;
        const a = performance.now();
        await inSpan('POST /v1/tallies/{id}/increments', {}, () =>
          store.append(stream, v, [inc(1)], { metadata: meta(), occurredAt: new Date() }),
        );
        lat.push(performance.now() - a);
        versions.set(stream, v + 1);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  if (on) await scrape();
  await unregister?.();
  await db.dropDatabase();
  return { perSec: APPENDS / secs, p50: pct(lat, 50), p99: pct(lat, 99) };
}

/** A topic of MESSAGES events consumed by an EventConsumer whose handler does nothing: the loop's own cost. */
async function consume(
  on: boolean,
  topic: string,
  phase: number,
  scrape: () => Promise<unknown>,
): Promise<{ perSec: number }> {
  let seen = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((r) => (done = r));
  const consumer = new EventConsumer({
    kafka,
    groupId: `bench-obs-${run}-${phase}`,
    topics: [topic],
    registry: sampleRegistry,
    logger: silent,
    handle: async () => {
      if (++seen === MESSAGES) done();
    },
  });
  const t0 = performance.now();
  await consumer.start();
  await finished;
  const secs = (performance.now() - t0) / 1000;
  if (on) await scrape();
  await consumer.stop();
  return { perSec: MESSAGES / secs };
}

async function seedTopic(): Promise<string> {
  const topic = `bench.obs.consume.${run}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < MESSAGES; i += 500) {
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: Math.min(500, MESSAGES - i) }, (_, j) => {
        const n = i + j;
        const value = JSON.stringify({
          id: randomUUID(),
          streamId: `s-${n % 30}`,
          streamVersion: Math.floor(n / 30) + 2,
          type: 'Incremented',
          schemaVersion: 2,
          occurredAt: new Date().toISOString(),
          payload: { by: 1, reason: 'bench' },
          metadata: { correlationId: 'bench' },
        });
        return { key: `s-${n % 30}`, value };
      }),
    });
  }
  await producer.disconnect();
  return topic;
}

if (child) {
  const on = child === 'on';
  telemetry(on);
  const phase = Number(process.env.BENCH_OBS_INDEX ?? 0);
  const client = await new MongoClient(mongoUrl, { maxPoolSize: 20 }).connect();
  const server = on ? await startMetricsServer('127.0.0.1', 0) : undefined;
  const scrape = async () => (server ? (await fetch(server.url)).text() : '');
  const a = await appends(client, on, phase, scrape);
  const c = await consume(on, process.env.BENCH_OBS_TOPIC!, phase, scrape);
  await server?.close();
  await client.close();
  console.log(JSON.stringify({ append: a, consume: c }));
  process.exit(0);
}

console.log(`observability cost: ${APPENDS} appends, ${MESSAGES} messages, phases off/on/off/on`);
const topic = await seedTopic();
type R = { perSec: number; p50?: number; p99?: number };
const results: { on: boolean; append: R; consume: R }[] = [];
for (const [phase, on] of [false, true, false, true].entries()) {
  const r = spawnSync(process.execPath, [...process.execArgv, import.meta.filename], {
    env: {
      ...process.env,
      BENCH_OBS_PHASE: on ? 'on' : 'off',
      BENCH_OBS_INDEX: String(phase),
      BENCH_OBS_RUN: run,
      BENCH_OBS_TOPIC: topic,
    },
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`phase ${phase + 1} failed: ${r.stderr}`);
  results.push({ on, ...(JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { append: R; consume: R }) });
  console.log(`  phase ${phase + 1} (${on ? 'on' : 'off'}) done`);
}
for (const kind of ['append', 'consume'] as const) {
  const avg = (on: boolean) => {
    const xs = results.filter((r) => r.on === on).map((r) => r[kind]);
    const mean = (f: (x: R) => number | undefined) => {
      const v = xs.map(f).filter((x): x is number => x !== undefined);
      return v.length === 0 ? undefined : v.reduce((n, x) => n + x, 0) / v.length;
    };
    return { perSec: mean((x) => x.perSec)!, p50: mean((x) => x.p50), p99: mean((x) => x.p99) };
  };
  const [on, off] = [avg(true), avg(false)];
  const lat = (x: ReturnType<typeof avg>) =>
    x.p50 === undefined ? '' : `  p50 ${x.p50.toFixed(2)} ms  p99 ${x.p99!.toFixed(2)} ms`;
  console.log(`${kind}\n  with metrics+tracing:    ${on.perSec.toFixed(0).padStart(7)}/s${lat(on)}`);
  console.log(`  without (raw baseline):  ${off.perSec.toFixed(0).padStart(7)}/s${lat(off)}`);
  console.log(`  ratio: ${(on.perSec / off.perSec).toFixed(3)}`);
}
console.log(
  `load average: ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
