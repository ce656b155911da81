/**
 * First load of the case page with demo data, in Chromium, cold and warm, from Navigation Timing; beside it
 * the raw baseline of the same run: the same index.html from the same server with its scripts blocked (what
 * the network and server cost without the app). Also the gzipped size of the app's JavaScript, the first
 * load's files apart from the dashboard's lazy ECharts chunk.
 *
 * Run with the native stack up: `./fivesoc bench console` (or `pnpm bench` here with KAFKA_BROKERS and
 * MONGODB_URL set). `BENCH_LOADS` sets the loads per kind (10). It starts the six services and the console
 * as their own processes on loopback, loads one community's demo data, opens one case, and stops them all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { System } from '@fivesoc/e2e/src/caseFlow/system.ts';
import { caseWithWorker } from '@fivesoc/e2e/src/caseFlow/drive.ts';
import { linkageClient } from '@fivesoc/e2e/src/caseFlow/linkageClient.ts';
import { loadScenario, PLACE, reportNeed } from '@fivesoc/e2e/src/caseFlow/scenario.ts';
import { infraFromEnv } from '@fivesoc/test-support';
import { DIST, ensureBuilt } from '../e2e/build.ts';
import { findChromium } from '../e2e/chromium.ts';
import { startConsole } from '../e2e/console.ts';

const LOADS = Number(process.env.BENCH_LOADS ?? 10);
const infra = infraFromEnv();
if (!infra) {
  console.error('KAFKA_BROKERS and MONGODB_URL must be set (./fivesoc bench console does it)');
  process.exit(2);
}

interface Timing {
  ttfb: number;
  domContentLoaded: number;
  load: number;
  /** From navigation start until the case header is on screen (the app's own figure). */
  ready: number;
  transferred: number;
}

async function navigate(page: Page, url: string, readySelector: string | null): Promise<Timing> {
  const start = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  if (readySelector) await page.locator(readySelector).first().waitFor({ timeout: 60_000 });
  const wall = Date.now() - start;
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    return {
      ttfb: n.responseStart - n.startTime,
      domContentLoaded: n.domContentLoadedEventEnd - n.startTime,
      load: n.loadEventEnd - n.startTime,
      transferred: n.transferSize + res.reduce((s, r) => s + r.transferSize, 0),
    };
  });
  return { ...nav, ready: readySelector ? wall : nav.load };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : 0;
};
const row = (name: string, ts: Timing[]) =>
  `${name.padEnd(34)} ${[
    median(ts.map((t) => t.ttfb)),
    median(ts.map((t) => t.domContentLoaded)),
    median(ts.map((t) => t.load)),
    median(ts.map((t) => t.ready)),
  ]
    .map((v) => `${v.toFixed(0).padStart(8)} ms`)
    .join(' ')} ${(median(ts.map((t) => t.transferred)) / 1024).toFixed(0).padStart(7)} KiB`;

ensureBuilt((l) => console.error(l));
const executablePath = findChromium((l) => console.error(l));
const sys = new System(infra);
let consoleProc: Awaited<ReturnType<typeof startConsole>>['proc'] | undefined;
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
try {
  await sys.start();
  const scenario = await loadScenario(sys, sys.suffix, {
    volunteers: 3,
    organizations: 2,
    donations: 2,
    received: 100_000,
  });
  const api = linkageClient(sys.grpcAddress, () => sys.token(['district_admin']));
  const needId = await reportNeed(sys, `bench-${sys.suffix}`);
  const c = await caseWithWorker(api, needId);
  api.close();
  const started = await startConsole(sys, DIST);
  consoleProc = started.proc;
  const url = `${started.url}/cases/${encodeURIComponent(c.caseId)}`;
  const who = {
    role: 'social_worker',
    scopeLevel: 'community',
    scopeCode: PLACE.communityCode,
    subject: scenario.workerId,
  };

  const cold: Timing[] = [];
  const warm: Timing[] = [];
  const baseline: Timing[] = [];
  for (let i = 0; i < LOADS; i++) {
    // Cold: a fresh profile (no cache, no service worker), signed in, first navigation.
    const ctx = await browser.newContext({ baseURL: started.url });
    await ctx.request.post('/auth/dev-sign-in', { data: who });
    const page = await ctx.newPage();
    cold.push(await navigate(page, url, '[data-testid="case-header"]'));
    // Warm: the same profile again, the hashed assets from its cache.
    warm.push(await navigate(page, url, '[data-testid="case-header"]'));
    // Raw baseline: the same index.html from the same server, scripts blocked, fresh profile.
    const raw = await browser.newContext({ baseURL: started.url });
    await raw.request.post('/auth/dev-sign-in', { data: who });
    await raw.route('**/*.js', (r) => r.abort());
    baseline.push(await navigate(await raw.newPage(), url, null));
    await raw.close();
    await ctx.close();
  }

  const assets = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
  const gz = (f: string) => gzipSync(readFileSync(join(DIST, 'assets', f)), { level: 9 }).length;
  const lazy = assets.filter((f) => f.startsWith('DashboardPage'));
  const first = assets.filter((f) => !lazy.includes(f));
  const sum = (fs: string[]) => fs.reduce((s, f) => s + gz(f), 0);

  console.log(
    `console first load — ${new Date().toISOString()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${loadavg()[0]!.toFixed(1)}, ${LOADS} loads each`,
  );
  console.log(
    `${''.padEnd(34)} ${['TTFB', 'DOMContentLoaded', 'load', 'case shown'].map((h) => h.padStart(11)).join('')}   transferred (median)`,
  );
  console.log(row('case page, cold (fresh profile)', cold));
  console.log(row('case page, warm (cached assets)', warm));
  console.log(row('raw: same HTML, no scripts (cold)', baseline));
  console.log(
    `app JavaScript, gzipped: first load ${(sum(first) / 1024).toFixed(1)} KiB (${first.join(', ')}); dashboard chunk with ECharts ${(sum(lazy) / 1024).toFixed(1)} KiB; all ${(sum(assets) / 1024).toFixed(1)} KiB`,
  );
} finally {
  await browser.close();
  consoleProc?.child.kill('SIGTERM');
  await consoleProc?.exited;
  await sys.stop();
}
