import { renameSync, writeFileSync } from 'node:fs';
import closeWithGrace from 'close-with-grace';
import { MongoClient, type Db } from 'mongodb';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { createTokenVerifier } from './auth.ts';
import { ConfigError, loadConfig, serviceConfigSchema, type ServiceConfig } from './config.ts';
import { createKafka } from './kafka.ts';
import { createLogger } from './logger.ts';
import { ensureMetrics, metricsPortOf, startMetricsServer, type MetricsServer } from './metrics.ts';
import { kafkaReadiness, mongoReadiness } from './readiness.ts';
import { buildHttpServer, type HttpApp } from './server.ts';
import { stopTelemetry } from './telemetry.ts';

/** What a service's own code gets: its config, logger and clients for the database and bus it owns. */
export interface ServiceContext<C extends ServiceConfig = ServiceConfig> {
  config: C;
  logger: Logger;
  mongo: MongoClient;
  db: Db;
  kafka: Kafka;
  /** The service's HTTP app, for shared route groups a package adds (eventing's `/v1/ops/…`). */
  app?: HttpApp;
}

export interface ServiceDefinition<C extends ServiceConfig = ServiceConfig> {
  /** e.g. 'community'; names the database, topic and telemetry service by default. */
  name: string;
  version: string;
  defaultHttpPort: number;
  /** A service's own settings on top of the kit's; must extend serviceConfigSchema(name, port). */
  configSchema?: z.ZodType<C>;
  /** Registers routes, consumers, relays. Returns a function that stops what it started. */
  start?: (app: HttpApp, ctx: ServiceContext<C>) => Promise<(() => Promise<void>) | void>;
}

export interface RunningService<C extends ServiceConfig = ServiceConfig> {
  app: HttpApp;
  ctx: ServiceContext<C>;
  url: string;
  /** Where Prometheus scrapes this process (`…/metrics`). */
  metricsUrl: string;
  close(): Promise<void>;
}

/** Builds and starts a service: everything but signal handling, so tests can run it in-process. */
export async function startService<C extends ServiceConfig>(
  def: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningService<C>> {
  const schema = (def.configSchema ?? serviceConfigSchema(def.name, def.defaultHttpPort)) as z.ZodType<C>;
  const config = loadConfig(schema, env);
  const metricsPort = metricsPortOf(config);
  if (metricsPort > 65535) {
    throw new ConfigError(
      `invalid configuration: METRICS_PORT is required when HTTP_PORT + 1000 (${metricsPort}) is no port`,
    );
  }
  if (metricsPort !== 0 && metricsPort === config.HTTP_PORT) {
    throw new ConfigError('invalid configuration: METRICS_PORT must differ from HTTP_PORT');
  }
  ensureMetrics();
  const logger = createLogger({ service: def.name, level: config.LOG_LEVEL });
  const countsFile = env.FIVESOC_MONGO_COUNTS_FILE;
  const mongo = new MongoClient(config.MONGODB_URL, {
    serverSelectionTimeoutMS: 5000,
    appName: def.name,
    ...(countsFile ? { monitorCommands: true } : {}),
  });
  if (countsFile) countCommands(mongo, `${countsFile}.${def.name}.json`);
  const clientId = `${config.KAFKA_CLIENT_ID}-${def.name}`;
  const kafka = createKafka({ clientId, brokers: config.KAFKA_BROKERS, logger });
  const kafkaCheck = kafkaReadiness(config.KAFKA_BROKERS, clientId);
  const ctx: ServiceContext<C> = { config, logger, mongo, db: mongo.db(config.MONGODB_DB), kafka };
  const app = await buildHttpServer({
    service: def.name,
    version: def.version,
    logger,
    verifier: await createTokenVerifier(config),
    readiness: [mongoReadiness(mongo), kafkaCheck],
    info: () => ({ database: config.MONGODB_DB, topic: config.KAFKA_TOPIC }),
  });
  ctx.app = app;
  const stopOwn = (await def.start?.(app, ctx)) ?? undefined;
  let metricsServer: MetricsServer;
  try {
    metricsServer = await startMetricsServer(config.METRICS_HOST, metricsPort);
  } catch (err) {
    await stopOwn?.();
    throw new ConfigError(
      `invalid configuration: METRICS_PORT ${config.METRICS_HOST}:${metricsPort} cannot be bound (${(err as Error).message})`,
    );
  }
  const url = await app.listen({ host: config.HTTP_HOST, port: config.HTTP_PORT });
  logger.info({ url, metrics: metricsServer.url }, `${def.name} listening`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Stop taking requests and let in-flight ones finish (fastify answers 503 to new ones meanwhile),
      // then stop background work, then close the clients the work used.
      await app.close();
      await stopOwn?.();
      await kafkaCheck.close();
      await mongo.close();
      await metricsServer.close();
    })());
  return { app, ctx, url, metricsUrl: metricsServer.url, close };
}

/**
 * For benchmarks (FIVESOC_MONGO_COUNTS_FILE): counts the database commands this process sends, by name,
 * and per command and collection how many and how long they took in all (ms, from the driver's own
 * monitoring), and writes them to `<file>.<service>.json` on SIGWINCH (SIGUSR2 stops a service). Off
 * unless asked for.
 */
function countCommands(mongo: MongoClient, file: string): void {
  const counts: Record<string, number> = {};
  const detail: Record<string, { n: number; ms: number }> = {};
  const started = new Map<number, string>();
  mongo.on('commandStarted', (e) => {
    counts[e.commandName] = (counts[e.commandName] ?? 0) + 1;
    const target = (e.command as Record<string, unknown>)[e.commandName];
    started.set(e.requestId, `${e.commandName} ${typeof target === 'string' ? target : ''}`.trim());
  });
  const ended = (e: { requestId: number; duration: number }) => {
    const key = started.get(e.requestId);
    if (key === undefined) return;
    started.delete(e.requestId);
    const d = (detail[key] ??= { n: 0, ms: 0 });
    d.n++;
    d.ms += e.duration;
  };
  mongo.on('commandSucceeded', ended);
  mongo.on('commandFailed', ended);
  process.on('SIGWINCH', () => {
    // Written whole, then renamed: a reader never sees half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify({ at: Date.now(), counts, detail }));
    renameSync(`${file}.tmp`, file);
  });
}

/** The process entry point of a service: start, and on SIGTERM/SIGINT drain and exit 0 within a bound. */
export async function runService<C extends ServiceConfig>(def: ServiceDefinition<C>): Promise<void> {
  let running: RunningService<C>;
  try {
    running = await startService(def);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${def.name}: ${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const { logger } = running.ctx;
  closeWithGrace(
    { delay: running.ctx.config.SHUTDOWN_TIMEOUT_MS, logger },
    async ({ signal, err }: { signal?: string; err?: Error }) => {
      if (err) logger.error({ err }, 'shutting down after an error');
      else logger.info({ signal }, 'shutting down');
      await running.close();
      await stopTelemetry();
      logger.info('stopped');
    },
  );
}
