import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ensureLocalKeys,
  readPem,
  signLocalToken,
  startService,
  type ServiceDefinition,
} from '@fivesoc/service-kit';
import { freshDbName, freshTopicName, useInfra } from '@fivesoc/test-support';
import { handleCommand } from './commandHandling/index.ts';
import { MongoEventStore } from './eventStore/index.ts';
import { startEventing } from './startEventing.ts';
import { sampleRegistry, tallyDecider } from './testing/sampleDomain.ts';
import { activeTraceHeaders } from './tracing/index.ts';

describe('a service with eventing, shut down under load', () => {
  it('has stored the event of every request it acknowledged, and refuses new ones once closing', async () => {
    const infra = useInfra();
    const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-ev-')));
    const token = await signLocalToken(readPem(keys.privateKeyFile), {
      subject: 'staff-1',
      roles: ['community_staff'],
      scopeLevel: 'community',
      scopeCode: '1',
    });
    const dbName = freshDbName('svc');
    const def: ServiceDefinition = {
      name: 'tally',
      version: '1',
      defaultHttpPort: 0,
      start: async (app, ctx) => {
        const { store, relay, stop } = await startEventing(ctx, sampleRegistry);
        app.post(
          '/v1/tallies/:id/increments',
          {
            config: { roles: ['community_staff'], scope: { global: 'a test route: a tally of no one' } },
            schema: {
              params: z.object({ id: z.string().max(50) }),
              body: z.strictObject({ by: z.number().int().min(1).max(1) }),
            },
          },
          async (req, reply) => {
            const r = await handleCommand(
              store,
              tallyDecider,
              req.params.id,
              { kind: 'increment', by: req.body.by, reason: 'load' },
              {
                now: new Date(),
                metadata: { correlationId: req.id, actor: req.principal.subject, ...activeTraceHeaders() },
                retriesOnConflict: 50,
              },
            );
            relay.notify();
            return reply.status(201).send({ eventId: r.append?.eventIds[0], version: r.version });
          },
        );
        app.post(
          '/v1/tallies/:id',
          {
            config: { roles: ['community_staff'], scope: { global: 'a test route: a tally of no one' } },
            schema: { params: z.object({ id: z.string() }) },
          },
          async (req) => {
            await handleCommand(
              store,
              tallyDecider,
              req.params.id,
              { kind: 'open', label: 'x' },
              { now: new Date(), metadata: { correlationId: req.id } },
            );
            return { ok: true };
          },
        );
        return stop;
      },
    };
    const svc = await startService(def, {
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      MONGODB_URL: infra.mongoUrl,
      MONGODB_DB: dbName,
      KAFKA_TOPIC: freshTopicName('svc'),
      AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
      HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
    });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    for (let t = 0; t < 4; t++) {
      expect(
        (await fetch(`${svc.url}/v1/tallies/t-${t}`, { method: 'POST', headers, body: '{}' })).status,
      ).toBe(200);
    }

    const acknowledged: string[] = [];
    let refused = 0;
    let sent = 0;
    const client = async (i: number) => {
      while (sent < 400) {
        sent++;
        try {
          const res = await fetch(`${svc.url}/v1/tallies/t-${i % 4}/increments`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ by: 1 }),
          });
          if (res.status === 201) acknowledged.push(((await res.json()) as { eventId: string }).eventId);
          else await res.body?.cancel();
        } catch {
          refused++;
          return;
        }
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, i) => client(i)));
    const deadline = Date.now() + 20_000;
    while (acknowledged.length < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await svc.close(); // what SIGTERM runs
    await load;

    const { MongoClient } = await import('mongodb');
    const mongo = new MongoClient(infra.mongoUrl);
    const store = new MongoEventStore({ db: mongo.db(dbName), registry: sampleRegistry });
    const stored = new Set<string>();
    for (let t = 0; t < 4; t++)
      for (const e of await store.readStream(`t-${t}`)) if (e.type === 'Incremented') stored.add(e.id);
    await mongo.db(dbName).dropDatabase();
    await mongo.close();
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
    for (const id of acknowledged) expect(stored.has(id)).toBe(true);
    expect(refused).toBeGreaterThan(0);
  });
});
