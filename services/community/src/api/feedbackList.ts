import { z } from 'zod';
import { scopeFilter, type HttpApp } from '@fivesoc/service-kit';
import { SUBJECT_KINDS } from '../domain/feedback/index.ts';
import { feedbackRows } from '../projections/feedback.ts';
import { ALL_ROLES, type Deps } from './deps.ts';
import { feedbackSummaryBody } from './responses.ts';

/** The ratings of one subject in the caller's scope: count, average and the distribution (no comments). */
export function feedbackListRoutes(app: HttpApp, { db }: Deps): void {
  app.get(
    '/v1/feedback/summary',
    {
      config: { roles: ALL_ROLES, scope: 'place' },
      schema: {
        summary: 'Rating summary of a service or case in your scope (eventually consistent)',
        tags: ['feedback'],
        querystring: z.object({ subjectKind: z.enum(SUBJECT_KINDS), subjectId: z.string().min(1).max(100) }),
        response: { 200: feedbackSummaryBody },
      },
    },
    async (req) => {
      const { subjectKind, subjectId } = req.query;
      const rows = await feedbackRows(db)
        .find({ ...scopeFilter(req.principal), subjectKind, subjectId })
        .limit(10_000)
        .toArray();
      const byRating = [1, 2, 3, 4, 5].map((r) => rows.filter((x) => x.rating === r).length);
      const total = rows.reduce((s, x) => s + x.rating, 0);
      const average = rows.length ? Math.round((total / rows.length) * 100) / 100 : null;
      return { subjectKind, subjectId, count: rows.length, average, byRating };
    },
  );
}
