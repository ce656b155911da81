/**
 * A fresh copy of the whole system on the native stack, started as `./fivesoc start` starts it
 * (scripts/dev.ts: six service processes), with its own databases and topics (FIVESOC_INSTANCE), and
 * what a benchmark needs from it: the processes' pids and CPU time from /proc, and the database commands
 * each service sent (FIVESOC_MONGO_COUNTS_FILE, written on SIGWINCH).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const SERVICES = [
  'community',
  'organization',
  'social-worker',
  'volunteer',
  'charity',
  'linkage',
] as const;
export type Service = (typeof SERVICES)[number];

export const dbOf = (svc: Service, instance: string) => `fivesoc_${svc.replace(/-/g, '_')}_${instance}`;
export const topicOf = (svc: Service, instance: string) => `fivesoc.${svc}.events.${instance}`;

export interface StartOptions {
  instance: string;
  portBase: number;
  /** Demo data seed, or 'off'. */
  seed: string;
  env?: Record<string, string>;
  log?: (line: string) => void;
}

export interface System {
  instance: string;
  portBase: number;
  url(svc: Service): string;
  /** pid of each service process. */
  pids(): Record<Service, number>;
  /** Writes and reads every service's command counts. */
  commandCounts(): Promise<Record<Service, Record<string, number>>>;
  /** Resolves once the demo data is loaded (or at once when seeding is off). */
  seeded: Promise<void>;
  stop(): Promise<void>;
}

export async function startSystem(o: StartOptions): Promise<System> {
  const countsFile = join(tmpdir(), `fivesoc-counts-${o.instance}`);
  const child: ChildProcess = spawn(process.execPath, ['--conditions=@fivesoc/source', 'scripts/dev.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      FIVESOC_INSTANCE: o.instance,
      FIVESOC_PORT_BASE: String(o.portBase),
      FIVESOC_GRPC_PORT: '0',
      FIVESOC_SEED: o.seed,
      FIVESOC_DEMO: 'off',
      FIVESOC_MONGO_COUNTS_FILE: countsFile,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let out = '';
  let onLine: (() => void) | undefined;
  for (const s of [child.stdout!, child.stderr!]) {
    s.on('data', (d: Buffer) => {
      out += d.toString();
      o.log?.(d.toString().trimEnd());
      onLine?.();
    });
  }
  const waitFor = (text: string, ms: number) =>
    new Promise<void>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`no "${text}" within ${ms} ms:\n${out.slice(-3000)}`)), ms);
      const check = () => {
        if (out.includes(text)) {
          clearTimeout(t);
          res();
        }
      };
      onLine = check;
      void exited.then(() => rej(new Error(`the system exited:\n${out.slice(-3000)}`)));
      check();
    });
  await waitFor('fivesoc is up', 300_000);
  const seeded =
    o.seed === 'off'
      ? Promise.resolve()
      : waitFor('demo data', 600_000).then(() => {
          if (!out.includes('demo data loaded'))
            throw new Error(`demo data not loaded:\n${out.slice(-3000)}`);
        });
  const pids = () => {
    const found: Partial<Record<Service, number>> = {};
    for (const pid of childrenOf(child.pid!)) {
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const svc = env.find((e) => e.startsWith('FIVESOC_SERVICE='))?.slice('FIVESOC_SERVICE='.length);
      if (svc && (SERVICES as readonly string[]).includes(svc)) found[svc as Service] = pid;
    }
    for (const s of SERVICES) if (!found[s]) throw new Error(`no process found for ${s}`);
    return found as Record<Service, number>;
  };
  return {
    instance: o.instance,
    portBase: o.portBase,
    url: (svc) => `http://127.0.0.1:${o.portBase + 1 + SERVICES.indexOf(svc)}`,
    pids,
    seeded,
    commandCounts: async () => {
      const before = Date.now();
      const p = pids();
      for (const s of SERVICES) process.kill(p[s], 'SIGWINCH');
      const result = {} as Record<Service, Record<string, number>>;
      for (const s of SERVICES) {
        const file = `${countsFile}.${s}.json`;
        for (let i = 0; i < 100; i++) {
          if (existsSync(file)) {
            let j: { at: number; counts: Record<string, number> } | undefined;
            try {
              j = JSON.parse(readFileSync(file, 'utf8')) as typeof j;
            } catch {
              j = undefined; // being written
            }
            if (j && j.at >= before) {
              result[s] = j.counts;
              break;
            }
          }
          await new Promise((r) => setTimeout(r, 50));
        }
        result[s] ??= {};
      }
      return result;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      for (const s of SERVICES) rmSync(`${countsFile}.${s}.json`, { force: true });
    },
  };
}

/** Direct children of a process, from /proc. */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** User + system CPU seconds a process has used (children it waited for included), from /proc. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14-17 (utime, stime, cutime, cstime) are 11-14 here, in clock ticks (100 per second on Linux).
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
}

/** The native stack's own processes (FerretDB or mongod, Kafka), from its pid files. */
export function stackPids(): { mongo: number; kafka: number } {
  const dir = join(process.env.FIVESOC_STACK_DIR ?? join(ROOT, '.stack'), 'pids');
  const read = (name: string) => Number(readFileSync(join(dir, `${name}.pid`), 'utf8').trim());
  return { mongo: read('mongo'), kafka: read('kafka') };
}

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** Drops the instance's databases and topics. */
export async function dropInstance(instance: string): Promise<void> {
  const mongo = new MongoClient(process.env.MONGODB_URL!);
  for (const s of SERVICES)
    await mongo
      .db(dbOf(s, instance))
      .dropDatabase()
      .catch(() => undefined);
  await mongo.close();
  const kafka = new Kafka({ brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => t.endsWith(`.${instance}`) || t.includes(instance));
  if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
}
