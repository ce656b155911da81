import { z } from 'zod';
import type { Db } from 'mongodb';
import type { Kafka } from 'kafkajs';
import { NotFoundError, ValidationError, type HttpApp } from '@fivesoc/service-kit';
import { inspectDeadLetters, planReplay, replayPlanned, DEFAULT_MAX_REPLAYS } from './deadLetterOps.ts';
import { adminOf, flows, within } from './flows.ts';
import { FlowSampler } from './sampler.ts';
import { groupLag } from './lag.ts';
import { outboxStatus } from './outbox.ts';

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
const OPS = ['ops'] as const;
const groupId = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'a Kafka group id');
const letterId = z.string().regex(/^\d{1,9}:\d{1,19}$/, '<partition>:<offset>');
const partitionLag = z.object({
  topic: z.string(),
  partition: z.number(),
  committed: z.string().nullable(),
  start: z.string(),
  end: z.string(),
  lag: z.number(),
});
const planItem = z.object({
  id: z.string(),
  eventId: z.string().optional(),
  eventType: z.string().optional(),
  topic: z.string(),
  key: z.string().optional(),
  action: z.enum(['send', 'held', 'already-replayed']),
  wouldFailAgain: z.string().optional(),
  note: z.string().optional(),
  replays: z.number(),
});

/**
 * How long the flows answer waits for the broker's figures (offsets, lag, dead letters) before it answers
 * without them: longer than a scrape's bound, since it asks more and a loaded broker is not a down one.
 */
const FLOWS_BROKER_MS = 10_000;

const registered = new WeakSet<HttpApp>();

/**
 * The flow-health API for ops (`/v1/ops/…`), on every service for the flows it runs itself: its relay's
 * backlog, its topics' offsets and write rate, its consumer groups' lag as the broker sees it (any group can
 * be asked for by id), their dead letters with a histogram of reasons, a dry run and a replay guarded
 * against loops. Registered once per app by `startEventing`.
 */
