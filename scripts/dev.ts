/**
 * Runs the six services and the console against the native stack, each as its own process, logs in
 * .stack/logs/. Prints their URLs (the console's first) once every one answers /readyz, and stops them all
 * on Ctrl-C or SIGTERM.
 *   FIVESOC_PORT_BASE=4100 (console 4100, community 4101 … linkage 4106)   FIVESOC_LOGS=1 to also stream logs here.
 *   FIVESOC_GRPC_PORT=50051 linkage's gRPC port.   FIVESOC_INSTANCE=<suffix> own databases and topics.
 *   FIVESOC_SEED=<n> loads the demo data with seed n (default 1) once all are ready; FIVESOC_SEED=off skips it.
 *   FIVESOC_DEMO=off skips the case demo that runs after the demo data (one case through all six services).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export const SERVICES = [
  'community',
  'organization',
  'social-worker',
  'volunteer',
  'charity',
  'linkage',
] as const;

const root = resolve(import.meta.dirname, '..');
const base = Number(process.env.FIVESOC_PORT_BASE ?? 4100);
const logDir = resolve(process.env.FIVESOC_STACK_DIR ?? join(root, '.stack'), 'logs');
const streamLogs = process.env.FIVESOC_LOGS === '1';
const readyTimeoutMs = Number(process.env.FIVESOC_READY_TIMEOUT_MS ?? 180_000);
mkdirSync(logDir, { recursive: true });

interface Running {
  name: string;
  url: string;
  child: ChildProcess;
  exit: Promise<number | null>;
}

/**
 * FIVESOC_INSTANCE=<suffix> runs a separate copy of the system on the same stack: every service gets its
 * own database and topic with that suffix (tests use it so they never touch a developer's data).
 */
function instanceEnv(name: string): Record<string, string> {
  const suffix = process.env.FIVESOC_INSTANCE;
  if (!suffix) return {};
  const topic = (svc: string) => `fivesoc.${svc}.events.${suffix}`;
  return {
    MONGODB_DB: `fivesoc_${name.replace(/-/g, '_')}_${suffix}`,
    KAFKA_TOPIC: topic(name),
    COMMUNITY_TOPIC: topic('community'),
    ORGANIZATION_TOPIC: topic('organization'),
    SOCIAL_WORKER_TOPIC: topic('social-worker'),
    VOLUNTEER_TOPIC: topic('volunteer'),
    CHARITY_TOPIC: topic('charity'),
  };
}

/** Where linkage's case saga finds the other five on this run's ports. */
function societyUrls(): Record<string, string> {
  const url = (svc: string) =>
    `http://127.0.0.1:${base + 1 + SERVICES.indexOf(svc as (typeof SERVICES)[number])}`;
  return {
    SOCIAL_WORKER_URL: url('social-worker'),
    VOLUNTEER_URL: url('volunteer'),
    ORGANIZATION_URL: url('organization'),
    CHARITY_URL: url('charity'),
  };
}

/** The console: the development sign-in, linkage's gRPC and the five societies on this run's ports. */
function consoleEnv(): Record<string, string> {
  const url = (svc: string) =>
    `http://127.0.0.1:${base + 1 + SERVICES.indexOf(svc as (typeof SERVICES)[number])}`;
  return {
    CONSOLE_DEV_SIGN_IN: '1',
    LINKAGE_GRPC_URL: `127.0.0.1:${grpcPort}`,
    COMMUNITY_URL: url('community'),
    LINKAGE_URL: url('linkage'),
    ...societyUrls(),
  };
}

