import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  ensureLocalKeys,
  readPem,
  signLocalToken,
  startService,
  type RunningService,
  type ServiceDefinition,
} from '@fivesoc/service-kit';
import { freshDbName, freshTopicName, useInfra } from '@fivesoc/test-support';
import { handleCommand } from '../commandHandling/index.ts';
import { applyOnce } from '../consumer/index.ts';
import { startEventing } from '../startEventing.ts';
import { startProjection } from '../startProjection.ts';
import { activeTraceHeaders } from '../tracing/index.ts';
import { sampleRegistry, tallyDecider } from './sampleDomain.ts';

export interface TallyService {
  svc: RunningService;
  dbName: string;
  topic: string;
  /** The projection's consumer group and its read model (`tallies`: `{ _id: stream, total }`). */
  groupId: string;
  token(roles: ('ops' | 'community_staff')[]): Promise<string>;
  /** While true, the projection refuses increments whose reason is `poison` (a bug, until fixed). */
  broken: { value: boolean };
  increment(id: string, reason?: string): Promise<string>;
}

/**
 * A small event-sourced service on the real stack for the ops tests: tallies incremented over HTTP, stored,
 * relayed to its topic and folded by a projection into `tallies`, with the kit's metrics port and eventing's
 * ops routes, exactly as the six services get them. `kafkaBrokers` puts it on another broker than the
 * shared one (a test's own, to stop).
 */
export async function startTallyService(
  label: string,
  opts: { kafkaBrokers?: string[] } = {},
): Promise<TallyService> {
  const infra = useInfra();
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-ops-')));
  const pem = readPem(keys.privateKeyFile);
  const dbName = freshDbName(label);
  const topic = freshTopicName(label);
  const broken = { value: true };
  const def: ServiceDefinition = {
    name: 'tally',
    version: '1',
    defaultHttpPort: 0,
    start: async (app, ctx) => {
      const eventing = await startEventing(ctx, sampleRegistry);
      const tallies = ctx.db.collection<{ _id: string; total: number }>('tallies');
      const projection = await startProjection(ctx, 'tallies', sampleRegistry, async (e) => {
        if (e.type !== 'Incremented') return;
        const p = e.payload as { by: number; reason: string };
        if (p.reason === 'poison' && broken.value)
          throw new Error('tally read model: reason poison rejected');
        await applyOnce(tallies, e.streamId, e.streamVersion, { $inc: { total: p.by } });
      });
      app.post(
        '/v1/tallies/:id/increments',
        {
          config: { roles: ['community_staff'], scope: { global: 'a test tally with no place data' } },
          schema: {
            params: z.object({ id: z.string().max(50) }),
            body: z.strictObject({ reason: z.string().max(50) }),
          },
        },
        async (req, reply) => {
          if ((await eventing.store.streamVersion(req.params.id)) === 0) {
            await handleCommand(
              eventing.store,
              tallyDecider,
              req.params.id,
              { kind: 'open', label: req.params.id },
              { now: new Date(), metadata: { correlationId: req.id, actor: req.principal.subject } },
            ).catch((err: unknown) => {
              if ((err as { code?: string }).code !== 'ILLEGAL_STATE') throw err;
            });
          }
          const r = await handleCommand(
            eventing.store,
            tallyDecider,
            req.params.id,
            { kind: 'increment', by: 1, reason: req.body.reason },
            {
              now: new Date(),
              metadata: { correlationId: req.id, actor: req.principal.subject, ...activeTraceHeaders() },
              retriesOnConflict: 50,
            },
          );
          eventing.relay.notify();
          return reply.status(201).send({ eventId: r.append?.eventIds[0] });
        },
      );
      return async () => {
        await projection.stop();
        await eventing.stop();
      };
    },
  };
  const svc = await startService(def, {
    KAFKA_BROKERS: (opts.kafkaBrokers ?? infra.kafkaBrokers).join(','),
    MONGODB_URL: infra.mongoUrl,
    MONGODB_DB: dbName,
    KAFKA_TOPIC: topic,
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
  });
  const token = (roles: ('ops' | 'community_staff')[]) =>
    signLocalToken(pem, { subject: 'ops-test', roles, scopeLevel: 'district', scopeCode: '330106' });
  const staff = await token(['community_staff']);
  return {
    svc,
    dbName,
    topic,
    groupId: `${dbName}.tallies`,
    token,
    broken,
    increment: async (id, reason = 'load') => {
      const res = await fetch(`${svc.url}/v1/tallies/${id}/increments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason }),
      });
      if (res.status !== 201) throw new Error(`increment: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { eventId: string }).eventId;
    },
  };
}

/** One sample of a metric from a Prometheus text page, by name and the labels it must carry. */
export function metricValue(
  page: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of page.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const has = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (has) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}
