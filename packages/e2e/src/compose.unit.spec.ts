/**
 * The container stack (docker-compose.yml, Dockerfile, infra/otel-collector.yaml) cannot be started on
 * every machine, so its consistency with the code and the native stack is checked by reading the files:
 * ports, databases, topics and images drift silently otherwise.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, posix, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureLocalKeys } from '@fivesoc/service-kit';
import { KAFKA_IMAGE, MONGO_IMAGE } from '@fivesoc/test-support';

const ROOT = resolve(import.meta.dirname, '../../..');

type Scalar = string | number | boolean | null;

interface PortObject {
  target: number | string;
  published?: number | string;
  host_ip?: string;
}

interface VolumeObject {
  type?: string;
  source?: string;
  target: string;
  read_only?: boolean;
}

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, Scalar> | string[] };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, Scalar> | string[];
  ports?: (string | number | PortObject)[];
  volumes?: (string | VolumeObject)[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
}

interface Compose {
  services: Record<string, ComposeService>;
}

interface Port {
  hostIp: string | undefined;
  published: number | undefined;
  target: number;
}

interface Mount {
  source: string | undefined;
  target: string;
  readOnly: boolean;
}

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

// Compose resolves `<<` merge keys, so the test must too.
const compose = parse(read('docker-compose.yml'), { merge: true }) as Compose;
const dockerfile = read('Dockerfile');

const serviceDirs = readdirSync(join(ROOT, 'services'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
/** Services that hold no domain data: no database, no topic (the console: sign-in, gateway, static files). */
const STATELESS = ['console'];
const dataServices = serviceDirs.filter((name) => !STATELESS.includes(name));

function defaultHttpPort(name: string): number {
  const match = /defaultHttpPort:\s*(\d+)/.exec(read(`services/${name}/src/service.ts`));
  if (!match?.[1]) throw new Error(`services/${name}/src/service.ts declares no defaultHttpPort`);
  return Number(match[1]);
}

/** The defaults packages/service-kit/src/config.ts gives a service. */
const defaultDb = (name: string) => `fivesoc_${name.replace(/-/g, '_')}`;
const defaultTopic = (name: string) => `fivesoc.${name}.events`;