function launch(name: string, port: number): Running {
  const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(
    process.execPath,
    ['--conditions=@fivesoc/source', '--import', '@fivesoc/service-kit/otel-register', 'src/main.ts'],
    {
      cwd: join(root, 'services', name),
      env: {
        ...process.env,
        ...instanceEnv(name),
        FIVESOC_SERVICE: name,
        HTTP_PORT: String(port),
        GRPC_PORT: String(grpcPort),
        ...(name === 'linkage' ? societyUrls() : {}),
        ...(name === 'console' ? consoleEnv() : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  for (const s of [child.stdout, child.stderr]) {
    s.pipe(log, { end: false });
    if (streamLogs) s.pipe(process.stdout, { end: false });
  }
  child.stderr.on('data', (d: Buffer) => {
    // Config errors are one line on stderr: show them here, not only in the log file.
    if (!streamLogs) process.stderr.write(`[${name}] ${d.toString()}`);
  });
  const exit = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { name, url: `http://127.0.0.1:${port}`, child, exit };
}

async function waitReady(svc: Running, deadline: number): Promise<boolean> {
  let exited = false;
  void svc.exit.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${svc.url}/readyz`);
      if (res.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/**
 * linkage's gRPC port; `0` picks a free one here (so the demo knows it), at random below Linux's ephemeral
 * range (where outgoing connections could take it first) and never one of the six HTTP ports.
 */
async function pickGrpcPort(): Promise<number> {
  const wanted = Number(process.env.FIVESOC_GRPC_PORT ?? 50051);
  if (wanted !== 0) return wanted;
  const free = (port: number) =>
    new Promise<boolean>((res) => {
      const srv = createServer();
      srv.once('error', () => res(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
    });
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if ((port < base || port > base + SERVICES.length) && (await free(port))) return port;
  }
  throw new Error('no free port for gRPC');
}
const grpcPort = await pickGrpcPort();

// The console first, on the base port itself: it is the address people open.
const running = [launch('console', base), ...SERVICES.map((name, i) => launch(name, base + 1 + i))];
let stopping = false;
let seeding: ChildProcess | undefined;
async function stopAll(code: number): Promise<never> {
  stopping = true;
  seeding?.kill('SIGTERM');
  for (const s of running) s.child.kill('SIGTERM');
  const codes = await Promise.all(running.map((s) => s.exit));
  process.exit(codes.every((c) => c === 0) ? code : 1);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
for (const s of running) {
  void s.exit.then((code) => {
    if (!stopping) {
      console.error(
        `${s.name} exited with code ${code}; stopping the others (log: ${join(logDir, `${s.name}.log`)})`,
      );
      void stopAll(1);
    }
  });
}

const deadline = Date.now() + readyTimeoutMs;
const ready = await Promise.all(running.map((s) => waitReady(s, deadline)));
if (!ready.every(Boolean)) {
  const late = running.filter((_, i) => !ready[i]).map((s) => s.name);
  if (!stopping) {
    console.error(`not ready within ${readyTimeoutMs} ms: ${late.join(', ')} (logs in ${logDir})`);
    await stopAll(1);
  }
} else {
  console.log('fivesoc is up (every service answers /readyz):');
  for (const s of running) {
    if (s.name === 'console') {
      console.log(
        `  ${'console'.padEnd(14)} ${s.url}   工作台: open it, pick a role and a scope (development sign-in)`,
      );
      continue;
    }
    const metrics = `http://127.0.0.1:${Number(new URL(s.url).port) + 1000}/metrics`;
    console.log(`  ${s.name.padEnd(14)} ${s.url}   docs ${s.url}/docs   metrics ${metrics}`);
  }
  console.log(`logs: ${logDir}   token: ./fivesoc token --role district_admin   stop: Ctrl-C`);
  if (process.env.FIVESOC_SEED !== 'off') seedDemo();
}

/**
 * Loads the demo data set through the services' APIs (packages/seed; a second run changes nothing), signing
 * its tokens with the key beside the services' public key. FIVESOC_SEED=off skips it.
 */
function seedDemo(): void {
  const keysDir = process.env.AUTH_PUBLIC_KEY_FILE
    ? dirname(process.env.AUTH_PUBLIC_KEY_FILE)
    : join(root, '.stack', 'auth');
  const seed = spawn(
    process.execPath,
    [
      '--conditions=@fivesoc/source',
      'packages/seed/src/cli.ts',
      '--port-base',
      String(base),
      '--keys-dir',
      keysDir,
      '--seed',
      process.env.FIVESOC_SEED ?? '1',
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  seeding = seed;
  seed.on('exit', (code) => {
    seeding = undefined;
    if (stopping) return;
    console.log(
      code === 0
        ? 'demo data loaded'
        : `demo data not fully loaded (exit ${code}); the services keep running`,
    );
    if (process.env.FIVESOC_DEMO !== 'off') caseDemo(keysDir);
  });
}

/**
 * One case end to end through the six services over gRPC, printed as its flow of events
 * (packages/e2e/src/demo.ts). FIVESOC_DEMO=off skips it.
 */
function caseDemo(keysDir: string): void {
  const demo = spawn(
    process.execPath,
    [
      '--conditions=@fivesoc/source',
      'packages/e2e/src/demo.ts',
      '--port-base',
      String(base),
      '--grpc',
      `127.0.0.1:${grpcPort}`,
      '--keys-dir',
      keysDir,
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  seeding = demo;
  demo.on('exit', (code) => {
    seeding = undefined;
    if (!stopping && code !== 0)
      console.log(`the case demo stopped (exit ${code}); the services keep running`);
  });
}
