/**
 * A fresh copy of the whole system on the native stack, started as `./fivesoc start` starts it
 * (scripts/dev.ts: six service processes), with its own databases and topics (FIVESOC_INSTANCE), and
 * what a benchmark needs from it: the processes' pids and CPU time from /proc, and the database commands
 * each service sent (FIVESOC_MONGO_COUNTS_FILE, written on SIGWINCH).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
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
/** Every process `./fivesoc start` runs: the six services, the console, and the launcher (scripts/dev.ts). */
export const PROCESSES = [...SERVICES, 'console', 'launcher'] as const;
export type Process = (typeof PROCESSES)[number];

export const dbOf = (svc: Service, instance: string) => `fivesoc_${svc.replace(/-/g, '_')}_${instance}`;
export const topicOf = (svc: Service, instance: string) => `fivesoc.${svc}.events.${instance}`;

export interface StartOptions {
  instance: string;
  portBase: number;
  /** Demo data seed, or 'off'. */
  seed: string;
  env?: Record<string, string>;
  log?: (line: string) => void;
  /** Have each service count its database commands (driver monitoring: it costs CPU); default on. */
  countCommands?: boolean;
}

export interface System {
  instance: string;
  portBase: number;
  url(svc: Service): string;
  /** pid of each service process. */
  pids(): Record<Service, number>;
  /** pid of every process of the system (services, console, launcher). */
  allPids(): Record<Process, number>;
  /** Resolves once `text` was printed `count` times by the system (its logs included). */
  waitForLines(text: string, count: number, ms: number): Promise<void>;
  /** Writes and reads every service's command counts. */
  commandCounts(): Promise<Record<Service, Record<string, number>>>;
  /** Per service, per command and collection: how many, and their total time (ms). */
  commandDetail(): Promise<Record<Service, Record<string, { n: number; ms: number }>>>;
  /** Resolves once the demo data is loaded (or at once when seeding is off). */
  seeded: Promise<void>;
  stop(): Promise<void>;
}

export async function startSystem(o: StartOptions): Promise<System> {
  const countsFile = join(tmpdir(), `fivesoc-counts-${o.instance}`);
  // The services' logs (scripts/dev.ts appends to one file per service): read from where they end now.
  const logDir = join(process.env.FIVESOC_STACK_DIR ?? join(ROOT, '.stack'), 'logs');
  const logStart = new Map(
    PROCESSES.map((p) => {
      const file = join(logDir, `${p}.log`);
      return [file, existsSync(file) ? statSync(file).size : 0] as const;
    }),
  );
  const logsSinceStart = () => {
    let text = '';
    for (const [file, from] of logStart) {
      if (!existsSync(file)) continue;
      const buf = readFileSync(file);
      text += buf.subarray(from).toString();
    }
    return text;
  };
  const child: ChildProcess = spawn(process.execPath, ['--conditions=@fivesoc/source', 'scripts/dev.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      FIVESOC_INSTANCE: o.instance,
      FIVESOC_PORT_BASE: String(o.portBase),
      FIVESOC_GRPC_PORT: '0',
      FIVESOC_SEED: o.seed,
      FIVESOC_DEMO: 'off',
      ...(o.countCommands === false ? {} : { FIVESOC_MONGO_COUNTS_FILE: countsFile }),
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
  interface CountsFile {
    at: number;
    counts: Record<string, number>;
    detail?: Record<string, { n: number; ms: number }>;
  }
  /** Asks every service to write its counts (SIGWINCH) and reads them. */
  const readCounts = async () => {
    const before = Date.now();
    const p = pids();
    for (const s of SERVICES) process.kill(p[s], 'SIGWINCH');
    const result: Partial<Record<Service, CountsFile>> = {};
    for (const s of SERVICES) {
      const file = `${countsFile}.${s}.json`;
      for (let i = 0; i < 100 && !result[s]; i++) {
        if (existsSync(file)) {
          try {
            const j = JSON.parse(readFileSync(file, 'utf8')) as CountsFile;
            if (j.at >= before) result[s] = j;
          } catch {
            // being written
          }
        }
        if (!result[s]) await new Promise((r) => setTimeout(r, 50));
      }
    }
    return result;
  };
  const allPids = () => {
    const found: Partial<Record<Process, number>> = { launcher: child.pid! };
    for (const pid of childrenOf(child.pid!)) {
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const svc = env.find((e) => e.startsWith('FIVESOC_SERVICE='))?.slice('FIVESOC_SERVICE='.length);
      if (svc && (PROCESSES as readonly string[]).includes(svc)) found[svc as Process] = pid;
    }
    for (const s of PROCESSES) if (!found[s]) throw new Error(`no process found for ${s}`);
    return found as Record<Process, number>;
  };
  const pids = () => allPids() as Record<Service, number>;
  const waitForLines = (text: string, count: number, ms: number) =>
    new Promise<void>((res, rej) => {
      const seen = () => logsSinceStart().split(text).length - 1;
      const t0 = Date.now();
      const poll = setInterval(() => {
        if (seen() >= count) {
          clearInterval(poll);
          res();
        } else if (Date.now() - t0 > ms) {
          clearInterval(poll);
          rej(new Error(`"${text}" seen ${seen()} of ${count} times within ${ms} ms`));
        }
      }, 1000);
    });
  return {
    instance: o.instance,
    portBase: o.portBase,
    url: (svc) => `http://127.0.0.1:${o.portBase + 1 + SERVICES.indexOf(svc)}`,
    pids,
    allPids,
    waitForLines,
    seeded,
    commandCounts: async () => {
      const all = await readCounts();
      return Object.fromEntries(SERVICES.map((s) => [s, all[s]?.counts ?? {}])) as Record<
        Service,
        Record<string, number>
      >;
    },
    commandDetail: async () => {
      const all = await readCounts();
      return Object.fromEntries(SERVICES.map((s) => [s, all[s]?.detail ?? {}])) as Record<
        Service,
        Record<string, { n: number; ms: number }>
      >;
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
