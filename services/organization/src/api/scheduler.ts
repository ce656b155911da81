import type { HttpApp } from '@fivesoc/service-kit';
import { z } from 'zod';
import { runScheduler } from '../scheduler.ts';
import type { Deps } from './deps.ts';
import { schedulerRun } from './responses.ts';

/** Runs the lifecycle scheduler now (the loop runs it on its own; ops can trigger a run). */
export function schedulerRoutes(app: HttpApp, deps: Deps): void {
  app.post(
    '/v1/scheduler/runs',
    {
      config: {
        roles: ['ops'],
        scope: {
          global:
            'applies the time-driven registration transitions of every organization the service holds (ops)',
        },
      },
      schema: {
        response: { 200: schedulerRun },
        summary: 'Apply the due abnormal-list, zombie and exit steps now, and refresh the catalogue',
        tags: ['scheduler'],
        body: z.strictObject({}).optional(),
      },
    },
    async () => {
      return runScheduler(deps, new Date());
    },
  );
}
