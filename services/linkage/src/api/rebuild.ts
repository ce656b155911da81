import { z } from 'zod';
import type { Kafka } from 'kafkajs';
import { adminOf, groupLag } from '@fivesoc/eventing';
import type { HttpApp } from '@fivesoc/service-kit';
import type { ReadModels } from '../readModels/readModels.ts';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const progressSchema = z.object({
  groupId: z.string(),
  generation: z.number(),
  /** Messages the current generation has folded, of those the five topics held when asked. */
  consumed: z.number(),
  total: z.number(),
  lag: z.number(),
  /** 0 … 1; 1 once the generation has caught up. */
  progress: z.number(),
});

/** Ops: drop the read models and replay the five topics from offset zero in a fresh consumer group; follow it. */
export function rebuildRoutes(app: HttpApp, readModels: ReadModels, kafka: Kafka): void {
  app.post(
    '/v1/read-models/rebuild',
    {
      config: {
        roles: ['ops'],
        scope: { global: "replays the five topics into linkage's read models; answers no records" },
      },
      schema: {
        summary: 'Rebuild the read models from offset zero (they refill in the background)',
        tags: ['operations'],
        response: { 202: z.object({ groupId: z.string() }), 401: errorSchema, 403: errorSchema },
      },
    },
    async (req, reply) => {
      const { groupId } = await readModels.rebuild();
      req.log.warn({ groupId, actor: req.principal.subject }, 'read models rebuilt from offset zero');
      return reply.code(202).send({ groupId });
    },
  );

  app.get(
    '/v1/read-models/rebuild',
    {
      config: { roles: ['ops'], scope: { global: 'progress of the read-model rebuild; answers no records' } },
      schema: {
        summary:
          "The read models' generation and how far its consumer group has come (the rebuild's progress)",
        tags: ['operations'],
        response: { 200: progressSchema, 401: errorSchema, 403: errorSchema },
      },
    },
    async () => {
      const groupId = readModels.groupId;
      const parts = await groupLag(await adminOf(kafka), groupId, readModels.topics);
      const total = parts.reduce((n, p) => n + Number(BigInt(p.end) - BigInt(p.start)), 0);
      const lag = parts.reduce((n, p) => n + p.lag, 0);
      const consumed = Math.max(0, total - lag);
      return {
        groupId,
        generation: Number(/\.g(\d+)$/.exec(groupId)?.[1] ?? 0),
        consumed,
        total,
        lag,
        progress: total === 0 ? 1 : consumed / total,
      };
    },
  );
}
