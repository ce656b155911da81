/**
 * `./fivesoc load`: a bounded load generator for sizing a deployment. Loopback only; it stops by itself.
 * It reports needs (with consent to case handling, each of a different resident: needs.ts) through community's public HTTP API at a fixed
 * offered rate, reads linkage's topic with a plain kafkajs consumer for each need's CaseOpened, and prints
 * HTTP and end-to-end (need → CaseOpened on Kafka) percentiles, the achieved rate and what never arrived.
 *   --rate 50 --duration 60       needs per second, seconds
 *   --find-capacity               steps the rate (--from 25 --step 25 --to 400) until p99 passes --p99 (ms)
 *   --fresh                       starts its own copy of the system (demo data) and stops it afterwards
 *   --port-base N                 the running system's (FIVESOC_PORT_BASE, default 4100)
 *   --drain 30                    seconds to wait for late CaseOpened after the last request
 *   --detail                      with --fresh: each service's costliest database commands per step
 *   --top 6                       how many of them (with --detail)
 *   --reservations                reserves donation units through charity instead (command → visible in
 *                                 linkage's read model), at --rate for --duration
 */
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type * as hdr from 'hdr-histogram-js';
import { Kafka, logLevel } from 'kafkajs';
import { ensureLocalKeys, readPem, signLocalToken } from '@fivesoc/service-kit';
import { PRESETS, tree } from '@fivesoc/seed';
import {
  ROOT,
  SERVICES,
  cpuSeconds,
  dropInstance,
  loadAverage,
  stackPids,
  startSystem,
  type System,
} from './system.ts';
import { probeServer, type RawProbe } from './rawProbe.ts';
import { HOPS, arrivalOf, runNeedStep, type Arrival, type NeedStepResult } from './needs.ts';
import { reservationTargets, runReservations } from './reservations.ts';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '50' },
    duration: { type: 'string', default: '60' },
    'find-capacity': { type: 'boolean', default: false },
    from: { type: 'string', default: '25' },
    step: { type: 'string', default: '25' },
    to: { type: 'string', default: '400' },
    p99: { type: 'string', default: '1000' },
    fresh: { type: 'boolean', default: false },
    'port-base': { type: 'string' },
    drain: { type: 'string', default: '30' },
    /** Per service, the database commands that took the most time during each step (with --fresh). */
    detail: { type: 'boolean', default: false },
    top: { type: 'string', default: '6' },
    reservations: { type: 'boolean', default: false },
    'max-in-flight': { type: 'string', default: '2000' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    'usage: ./fivesoc load [--rate 50] [--duration 60] [--find-capacity [--from 25 --step 25 --to 400 --p99 1000]] [--fresh] [--port-base N] [--drain 30]',
  );
  process.exit(0);
}
const num = (name: string, v: string, min: number, max: number) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) {
    console.error(`fivesoc load: --${name} must be a number from ${min} to ${max}`);
    process.exit(2);
  }
  return n;
};
// Bounded by construction: at most 1,000 needs/s, at most 10 minutes a step.
const rate = num('rate', values.rate, 0.1, 1000);
const duration = num('duration', values.duration, 1, 600);
const drain = num('drain', values.drain, 1, 600);
const maxInFlight = num('max-in-flight', values['max-in-flight'], 1, 10_000);
const bound = num('p99', values.p99, 1, 600_000);

const instance = values.fresh ? `load${randomUUID().slice(0, 6)}` : process.env.FIVESOC_INSTANCE;
const portBase = values['port-base']
  ? num('port-base', values['port-base'], 1, 65_000)
  : values.fresh
    ? Number(process.env.FIVESOC_PORT_BASE ?? 4100) + 200
    : Number(process.env.FIVESOC_PORT_BASE ?? 4100);
const communityUrl = `http://127.0.0.1:${portBase + 1}`;
const charityUrl = `http://127.0.0.1:${portBase + 5}`;
const linkageTopic = instance ? `fivesoc.linkage.events.${instance}` : 'fivesoc.linkage.events';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
for (const b of brokers)
  if (!/^(127\.0\.0\.1|localhost):\d+$/.test(b)) {
    console.error(`fivesoc load: loopback only, and KAFKA_BROKERS names ${b}`);
    process.exit(2);
  }

const t = tree(PRESETS.demo);
interface StepResult extends NeedStepResult {
  rate: number;
  load: string;
  /** CPU of each process during the step (one core = 1), when this run started the system. */
  cpu?: Record<string, number>;
  /** Per service, its database commands during the step that took the most time in all. */
  db?: Record<string, { key: string; n: number; ms: number }[]>;
  /** Every service's database commands during the step, and of them the writes (with --detail). */
  commands?: { all: number; writes: number };
}

/** CaseOpened of needs sent by this run, by need id: when it was read off the topic. */
const opened = new Map<string, Arrival>();