function service(name: string): ComposeService {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service '${name}'`);
  return s;
}

function env(s: ComposeService): Record<string, string> {
  const raw = s.environment ?? {};
  if (Array.isArray(raw)) {
    return Object.fromEntries(
      raw.map((line) => {
        const eq = line.indexOf('=');
        return eq < 0 ? [line, ''] : [line.slice(0, eq), line.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

function buildArgs(s: ComposeService): Record<string, string> {
  const args = typeof s.build === 'object' ? (s.build.args ?? {}) : {};
  if (Array.isArray(args)) return Object.fromEntries(args.map((a) => a.split('=', 2) as [string, string]));
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)]));
}

/** Short (`[HOST_IP:]HOST_PORT:CONTAINER_PORT[/PROTO]`) and long port syntax, normalised. */
function ports(s: ComposeService): Port[] {
  return (s.ports ?? []).map((p) => {
    if (typeof p === 'object') {
      return {
        hostIp: p.host_ip,
        published: p.published === undefined ? undefined : Number(p.published),
        target: Number(p.target),
      };
    }
    const parts = String(p)
      .replace(/\/\w+$/, '')
      .split(':');
    const target = Number(parts.pop());
    const published = parts.length > 0 ? Number(parts.pop()) : undefined;
    const hostIp = parts.length > 0 ? parts.join(':').replace(/^\[(.*)\]$/, '$1') : undefined;
    return { hostIp, published, target };
  });
}

function mounts(s: ComposeService): Mount[] {
  return (s.volumes ?? []).map((v) => {
    if (typeof v === 'object') return { source: v.source, target: v.target, readOnly: v.read_only === true };
    const [source, target, mode] = v.split(':');
    return target === undefined
      ? { source: undefined, target: source ?? '', readOnly: false }
      : { source, target, readOnly: (mode ?? '').split(',').includes('ro') };
  });
}

function dependsOn(s: ComposeService): Record<string, string> {
  const d = s.depends_on ?? {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.condition ?? 'service_started']));
}

const words = (v: string | string[] | undefined) => (Array.isArray(v) ? v : (v ?? '').split(/\s+/));

/** `repo[:tag][@digest]` → the tag, or undefined when there is none. */
function imageTag(image: string): string | undefined {
  const ref = image.split('@')[0] ?? '';
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  return lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : undefined;
}

const nativeStack = read('infra/stack.sh');
function nativePort(variable: string): number {
  const match = new RegExp(`\\$\\{${variable}:-(\\d+)\\}`).exec(nativeStack);
  if (!match?.[1]) throw new Error(`infra/stack.sh has no default for ${variable}`);
  return Number(match[1]);
}

describe('docker-compose.yml', () => {
  it('runs Kafka from the same apache/kafka 3.9 image the integration tests start', () => {
    expect(service('kafka').image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    expect(service('kafka').image).toBe(KAFKA_IMAGE);
  });

  it('runs MongoDB 7 as a replica set that a one-shot mongo-init container initiates', () => {
    expect(service('mongo').image).toBe(MONGO_IMAGE);
    expect(service('mongo').image).toMatch(/^mongo:7(\.|$)/);
    expect(words(service('mongo').command)).toContain('--replSet');
    expect(words(service('mongo').command)).toContain('--bind_ip_all');
    const init = service('mongo-init');
    expect(init.image).toBe(MONGO_IMAGE);
    expect([...words(init.entrypoint), ...words(init.command)].join(' ')).toContain('rs.initiate');
  });

  it("publishes Kafka and MongoDB on the native stack's host ports, on loopback", () => {
    const kafkaPort = nativePort('FIVESOC_KAFKA_PORT');
    const mongoPort = nativePort('FIVESOC_MONGO_PORT');
    expect(ports(service('kafka'))).toContainEqual({
      hostIp: '127.0.0.1',
      published: kafkaPort,
      target: kafkaPort,
    });
    // A host client is told to reconnect to the advertised address: it must be the published one.
    expect(env(service('kafka')).KAFKA_ADVERTISED_LISTENERS).toContain(`//127.0.0.1:${kafkaPort}`);
    expect(ports(service('mongo'))).toContainEqual({
      hostIp: '127.0.0.1',
      published: mongoPort,
      target: 27017,
    });
  });

  it("keeps every patch of pnpm's patchedDependencies in the install stage (a frozen install fails without them)", () => {
    const manifest = JSON.parse(read('package.json')) as {
      pnpm?: { patchedDependencies?: Record<string, string> };
    };
    const patches = Object.values(manifest.pnpm?.patchedDependencies ?? {});
    expect(patches.length).toBeGreaterThan(0);
    for (const patch of patches) {
      expect(patch, 'patches live in patches/').toMatch(/^patches\/[^/]+\.patch$/);
      expect(readFileSync(join(ROOT, patch), 'utf8').length).toBeGreaterThan(0);
    }
    expect(dockerfile).toContain("-path './patches/*.patch'");
  });

  it('builds every service under services/ from the root Dockerfile, with SERVICE set to its name', () => {
    expect(serviceDirs.length).toBeGreaterThan(0);
    for (const name of serviceDirs) {
      const { build } = service(name);
      expect(build, name).toBeTypeOf('object');
      if (typeof build !== 'object') continue;
      expect(resolve(ROOT, build.context ?? '.'), name).toBe(ROOT);
      expect(build.dockerfile ?? 'Dockerfile', name).toBe('Dockerfile');
      expect(buildArgs(service(name)).SERVICE, name).toBe(name);
    }
    // And the other way round: nothing is built for a service that does not exist.
    const built = Object.values(compose.services)
      .filter((s) => s.build !== undefined)
      .map((s) => buildArgs(s).SERVICE);
    expect(built.sort()).toEqual(serviceDirs);
  });

  it('publishes each service on its default HTTP port from src/service.ts, on loopback', () => {
    for (const name of serviceDirs) {
      const port = defaultHttpPort(name);
      // linkage also publishes its gRPC port (GRPC_PORT), checked below.
      const expected = [{ hostIp: '127.0.0.1', published: port, target: port }];
      if (name === 'linkage') {
        const grpc = Number(env(service(name)).GRPC_PORT);
        expected.push({ hostIp: '127.0.0.1', published: grpc, target: grpc });
      }
      expect(ports(service(name)), name).toEqual(expected);
      const e = env(service(name));
      if (e.HTTP_PORT !== undefined) expect(e.HTTP_PORT, name).toBe(String(port));
      // Inside a container, loopback would be unreachable from the published port.
      if (e.HTTP_HOST !== undefined) expect(e.HTTP_HOST, name).toBe('0.0.0.0');
    }
  });

  it('keeps each service on its default database and topic, the names the native stack uses', () => {
    for (const name of STATELESS) {
      const e = env(service(name));
      expect([e.MONGODB_URL, e.KAFKA_BROKERS, e.MONGODB_DB, e.KAFKA_TOPIC], name).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
    }
    for (const name of dataServices) {
      const e = env(service(name));
      if (e.MONGODB_DB !== undefined) expect(e.MONGODB_DB, name).toBe(defaultDb(name));
      if (e.KAFKA_TOPIC !== undefined) expect(e.KAFKA_TOPIC, name).toBe(defaultTopic(name));
      expect(e.KAFKA_BROKERS, name).toBe('kafka:9092');
      expect(e.MONGODB_URL, name).toMatch(/^mongodb:\/\/mongo:27017\/.*replicaSet=rs0/);
    }
  });

  it("points linkage's case saga at each society's container on its default port, with a token from the mount", () => {
    const e = env(service('linkage'));
    const urls: Record<string, string> = {
      SOCIAL_WORKER_URL: 'social-worker',
      VOLUNTEER_URL: 'volunteer',
      ORGANIZATION_URL: 'organization',
      CHARITY_URL: 'charity',
    };
    for (const [variable, name] of Object.entries(urls)) {
      expect(e[variable], variable).toBe(`http://${name}:${defaultHttpPort(name)}`);
    }
    const mount = mounts(service('linkage')).find((m) => m.source === './.stack/auth');
    expect(e.SOCIETY_TOKEN_FILE).toBe(posix.join(mount?.target ?? '', 'linkage-society.token'));
  });

  it('starts a service only once Kafka is healthy and the replica set is initiated', () => {
    expect(service('kafka').healthcheck?.test).toBeDefined();
    expect(service('mongo').healthcheck?.test).toBeDefined();
    for (const name of dataServices) {
      expect(dependsOn(service(name)), name).toMatchObject({
        kafka: 'service_healthy',
        'mongo-init': 'service_completed_successfully',
      });
    }
  });

  it("points the console at linkage's gRPC and each society's container on its default port", () => {
    const e = env(service('console'));
    expect(e.LINKAGE_GRPC_URL).toBe(`linkage:${env(service('linkage')).GRPC_PORT}`);
    const urls: Record<string, string> = {
      COMMUNITY_URL: 'community',
      ORGANIZATION_URL: 'organization',
      SOCIAL_WORKER_URL: 'social-worker',
      VOLUNTEER_URL: 'volunteer',
      CHARITY_URL: 'charity',
      LINKAGE_URL: 'linkage',
    };
    for (const [variable, name] of Object.entries(urls)) {
      expect(e[variable], variable).toBe(`http://${name}:${defaultHttpPort(name)}`);
    }
    expect(dependsOn(service('console'))).toMatchObject({ linkage: 'service_started' });
  });

  it('verifies tokens with the local key from a read-only mount of ./.stack/auth', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fivesoc-compose-keys-'));
    const keyName = basename((await ensureLocalKeys(dir)).publicKeyFile);
    rmSync(dir, { recursive: true, force: true });
    for (const name of serviceDirs) {
      const keyFile = env(service(name)).AUTH_PUBLIC_KEY_FILE;
      expect(keyFile, name).toBeDefined();
      const mount = mounts(service(name)).find((m) => m.source === './.stack/auth');
      expect(mount, name).toBeDefined();
      expect(mount?.readOnly, name).toBe(true);
      expect(keyFile, name).toBe(posix.join(mount?.target ?? '', keyName));
    }
  });

  it('exports every service trace to the collector, whose config receives OTLP and forwards to Jaeger', () => {
    const isCollector = ([, s]: [string, ComposeService]) =>
      s.image?.startsWith('otel/opentelemetry-collector');
    const found = Object.entries(compose.services).find(isCollector);
    if (!found) throw new Error('docker-compose.yml has no OpenTelemetry collector');
    const [collectorName, collector] = found;
    const configMount = mounts(collector).find(
      (m) => m.source?.startsWith('./') && /\.ya?ml$/.test(m.source),
    );
    expect(configMount?.source).toBeDefined();
    const configPath = resolve(ROOT, configMount?.source ?? '');
    expect(existsSync(configPath), configPath).toBe(true);
    expect(words(collector.command).join(' ')).toContain(configMount?.target);

    const config = parse(readFileSync(configPath, 'utf8')) as {
      receivers?: { otlp?: { protocols?: { grpc?: unknown; http?: { endpoint?: string } } } };
      exporters?: Record<string, { endpoint?: string }>;
      service?: { pipelines?: { traces?: { receivers?: string[]; exporters?: string[] } } };
    };
    const otlp = config.receivers?.otlp?.protocols;
    expect(otlp).toHaveProperty('grpc');
    expect(otlp).toHaveProperty('http');
    expect(config.service?.pipelines?.traces?.receivers).toContain('otlp');
    const exporter = config.service?.pipelines?.traces?.exporters?.[0] ?? '';
    expect(config.exporters?.[exporter]?.endpoint).toMatch(/^(http:\/\/)?jaeger:4317$/);
    expect(service('jaeger').image).toMatch(/^jaegertracing\/(jaeger|all-in-one):/);

    const httpPort = (otlp?.http?.endpoint ?? ':4318').split(':').pop();
    for (const name of serviceDirs) {
      const e = env(service(name));
      expect(e.OTEL_TRACES_EXPORTER, name).toBe('otlp');
      expect(e.OTEL_EXPORTER_OTLP_PROTOCOL, name).toBe('http/protobuf');
      expect(e.OTEL_EXPORTER_OTLP_ENDPOINT, name).toBe(`http://${collectorName}:${httpPort}`);
    }
  });

  it('publishes every port of every container on loopback only', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const p of ports(s)) {
        expect(p.hostIp, `${name} publishes ${p.target} beyond loopback`).toBe('127.0.0.1');
        expect(p.published, `${name} publishes ${p.target} on a random port`).toBeDefined();
      }
    }
  });

  it('pins every image to a version, never latest', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (s.image === undefined) {
        expect(s.build, `${name} has neither image nor build`).toBeDefined();
        continue;
      }
      const tag = imageTag(s.image);
      const pinnedByDigest = s.image.includes('@sha256:');
      expect(pinnedByDigest || (tag !== undefined && tag !== 'latest'), `${name}: ${s.image}`).toBe(true);
    }
  });
});

