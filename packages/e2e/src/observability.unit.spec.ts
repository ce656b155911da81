import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from './processes.ts';

// The production side of the ops issue, checked without servers: the alert rules and the dashboard only
// name metrics the code defines, promtool accepts the rules and the Prometheus config and its unit tests of
// the rules pass, and docker compose scrapes every service on its metrics port.

const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const SOURCES = [
  'packages/eventing/src/ops/flows.ts',
  'packages/service-kit/src/requestMetrics.ts',
  'services/linkage/src/ops/sagaMetrics.ts',
];

/** Prometheus names of every instrument the code creates (dots to underscores, counters `_total`, histograms' series). */
function definedMetrics(): Set<string> {
  const names = new Set<string>();
  const made = /create(Counter|Histogram|ObservableGauge)\(\s*'([a-z0-9_.]+)'/g;
  // `g('name', …)` is flows.ts's shorthand for an observable gauge.
  const gauges = /\bg\(\s*'([a-z0-9_.]+)'/g;
  for (const file of SOURCES) {
    const text = read(file);
    for (const [, kind, name] of text.matchAll(made)) {
      const base = name!.replace(/\./g, '_');
      if (kind === 'Counter') names.add(`${base}_total`);
      else if (kind === 'Histogram') for (const s of ['_bucket', '_count', '_sum']) names.add(base + s);
      else names.add(base);
    }
    for (const [, name] of text.matchAll(gauges)) names.add(name!.replace(/\./g, '_'));
  }
  return names;
}

const FUNCTIONS = new Set([
  'sum',
  'max',
  'min',
  'avg',
  'by',
  'without',
  'and',
  'or',
  'unless',
  'rate',
  'deriv',
  'delta',
  'increase',
  'histogram_quantile',
  'absent',
  'le',
]);
/** Metric names an expression selects: label matchers and grouping lists taken out first. */
function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(by|without)\s*\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '');
  return [...bare.matchAll(/\b[a-z_][a-z0-9_]*\b/g)].map((m) => m[0]).filter((w) => !FUNCTIONS.has(w));
}

interface Rule {
  alert: string;
  expr: string;
  for?: string;
}

function promtoolReady(): boolean {
  if (process.env.FIVESOC_PROMTOOL === '1') return true;
  const cache = process.env.FIVESOC_TOOL_CACHE ?? join(homedir(), '.cache/fivesoc');
  return existsSync(join(cache, 'promtool-v0.308.0/promtool'));
}

describe('alerting rules and dashboard', () => {
  const defined = definedMetrics();
  const rules = (
    parse(read('infra/prometheus/alerts.yml')) as { groups: { rules: Rule[] }[] }
  ).groups.flatMap((g) => g.rules);

  it('alerts on lag growing, an old backlog, dead letters, overdue deadlines and a relay without a lease holder', () => {
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'FivesocConsumerLagGrowing',
        'FivesocOutboxBacklogOld',
        'FivesocDeadLetters',
        'FivesocDeadlinesOverdue',
        'FivesocRelayWithoutLeaseHolder',
      ]),
    );
    expect(rules.find((r) => r.alert === 'FivesocOutboxBacklogOld')?.expr).toMatch(/> 60\b/);
  });

  it('names in every rule and dashboard panel only metrics the services define', () => {
    expect(defined.size).toBeGreaterThan(15);
    for (const r of rules)
      for (const m of metricsIn(r.expr)) expect(defined, `${r.alert}: ${m}`).toContain(m);
    const dash = JSON.parse(read('infra/grafana/dashboards/fivesoc-flows.json')) as {
      uid: string;
      panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[];
    };
    const ds = parse(read('infra/grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: { uid: string }[];
    };
    expect(dash.uid).toBe('fivesoc-flows');
    for (const p of dash.panels) {
      expect(p.datasource.uid, p.title).toBe(ds.datasources[0]!.uid);
      for (const t of p.targets)
        for (const m of metricsIn(t.expr)) expect(defined, `${p.title}: ${m}`).toContain(m);
    }
  });

  // In every run: the rule files parsed as Prometheus parses them (rulefmt and the PromQL parser, the check
  // `promtool check rules` makes) by infra/rulecheck, built from the Go module proxy in about two minutes.
  it('passes the Prometheus rule-file check (rulefmt), which refuses a rule Prometheus would refuse', () => {
    const rulecheck = execFileSync('bash', [join(ROOT, 'infra/rulecheck.sh')], {
      encoding: 'utf8',
      timeout: 900_000,
    }).trim();
    const check = (file: string) =>
      spawnSync(rulecheck, [file], { cwd: join(ROOT, 'infra/prometheus'), encoding: 'utf8' });
    const ok = check('alerts.yml');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`SUCCESS: ${rules.length} rules found`));
    // The same file with one expression broken and one alert without a name: both named, exit 1.
    const broken = join(mkdtempSync(join(tmpdir(), 'fivesoc-rules-')), 'broken.yml');
    const text = read('infra/prometheus/alerts.yml');
    const first = rules[0]!;
    writeFileSync(
      broken,
      text
        .replace(first.expr.trim().split('\n')[0]!, 'sum(rate(fivesoc_nothing[5m]) by')
        .replace(`alert: ${rules[1]!.alert}`, 'alert: ""'),
    );
    const bad = check(broken);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/parse error|unexpected/);
    expect(bad.stderr).toMatch(/alert|name/i);
  }, 960_000);

  // promtool itself (its rule unit tests, the Prometheus config) takes fifteen minutes to build on 2 cores:
  // it runs where it is built (`bash infra/promtool.sh` once, into the tool cache) or when FIVESOC_PROMTOOL=1
  // asks for the build.
  it.skipIf(!promtoolReady())(
    'passes promtool: the rules, their unit tests and the Prometheus config',
    () => {
      // Built once from the Go module proxy into the tool cache (minutes the first time).
      const promtool = execFileSync('bash', [join(ROOT, 'infra/promtool.sh')], {
        encoding: 'utf8',
        timeout: 1_500_000,
      }).trim();
      const run = (...args: string[]) =>
        execFileSync(promtool, args, { cwd: join(ROOT, 'infra/prometheus'), encoding: 'utf8' });
      expect(run('check', 'rules', 'alerts.yml')).toMatch(/SUCCESS: \d+ rules found/);
      expect(run('test', 'rules', 'alerts.test.yml')).toMatch(/SUCCESS/);
      // The config names the rules at their path inside the container; check a copy pointing here.
      expect(() => run('check', 'config', '--syntax-only', 'prometheus.yml')).not.toThrow();
    },
    1_600_000,
  );

  it('scrapes every service on its HTTP port + 1000 in docker compose, with Prometheus and Grafana on loopback', () => {
    const compose = parse(read('docker-compose.yml')) as {
      services: Record<string, { ports?: string[]; environment?: Record<string, string> }>;
      'x-service-env': Record<string, string>;
    };
    const prom = parse(read('infra/prometheus/prometheus.yml')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = prom.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    for (const [name, svc] of Object.entries(compose.services)) {
      const port = svc.environment?.HTTP_PORT;
      if (!port) continue;
      expect(targets, name).toContain(`${name}:${Number(port) + 1000}`);
    }
    expect(compose['x-service-env'].METRICS_HOST).toBe('0.0.0.0');
    expect(compose.services.prometheus?.ports).toEqual(['127.0.0.1:9090:9090']);
    expect(compose.services.grafana?.ports).toEqual(['127.0.0.1:3000:3000']);
  });
});
