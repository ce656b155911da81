import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { createTestTopics, freshDbName, freshTopicName, useInfra } from '@fivesoc/test-support';
import type { Role } from '../auth.ts';
import type { ServiceConfig } from '../config.ts';
import { ensureLocalKeys, readPem, signLocalToken } from '../local-keys.ts';
import { startService, type RunningService, type ServiceDefinition } from '../lifecycle.ts';

/**
 * The one way a service's integration specs start it: the whole service in-process against the real
 * stack (Kafka and a MongoDB-wire server, found by test-support), on a fresh database and topic, with a
 * key pair of its own to sign tokens and a personal-data key. Each service's `testing/harness.ts` wraps
 * this in the calling style its specs read best; none of them starts a service another way.
 */
export interface HarnessOptions {
  /** Names the database and topic (`t_<label>_…`, `test.<label>.…`). */
  label: string;
  /** The service's own settings beside the kit's (they win over the defaults here). */
  env?: Record<string, string>;
  /**
   * Other societies' topics the service reads, by setting: `{ COMMUNITY_TOPIC: 'community' }` names
   * `<topic>.community`, sets it and creates it before the service subscribes.
   */
  readsTopics?: Record<string, string>;
  /** Create the service's own topic first (its projection subscribes at start): default true. */
  createOwnTopic?: boolean;
}

export type Scope = { level: 'district' | 'street' | 'community'; code: string };

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface ServiceUnderTest<C extends ServiceConfig = ServiceConfig> {
  svc: RunningService<C>;
  /**
   * The service's database through a client of the test's own (as another process sees it: in-process
   * caches keyed by the service's `Db` do not see the test's writes); `svc.ctx.db` is the service's.
   */
  db: Db;
  topic: string;
  /** The topics of `readsTopics`, by setting. */
  topics: Record<string, string>;
  kafkaBrokers: string[];
  /** A bearer token this service accepts. */
  sign: (roles: Role[], scope: Scope, subject: string) => Promise<string>;
  /** One HTTP request to the service (JSON body unless `raw` is given). */
  request: (
    method: string,
    path: string,
    opts?: {
      token?: string;
      body?: unknown;
      raw?: string;
      contentType?: string;
      headers?: Record<string, string>;
    },
  ) => Promise<RawAnswer>;
  /** Stops the service and drops its database. */
  close: () => Promise<void>;
}

export async function startServiceUnderTest<C extends ServiceConfig>(
  def: ServiceDefinition<C>,
  opts: HarnessOptions,
): Promise<ServiceUnderTest<C>> {
  const infra = useInfra();
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), `fivesoc-${opts.label}-`)));
  const pem = readPem(keys.privateKeyFile);
  const dbName = freshDbName(opts.label);
  const topic = freshTopicName(opts.label);
  const topics = Object.fromEntries(
    Object.entries(opts.readsTopics ?? {}).map(([setting, suffix]) => [setting, `${topic}.${suffix}`]),
  );
  const toCreate = [...(opts.createOwnTopic === false ? [] : [topic]), ...Object.values(topics)];
  if (toCreate.length > 0) await createTestTopics(infra.kafkaBrokers, toCreate, 3);
  const svc = await startService(def, {
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    MONGODB_URL: infra.mongoUrl,
    MONGODB_DB: dbName,
    KAFKA_TOPIC: topic,
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    PII_MASTER_KEY: randomBytes(32).toString('base64'),
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    ...topics,
    ...opts.env,
  });
  const mongo = new MongoClient(infra.mongoUrl);
  return {
    svc,
    db: mongo.db(dbName),
    topic,
    topics,
    kafkaBrokers: infra.kafkaBrokers,
    sign: (roles, scope, subject) =>
      signLocalToken(pem, { subject, roles, scopeLevel: scope.level, scopeCode: scope.code }),
    request: async (method, path, o = {}) => {
      const hasBody = o.body !== undefined || o.raw !== undefined;
      const res = await fetch(`${svc.url}${path}`, {
        method,
        headers: {
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...(hasBody ? { 'content-type': o.contentType ?? 'application/json' } : {}),
          ...o.headers,
        },
        ...(hasBody ? { body: o.raw ?? JSON.stringify(o.body) } : {}),
      });
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
    close: async () => {
      await svc.close();
      await mongo
        .db(dbName)
        .dropDatabase()
        .catch(() => undefined);
      await mongo.close();
    },
  };
}

/** Polls `probe` every 100 ms until it gives a truthy value, and returns it; fails naming `what`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