describe('Dockerfile', () => {
  const stages = [...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1]?.toLowerCase());

  it('builds one service chosen by ARG SERVICE and runs it as the non-root node user', () => {
    expect(existsSync(join(ROOT, 'Dockerfile'))).toBe(true);
    expect(dockerfile).toMatch(/^ARG SERVICE\s*$/m);
    expect(dockerfile).toMatch(/^ENV\b[^]*?\bFIVESOC_SERVICE=\$\{SERVICE\}/m);
    expect(dockerfile).toMatch(/^WORKDIR \/app\/services\/\$\{SERVICE\}\s*$/m);
    const users = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(users.at(-1)).toBe('node');
    expect(dockerfile).toMatch(/^HEALTHCHECK\b[^]*\/healthz/m);
  });

  it('starts a service with the same node command as its package start script', () => {
    const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile)?.[1];
    expect(cmd).toBeDefined();
    for (const name of serviceDirs) {
      const pkg = JSON.parse(read(`services/${name}/package.json`)) as { scripts?: { start?: string } };
      const start = pkg.scripts?.start ?? '';
      const nodeArgs = start.slice(start.indexOf('node ')).split(/\s+/);
      expect(JSON.parse(cmd ?? '[]'), name).toEqual(nodeArgs);
    }
  });

  it('pins pnpm to the packageManager version and every base image to a tag', () => {
    const pkg = JSON.parse(read('package.json')) as { packageManager: string };
    const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, '').split('+')[0];
    expect(dockerfile).toMatch(
      new RegExp(`^ARG PNPM_VERSION=${pnpmVersion?.replace(/\./g, '\\.')}\\s*$`, 'm'),
    );
    expect(dockerfile).toMatch(/pnpm install --frozen-lockfile/);
    const bases = [...dockerfile.matchAll(/^FROM\s+(?:--\S+\s+)*(\S+)/gim)]
      .map((m) => m[1] ?? '')
      .filter((image) => !stages.includes(image.toLowerCase()));
    expect(bases).toContain('node:24-slim');
    for (const image of bases) {
      const tag = imageTag(image);
      expect(tag !== undefined && tag !== 'latest', image).toBe(true);
    }
  });
});
