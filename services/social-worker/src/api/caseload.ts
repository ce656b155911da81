import { z } from 'zod';
import { commandContext, etagOf, type HttpApp } from '@fivesoc/service-kit';
import { caseId, workerId } from '../domain/worker/index.ts';
import { CASELOAD_CALLERS, assertWorkerInScope } from './access.ts';
import { loadWorker, type Deps } from './deps.ts';
import { commandOnWorker, workerView } from './views.ts';

const params = z.object({ workerId });
const body = z.strictObject({ caseId });
const tags = ['caseload'];

/**
 * Linkage calls these when it assigns a case to a worker and when the case leaves them (closed,
 * transferred). The worker's decider keeps the active caseload at or below the maximum.
 */
export function caseloadRoutes(app: HttpApp, deps: Deps): void {
  app.post(
    '/v1/workers/:workerId/assign',
    {
      config: { roles: CASELOAD_CALLERS, scope: 'place' },
      schema: {
        response: commandOnWorker,
        summary: 'Assign a case to the worker, within their capacity',
        tags,
        params,
        body,
      },
    },
    async (req, reply) => {
      const { profile } = await loadWorker(deps.store, req.params.workerId);
      assertWorkerInScope(req, profile);
      const r = await deps.commands.worker.run(
        profile.workerId,
        { kind: 'assign', caseId: req.body.caseId },
        commandContext(req),
      );
      return reply.header('etag', etagOf(r.version)).send(workerView(r.state));
    },
  );

  app.post(
    '/v1/workers/:workerId/release',
    {
      config: { roles: CASELOAD_CALLERS, scope: 'place' },
      schema: {
        response: commandOnWorker,
        summary: 'Release a case assigned to the worker',
        tags,
        params,
        body,
      },
    },
    async (req, reply) => {
      const { profile } = await loadWorker(deps.store, req.params.workerId);
      assertWorkerInScope(req, profile);
      const r = await deps.commands.worker.run(
        profile.workerId,
        { kind: 'release', caseId: req.body.caseId },
        commandContext(req),
      );
      return reply.header('etag', etagOf(r.version)).send(workerView(r.state));
    },
  );
}