async function runStep(token: string, offered: number, seconds: number): Promise<StepResult> {
  const cpu0 = sampleCpu();
  const db0 = values.detail ? await sys?.commandDetail() : undefined;
  const r = await runNeedStep({
    communityUrl,
    token,
    communities: t.communities,
    offered,
    seconds,
    drain,
    maxInFlight,
    opened,
  });
  const cpu1 = sampleCpu();
  const db1 = values.detail ? await sys?.commandDetail() : undefined;
  return {
    ...r,
    rate: offered,
    load: loadAverage(),
    ...(cpu0 && cpu1
      ? { cpu: Object.fromEntries(Object.keys(cpu0).map((k) => [k, (cpu1[k]! - cpu0[k]!) / r.wall])) }
      : {}),
    ...(db0 && db1 && values.detail ? { db: dbDiff(db0, db1), commands: commandsOf(db0, db1) } : {}),
  };
}

function commandsOf(before: Detail, after: Detail): { all: number; writes: number } {
  let all = 0;
  let writes = 0;
  for (const [svc, d] of Object.entries(after))
    for (const [key, v] of Object.entries(d)) {
      const n = v.n - (before[svc]?.[key]?.n ?? 0);
      all += n;
      if (/^(insert|update|delete)/.test(key)) writes += n;
    }
  return { all, writes };
}

type Detail = Record<string, Record<string, { n: number; ms: number }>>;
/** Each service's commands of the step, the six that took the most time in all first. */
function dbDiff(before: Detail, after: Detail): Record<string, { key: string; n: number; ms: number }[]> {
  return Object.fromEntries(
    Object.entries(after).map(([svc, d]) => [
      svc,
      Object.entries(d)
        .map(([key, v]) => ({
          key,
          n: v.n - (before[svc]?.[key]?.n ?? 0),
          ms: v.ms - (before[svc]?.[key]?.ms ?? 0),
        }))
        .filter((x) => x.n > 0)
        .sort((a, b) => b.ms - a.ms)
        .slice(0, Number(values.top)),
    ]),
  );
}

/** CPU seconds so far of the stack's servers and each service, when this run started the system. */
function sampleCpu(): Record<string, number> | undefined {
  if (!sys) return undefined;
  const stack = stackPids();
  const pids = sys.pids();
  return {
    FerretDB: cpuSeconds(stack.mongo),
    Kafka: cpuSeconds(stack.kafka),
    ...Object.fromEntries(SERVICES.map((s) => [s, cpuSeconds(pids[s])])),
  };
}

const ms = (h: hdr.Histogram, p: number) => (h.totalCount === 0 ? NaN : h.getValueAtPercentile(p) / 1000);
const f = (x: number) => (Number.isNaN(x) ? '-' : x < 10 ? x.toFixed(1) : x.toFixed(0));
function print(r: StepResult): void {
  const fails = Object.entries(r.failed)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  console.log(
    `offered ${r.rate}/s: sent ${r.sent}, answered ${r.answered} (${r.achieved.toFixed(1)}/s achieved)${fails ? `, failed: ${fails}` : ''}`,
  );
  console.log(
    `  HTTP 201       p50 ${f(ms(r.http, 50))} ms  p90 ${f(ms(r.http, 90))} ms  p99 ${f(ms(r.http, 99))} ms  max ${f(r.http.maxValue / 1000)} ms`,
  );
  console.log(
    `  need→CaseOpened p50 ${f(ms(r.e2e, 50))} ms  p90 ${f(ms(r.e2e, 90))} ms  p99 ${f(ms(r.e2e, 99))} ms  max ${f(r.e2e.maxValue / 1000)} ms; ${r.arrived} arrived, ${r.missing} never arrived (within ${drain} s)`,
  );
  if (r.hops[0]!.totalCount > 0)
    console.log(
      `  its hops (p50 / p99 ms; wall clocks of one machine): ${HOPS.map((h, i) => `${h} ${f(ms(r.hops[i]!, 50))} / ${f(ms(r.hops[i]!, 99))}`).join(', ')}`,
    );
  if (r.cpu)
    console.log(
      `  CPU (one core = 100%, from the first request to the last CaseOpened): ${Object.entries(r.cpu)
        .map(([k, v]) => `${k} ${(v * 100).toFixed(0)}%`)
        .join(', ')}`,
    );
  for (const [svc, top] of Object.entries(r.db ?? {}))
    console.log(
      `  ${svc} database: ${top.map((x) => `${x.key} ${x.n}× ${(x.ms / x.n).toFixed(1)} ms`).join(', ')}`,
    );
  if (r.commands && r.answered > 0) {
    const perNeed = r.commands.writes / r.answered;
    const raw = probes.at(-1);
    console.log(
      `  database commands per need: ${(r.commands.all / r.answered).toFixed(1)}, ${perNeed.toFixed(1)} of them writes${raw ? `; at the server's raw ${raw.insertsPerSecond.toFixed(0)} inserts/s (${raw.writers} writers, this run) that allows at most ${(raw.insertsPerSecond / perNeed).toFixed(0)} needs/s` : ''}`,
    );
  }
  console.log(`  load average ${r.load}`);
}

