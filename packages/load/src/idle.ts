/**
 * Idle benchmark: a started system with nothing to do, measured from /proc for FerretDB (or mongod), Kafka
 * and all six services, with N events already stored and published (default 10,000 and then 100,000).
 * Run with the native stack up: `./fivesoc bench idle` (it sets the stack's environment).
 *   --events 10000,100000   --seconds 60   --settle 25   --port-base 4700
 * Each run is a fresh copy of the system (its own databases and topics, dropped afterwards), started the
 * way `./fivesoc start` starts it, with the demo data loaded; the stored events are written into the six
 * stores before the services start, as a system that has been running a while holds them. The window
 * starts after the start-up work (each relay's sweep, linkage's timer queue) and the settle time; it
 * counts every process `./fivesoc start` runs: the six services, the console and the launcher.
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import {
  PROCESSES,
  SERVICES,
  cpuSeconds,
  dbOf,
  dropInstance,
  loadAverage,
  stackPids,
  startSystem,
  topicOf,
  type Service,
} from './system.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000,100000' },
    seconds: { type: 'string', default: '60' },
    settle: { type: 'string', default: '25' },
    'port-base': { type: 'string', default: String(Number(process.env.FIVESOC_PORT_BASE ?? 4600) + 100) },
  },
});
const sizes = values.events.split(',').map(Number);
const seconds = Number(values.seconds);
const settle = Number(values.settle);
const portBase = Number(values['port-base']);
if (sizes.some((n) => !Number.isInteger(n) || n < 0) || !(seconds > 0) || !(settle >= 0))
  throw new Error('--events takes whole numbers, --seconds and --settle positive numbers');
if (!process.env.MONGODB_URL || !process.env.KAFKA_BROKERS)
  throw new Error('set MONGODB_URL and KAFKA_BROKERS (./fivesoc bench idle does it for you)');

const pad = (n: number) => String(n).padStart(12, '0');

/** N events, already published: commits, log entries, the log's head hint and the relay's checkpoint. */
async function storeEvents(instance: string, total: number): Promise<void> {
  const mongo = new MongoClient(process.env.MONGODB_URL!);
  const perService = Math.ceil(total / SERVICES.length);
  for (const svc of SERVICES) {
    const db = mongo.db(dbOf(svc, instance));
    const at = new Date(Date.now() - 86_400_000);
    for (let from = 1; from <= perService; from += 1000) {
      const commits = [];
      const log = [];
      for (let p = from; p < Math.min(from + 1000, perService + 1); p++) {
        const streamId = `archive-${p % 5000}`;
        const version = Math.floor(p / 5000) + 1;
        const commit = {
          _id: `${streamId}@${pad(version)}`,
          streamId,
          fromVersion: version,
          toVersion: version,
          prevCommitId: version > 1 ? `${streamId}@${pad(version - 1)}` : null,
          events: [
            {
              id: randomUUID(),
              streamVersion: version,
              type: 'ArchivedRecord',
              schemaVersion: 1,
              occurredAt: at.toISOString(),
              payload: { note: 'an event of an earlier year', n: p },
            },
          ],
          metadata: { correlationId: `idle-${p}` },
          committedAt: at,
          position: p,
        };
        commits.push(commit);
        const { position: _p, ...copy } = commit;
        log.push({
          _id: pad(p),
          position: p,
          streamId,
          fromVersion: version,
          toVersion: version,
          commitId: commit._id,
          prevLogged: true,
          commit: copy,
        });
      }
      await db.collection('es_commits').insertMany(commits as never[], { ordered: false });
      await db.collection('es_log').insertMany(log as never[], { ordered: false });
    }
    await db
      .collection('es_hints')
      .replaceOne({ _id: 'log-head' as never }, { value: perService }, { upsert: true });
    await db.collection('es_relay').replaceOne(
      { _id: `checkpoint:${topicOf(svc, instance)}` as never },
      { position: perService },
      {
        upsert: true,
      },
    );
  }
  // Deadlines far ahead, as cases waiting on societies hold them: the timer poll must not read them.
  const timers = Array.from({ length: Math.min(10_000, Math.floor(total / 10)) }, (_, i) => ({
    _id: `c-archive-${i}-r1`,
    caseId: `c-archive-${i}`,
    dueAt: new Date(Date.now() + 86_400_000 * (1 + (i % 30))),
  }));
  if (timers.length > 0)
    await mongo
      .db(dbOf('linkage', instance))
      .collection('case_timers')
      .insertMany(timers as never[], { ordered: false });
  await mongo.close();
}

