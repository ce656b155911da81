import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { commandContext, etagOf, type HttpApp } from '@fivesoc/service-kit';
import { TALENT_RECORD_KINDS, isoDate, workerId } from '../domain/worker/index.ts';
import { ADMINS, assertWorkerInScope } from './access.ts';
import { loadWorker, type Deps } from './deps.ts';
import { createdWorker, workerView } from './views.ts';

const body = z
  .strictObject({
    kind: z.enum(TALENT_RECORD_KINDS),
    from: isoDate,
    to: isoDate.optional(),
    organization: z.string().trim().min(1).max(200),
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.to !== undefined && b.to < b.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  });

/** Certifications, titles and secondments (挂职交流): dated records on the worker's stream. */
export function talentRoutes(app: HttpApp, deps: Deps): void {
  app.post(
    '/v1/workers/:workerId/talent-records',
    {
      config: { roles: ADMINS, scope: 'place' },
      schema: {
        response: createdWorker,
        summary: 'Add a certification, title or secondment (挂职交流) record',
        tags: ['talent'],
        params: z.object({ workerId }),
        body,
      },
    },
    async (req, reply) => {
      const { profile } = await loadWorker(deps.store, req.params.workerId);
      assertWorkerInScope(req, profile);
      const record = { recordId: randomUUID(), ...req.body };
      const r = await deps.commands.worker.run(
        profile.workerId,
        { kind: 'addTalentRecord', record },
        commandContext(req),
      );
      return reply.status(201).header('etag', etagOf(r.version)).send(workerView(r.state));
    },
  );
}