let sys: System | undefined;
const probes: RawProbe[] = [];
const kafka = new Kafka({ clientId: 'fivesoc-load', brokers, logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: `fivesoc-load-${randomUUID()}` });
try {
  if (values.fresh) {
    console.log(`starting a fresh copy of the system (instance ${instance}, ports ${portBase + 1}…)`);
    sys = await startSystem({ instance: instance!, portBase, seed: '1', countCommands: values.detail });
    await sys.seeded;
    console.log('demo data loaded');
  }
  const keysDir = process.env.AUTH_PUBLIC_KEY_FILE
    ? dirname(process.env.AUTH_PUBLIC_KEY_FILE)
    : `${ROOT}/.stack/auth`;
  const pem = readPem((await ensureLocalKeys(keysDir)).privateKeyFile);
  const token = await signLocalToken(pem, {
    subject: 'fivesoc-load',
    roles: values.reservations ? ['district_admin', 'charity_coordinator'] : ['district_admin'],
    scopeLevel: 'district',
    scopeCode: t.district.code,
    expiresIn: '2h',
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [linkageTopic], fromBeginning: false });
  let assigned = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (assigned = true));
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.headers?.['event-type']?.toString() !== 'CaseOpened') return;
      const e = JSON.parse(message.value!.toString()) as Parameters<typeof arrivalOf>[0] & {
        payload: { needId: string };
      };
      opened.set(e.payload.needId, arrivalOf(e, message.timestamp));
    },
  });
  while (!assigned) await new Promise((r) => setTimeout(r, 100));
  if (values.detail && process.env.MONGODB_URL) {
    for (const writers of [8, 32]) probes.push(await probeServer(process.env.MONGODB_URL, writers, 3));
    console.log(
      `database server, raw insertOne into a scratch database (this run): ${probes.map((p) => `${p.writers} writers ${p.insertsPerSecond.toFixed(0)}/s at ${p.meanMs.toFixed(1)} ms`).join(', ')}`,
    );
  }
  console.log(
    `fivesoc load — ${new Date().toISOString()} — community ${communityUrl}, reading ${linkageTopic}; load average ${loadAverage()}`,
  );
  if (values.reservations) {
    const targets = await reservationTargets(communityUrl, charityUrl, token);
    if (targets.length === 0) throw new Error('no donation without restriction has units to reserve');
    const cpu0 = sampleCpu();
    const t0 = performance.now();
    const r = await runReservations({
      charityUrl,
      token,
      targets,
      linkageDb: instance
        ? `fivesoc_linkage_${instance}`
        : (process.env.LINKAGE_MONGODB_DB ?? 'fivesoc_linkage'),
      rate,
      seconds: duration,
      drain,
    });
    const cpu1 = sampleCpu();
    const fails = Object.entries(r.failed)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    console.log(
      `reservations offered ${rate}/s over ${targets.length} donations: sent ${r.sent}, answered ${r.answered} (${r.achieved.toFixed(1)}/s achieved)${fails ? `, failed: ${fails}` : ''}`,
    );
    console.log(
      `  HTTP 201              p50 ${f(ms(r.http, 50))} ms  p90 ${f(ms(r.http, 90))} ms  p99 ${f(ms(r.http, 99))} ms  max ${f(r.http.maxValue / 1000)} ms`,
    );
    console.log(
      `  command→linkage model p50 ${f(ms(r.visible, 50))} ms  p90 ${f(ms(r.visible, 90))} ms  p99 ${f(ms(r.visible, 99))} ms  max ${f(r.visible.maxValue / 1000)} ms; ${r.seen} seen, ${r.missing} never seen (within ${drain} s)`,
    );
    if (cpu0 && cpu1) {
      const wall = (performance.now() - t0) / 1000;
      console.log(
        `  CPU (one core = 100%): ${Object.keys(cpu0)
          .map((k) => `${k} ${(((cpu1[k]! - cpu0[k]!) / wall) * 100).toFixed(0)}%`)
          .join(', ')}`,
      );
    }
    console.log(`  load average ${loadAverage()}`);
  } else if (!values['find-capacity']) {
    print(await runStep(token, rate, duration));
  } else {
    const from = num('from', values.from, 0.1, 1000);
    const step = num('step', values.step, 0.1, 1000);
    const to = num('to', values.to, from, 1000);
    let best: number | undefined;
    for (let r = from; r <= to; r += step) {
      const res = await runStep(token, r, duration);
      print(res);
      const p99 = ms(res.e2e, 99);
      const ok = res.missing === 0 && res.achieved >= r * 0.95 && p99 < bound;
      if (!ok) {
        console.log(
          `capacity: ${best === undefined ? `below ${r}` : best} needs/s with need→CaseOpened p99 under ${bound} ms (${r}/s: p99 ${f(p99)} ms, ${res.missing} missing, ${res.achieved.toFixed(1)}/s achieved)`,
        );
        break;
      }
      best = r;
      if (r + step > to) console.log(`capacity: at least ${r} needs/s (the highest step tried)`);
    }
  }
} finally {
  await consumer.disconnect().catch(() => undefined);
  if (sys) {
    await sys.stop();
    await dropInstance(instance!);
  }
}