interface Row {
  name: string;
  cpu: number;
  commands?: Record<string, number>;
}

async function measure(total: number): Promise<{ rows: Row[]; load: string }> {
  const instance = `idle${total}x${randomUUID().slice(0, 4)}`;
  console.log(`\n== ${total.toLocaleString('en-US')} stored events (instance ${instance})`);
  let t = performance.now();
  await storeEvents(instance, total);
  console.log(`stored in ${((performance.now() - t) / 1000).toFixed(1)} s; starting the system`);
  const sys = await startSystem({ instance, portBase, seed: '1' });
  try {
    t = performance.now();
    await sys.seeded;
    console.log(`demo data loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    // Start-up work is not idling: each relay's one sweep of its store, linkage's once-only timer queue.
    t = performance.now();
    await sys.waitForLines('relay: start-up sweep done', SERVICES.length, 600_000);
    await sys.waitForLines('case timers: start-up work done', 1, 600_000);
    console.log(
      `start-up work done ${((performance.now() - t) / 1000).toFixed(1)} s later; settling ${settle} s`,
    );
    await new Promise((r) => setTimeout(r, settle * 1000));
    const stack = stackPids();
    const pids = sys.allPids();
    const sample = () => ({
      mongo: cpuSeconds(stack.mongo),
      kafka: cpuSeconds(stack.kafka),
      ...Object.fromEntries(PROCESSES.map((s) => [s, cpuSeconds(pids[s])])),
    });
    const c0 = await sys.commandCounts();
    const s0 = sample() as Record<string, number>;
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const s1 = sample() as Record<string, number>;
    const elapsed = (performance.now() - w0) / 1000;
    const c1 = await sys.commandCounts();
    const load = loadAverage();
    const rows: Row[] = [
      { name: 'FerretDB', cpu: (s1.mongo! - s0.mongo!) / elapsed },
      { name: 'Kafka', cpu: (s1.kafka! - s0.kafka!) / elapsed },
      ...SERVICES.map((s: Service) => ({
        name: s,
        cpu: (s1[s]! - s0[s]!) / elapsed,
        commands: Object.fromEntries(
          Object.entries(c1[s]).map(([k, v]) => [k, (v - (c0[s][k] ?? 0)) / elapsed]),
        ),
      })),
      { name: 'console', cpu: (s1.console! - s0.console!) / elapsed },
      { name: 'launcher', cpu: (s1.launcher! - s0.launcher!) / elapsed },
    ];
    return { rows, load };
  } finally {
    await sys.stop();
    await dropInstance(instance);
  }
}

console.log(
  `fivesoc idle benchmark — ${new Date().toISOString()} — node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
);
console.log(
  `${seconds} s with nothing to do, after the demo data and ${settle} s to settle; load average ${loadAverage()}`,
);
const summary: string[] = [];
for (const total of sizes) {
  const { rows, load } = await measure(total);
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  let cpu = 0;
  let qps = 0;
  for (const r of rows) {
    cpu += r.cpu;
    const q = r.commands ? Object.values(r.commands).reduce((a, b) => a + b, 0) : undefined;
    if (q !== undefined) qps += q;
    const detail = r.commands
      ? Object.entries(r.commands)
          .filter(([, v]) => v > 0)
          .sort(([, a], [, b]) => b - a)
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(', ')
      : '';
    console.log(
      `  ${r.name.padEnd(14)} CPU ${pct(r.cpu).padStart(7)} of a core${q === undefined ? '' : `   ${q.toFixed(2).padStart(6)} commands/s${detail ? ` (${detail})` : ''}`}`,
    );
  }
  const verdict = cpu < 0.05 ? 'under 5% of one core' : 'OVER 5% of one core';
  console.log(
    `  total          CPU ${pct(cpu).padStart(7)} of a core (${verdict}); ${qps.toFixed(2)} database commands/s from the services; load average ${load}`,
  );
  summary.push(`| ${total.toLocaleString('en-US')} | ${pct(cpu)} | ${qps.toFixed(2)}/s | ${load} |`);
}
console.log(
  '\n| stored events | CPU, all processes (one core = 100%) | database commands/s | load average |',
);
console.log('|---|---|---|---|');
for (const l of summary) console.log(l);
