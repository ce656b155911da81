import { z } from 'zod';
import { NotFoundError, type HttpApp } from '@fivesoc/service-kit';
import type { CaseApp } from '../cases/app.ts';
import { caseFlow } from './caseFlow.ts';
import type { SagaGauges } from './sagaMetrics.ts';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const caseId = z.string().regex(/^c-[A-Za-z0-9._-]{1,120}$/, 'a case id (c-…)');
const hop = z.object({
  kind: z.enum(['appended', 'published', 'consumed', 'request', 'answer']),
  step: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  at: z.string(),
  tookMs: z.number().nullable(),
  traceId: z.string().nullable(),
  kafka: z
    .object({ topic: z.string(), partition: z.number(), offset: z.string(), group: z.string().optional() })
    .optional(),
});

/** Linkage's own ops views: a case's flow hop by hop, and the saga's pending work. */
export function linkageOpsRoutes(app: HttpApp, deps: { cases: CaseApp; saga: SagaGauges }): void {
  app.get(
    '/v1/ops/cases/:caseId/flow',
    {
      config: {
        roles: ['ops'],
        scope: {
          global: "linkage's own saga and case flow metadata (ids, times, trace ids); no personal data",
        },
      },
      schema: {
        summary:
          "A case's flow: each hop (appended, published, consumed, requests and answers) with its time and trace",
        tags: ['ops'],
        params: z.object({ caseId }),
        response: {
          200: z.object({
            caseId: z.string(),
            traceIds: z.array(z.string()),
            hops: z.array(hop),
            totalMs: z.number().nullable(),
          }),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          404: errorSchema,
        },
      },
    },
    async (req) => {
      const events = await deps.cases.history(req.params.caseId);
      if (events.length === 0) throw new NotFoundError('case', req.params.caseId);
      return caseFlow(req.params.caseId, events);
    },
  );

  app.get(
    '/v1/ops/saga',
    {
      config: {
        roles: ['ops'],
        scope: {
          global: "linkage's own saga and case flow metadata (ids, times, trace ids); no personal data",
        },
      },
      schema: {
        summary:
          'The case saga at a glance: requests pending per kind, deadlines, cases waiting for a worker',
        tags: ['ops'],
        response: {
          200: z.object({
            pending: z.record(z.string(), z.number()),
            deadlines: z.object({ scheduled: z.number(), due: z.number(), overdue: z.number() }),
            waitingForWorker: z.number(),
            oldestWaitSeconds: z.number(),
          }),
          401: errorSchema,
          403: errorSchema,
        },
      },
    },
    async () => deps.saga.snapshot(),
  );
}
