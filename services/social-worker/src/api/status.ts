import { z } from 'zod';
import { commandContext, etagOf, type HttpApp } from '@fivesoc/service-kit';
import { workerId } from '../domain/worker/index.ts';
import { ADMINS, assertWorkerInScope } from './access.ts';
import { releaseCertificate } from './certificates.ts';
import { loadWorker, type Deps } from './deps.ts';
import { commandOnWorker, workerView } from './views.ts';

const params = z.object({ workerId });
const reason = z.string().trim().min(1).max(500);
const tags = ['workers'];

/** Suspension (with a reason), reinstatement and leaving (final) are events on the worker's stream. */
export function statusRoutes(app: HttpApp, deps: Deps): void {
  app.post(
    '/v1/workers/:workerId/suspend',
    {
      config: { roles: ADMINS, scope: 'place' },
      schema: {
        response: commandOnWorker,
        summary: 'Suspend a worker: no new assignments',
        tags,
        params,
        body: z.strictObject({ reason }),
      },
    },
    async (req, reply) => {
      const { profile } = await loadWorker(deps.store, req.params.workerId);
      assertWorkerInScope(req, profile);
      const r = await deps.commands.worker.run(
        profile.workerId,
        { kind: 'suspend', reason: req.body.reason },
        commandContext(req),
      );
      return reply.header('etag', etagOf(r.version)).send(workerView(r.state));
    },
  );

  app.post(
    '/v1/workers/:workerId/reinstate',
    {
      config: { roles: ADMINS, scope: 'place' },
      schema: {
        response: commandOnWorker,
        summary: 'Reinstate a suspended worker',
        tags,
        params,
        body: z.strictObject({ note: reason.optional() }),
      },
    },
    async (req, reply) => {
      const { profile } = await loadWorker(deps.store, req.params.workerId);
      assertWorkerInScope(req, profile);
      const note = req.body.note;
      const r = await deps.commands.worker.run(
        profile.workerId,
        {
          kind: 'reinstate',
          ...(note ? { note } : {}),
        },
        commandContext(req),
      );
      return reply.header('etag', etagOf(r.version)).send(workerView(r.state));
    },
  );

  app.post(
    '/v1/workers/:workerId/leave',
    {
      config: { roles: ADMINS, scope: 'place' },
      schema: {
        response: commandOnWorker,
        summary: 'Record that a worker left (final); frees the certificate number',
        tags,
        params,
        body: z.strictObject({ reason }),
      },
    },
    async (req, reply) => {
      const { profile } = await loadWorker(deps.store, req.params.workerId);
      assertWorkerInScope(req, profile);
      const r = await deps.commands.worker.run(
        profile.workerId,
        { kind: 'leave', reason: req.body.reason },
        commandContext(req),
      );
      // The person may register again elsewhere with the same certificate.
      await releaseCertificate(deps.certificates, profile.certificateNumber, profile.workerId);
      return reply.header('etag', etagOf(r.version)).send(workerView(r.state));
    },
  );
}