export function opsRoutes(app: HttpApp, deps: { kafka: Kafka; db: Db }): void {
  if (registered.has(app)) return;
  registered.add(app);
  const sampler = new FlowSampler(deps.kafka);
  app.addHook('onReady', async () => sampler.start());
  app.addHook('onClose', async () => sampler.stop());

  app.get(
    '/v1/ops/flows',
    {
      config: {
        roles: OPS,
        scope: {
          global: "the service's own event flows (offsets, lag, dead letters); no personal or place records",
        },
      },
      schema: {
        summary: 'Flow health: relay backlog and lease, topic offsets and rate, group lag and dead letters',
        tags: ['ops'],
        response: { 200: z.record(z.string(), z.unknown()), 401: errorSchema, 403: errorSchema },
      },
    },
    async () => {
      // The store's figures first and on their own: in a Kafka outage the backlog is what ops need to see.
      const relays = await Promise.all(flows.relays().map((r) => outboxStatus(r.store, r.topic)));
      const fromBroker = async () => {
        const admin = await adminOf(deps.kafka);
        const snapshot = await sampler.sample();
        return {
          topics: snapshot.topics.map((t) => ({ ...t, ratePerSecond: sampler.rate(t.topic) })),
          groups: await Promise.all(
            flows.groups().map(async (g) => {
              const partitions = await groupLag(admin, g.groupId, g.topics);
              return {
                groupId: g.groupId,
                topics: g.topics,
                deadLetterTopic: g.deadLetterTopic ?? null,
                deadLetters: snapshot.deadLetters[g.groupId] ?? 0,
                lag: partitions.reduce((n, p) => n + p.lag, 0),
                partitions,
                history: sampler.history(g.groupId),
              };
            }),
          ),
        };
      };
      try {
        return { relays, broker: { reachable: true }, ...(await within(FLOWS_BROKER_MS, fromBroker())) };
      } catch (err) {
        // What the broker would say is unknown, not zero: the groups are listed without lag or depth.
        return {
          relays,
          broker: { reachable: false, error: (err as Error).message },
          topics: [],
          groups: flows.groups().map((g) => ({
            groupId: g.groupId,
            topics: g.topics,
            deadLetterTopic: g.deadLetterTopic ?? null,
            deadLetters: null,
            lag: null,
            partitions: [],
            history: sampler.history(g.groupId),
          })),
        };
      }
    },
  );

  app.get(
    '/v1/ops/groups/:groupId/lag',
    {
      config: {
        roles: OPS,
        scope: {
          global: "the service's own event flows (offsets, lag, dead letters); no personal or place records",
        },
      },
      schema: {
        summary: "A consumer group's lag per partition as the broker sees it (committed vs end offsets)",
        tags: ['ops'],
        params: z.object({ groupId }),
        querystring: z.object({ topics: z.string().max(2000).optional() }),
        response: {
          200: z.object({ groupId: z.string(), lag: z.number(), partitions: z.array(partitionLag) }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (req) => {
      const admin = await adminOf(deps.kafka);
      const { groupId: id } = req.params;
      let topics = req.query.topics?.split(',').filter(Boolean) ?? flows.group(id)?.topics;
      if (!topics) {
        const committed = await admin.fetchOffsets({ groupId: id });
        topics = committed.map((c) => c.topic);
      }
      if (topics.length === 0) throw new NotFoundError('consumer group', id);
      const known = await admin.listTopics();
      const unknown = topics.find((t) => !known.includes(t));
      if (unknown) throw new ValidationError('query.topics', `no topic ${unknown}`);
      const partitions = await groupLag(admin, id, topics);
      return { groupId: id, lag: partitions.reduce((n, p) => n + p.lag, 0), partitions };
    },
  );

  const dlqOf = (id: string) => {
    const g = flows.group(id);
    if (!g?.deadLetterTopic) throw new NotFoundError('consumer group of this service', id);
    return g;
  };

  app.get(
    '/v1/ops/dead-letters',
    {
      config: {
        roles: OPS,
        scope: {
          global: "the service's own event flows (offsets, lag, dead letters); no personal or place records",
        },
      },
      schema: {
        summary: "A group's dead letters (what failed, why, how often replayed) and a histogram of reasons",
        tags: ['ops'],
        querystring: z.object({
          group: groupId,
          limit: z.coerce.number().int().min(1).max(5000).default(500),
        }),
        response: {
          200: z.record(z.string(), z.unknown()),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (req) => {
      const g = dlqOf(req.query.group);
      const r = await inspectDeadLetters(deps.kafka, g.db ?? deps.db, g.deadLetterTopic!, {
        limit: req.query.limit,
      });
      return {
        groupId: g.groupId,
        topic: g.deadLetterTopic,
        maxReplays: DEFAULT_MAX_REPLAYS,
        depth: r.letters.filter((l) => l.status !== 'replayed').length,
        reasons: r.reasons,
        // The event's payload stays out: it may hold (sealed) personal data; ids and reasons say enough.
        letters: r.letters.map(({ value: _value, headers: _headers, ...l }) => l),
      };
    },
  );

  app.post(
    '/v1/ops/dead-letters/replay',
    {
      config: {
        roles: OPS,
        scope: {
          global: "the service's own event flows (offsets, lag, dead letters); no personal or place records",
        },
      },
      schema: {
        summary:
          'Replay dead letters (one, a selection or all) to their topics; dryRun says what would happen',
        tags: ['ops'],
        body: z
          .object({
            group: groupId,
            ids: z.array(letterId).min(1).max(5000).optional(),
            all: z.literal(true).optional(),
            dryRun: z.boolean().default(false),
            /** Send held letters too (the loop guard holds a letter replayed and dead-lettered again N times). */
            force: z.boolean().default(false),
          })
          .strict(),
        response: {
          200: z.object({
            dryRun: z.boolean(),
            items: z.array(planItem),
            sent: z.array(z.string()),
            held: z.array(z.string()),
            skipped: z.array(z.string()),
          }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (req) => {
      const b = req.body;
      // Checked here rather than as a schema refinement, so the declared body stays a plain object.
      if ((b.ids === undefined) === (b.all === undefined)) {
        throw new ValidationError('body.ids', 'give either ids or all: true');
      }
      const g = dlqOf(b.group);
      const db = g.db ?? deps.db;
      const { letters } = await inspectDeadLetters(deps.kafka, db, g.deadLetterTopic!);
      const { items, missing } = planReplay(letters, b.all ? { all: true } : { ids: b.ids ?? [] }, {
        ...(g.registry ? { registry: g.registry } : {}),
        force: b.force,
      });
      if (missing.length > 0) throw new NotFoundError('dead letter', missing.join(', '));
      if (b.dryRun) {
        return {
          dryRun: true,
          items,
          sent: [],
          held: items.filter((i) => i.action === 'held').map((i) => i.id),
          skipped: items.filter((i) => i.action === 'already-replayed').map((i) => i.id),
        };
      }
      const r = await replayPlanned(
        deps.kafka,
        db,
        g.deadLetterTopic!,
        letters,
        items,
        req.principal.subject,
      );
      req.log.warn(
        { group: g.groupId, sent: r.sent.length, actor: req.principal.subject },
        'dead letters replayed',
      );
      return { dryRun: false, items, ...r };
    },
  );
}
