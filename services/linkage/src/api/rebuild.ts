import { z } from 'zod';
import type { HttpApp } from '@fivesoc/service-kit';
import type { ReadModels } from '../readModels/readModels.ts';

/** Ops: drop the read models and replay the five topics from offset zero in a fresh consumer group. */
export function rebuildRoutes(app: HttpApp, readModels: ReadModels): void {
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
        response: { 202: z.object({ groupId: z.string() }) },
      },
    },
    async (req, reply) => {
      const { groupId } = await readModels.rebuild();
      req.log.warn({ groupId, actor: req.principal.subject }, 'read models rebuilt from offset zero');
      return reply.code(202).send({ groupId });
    },
  );
}
