import { z } from 'zod';
import { assertInScope, etagOf, type HttpApp, commandContext } from '@fivesoc/service-kit';
import { SUBJECT_KINDS } from '../domain/feedback/index.ts';
import type { Deps } from './deps.ts';
import { needPlace } from './needCommands.ts';
import { errors, feedbackBody } from './responses.ts';

const idPart = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/);

/**
 * 效果共评: a resident's rating (1–5) and comment (≤ 500) on a service or a case. Recorded by whoever
 * collects it (community staff, social workers, or a resident-facing app as an integration client) in the
 * resident's community.
 */
export function feedbackRoutes(app: HttpApp, deps: Deps): void {
  app.post(
    '/v1/feedback',
    {
      config: {
        roles: ['community_staff', 'street_admin', 'district_admin', 'social_worker', 'integration_client'],
        scope: 'place',
      },
      schema: {
        summary: 'Record a resident’s rating of a service or case (once per resident and subject)',
        tags: ['feedback'],
        body: z.strictObject({
          subject: z.strictObject({ kind: z.enum(SUBJECT_KINDS), id: idPart }),
          residentId: idPart,
          communityCode: z.string().regex(/^\d{12}$/),
          rating: z.number().int().min(1).max(5),
          comment: z.string().trim().min(1).max(500).optional(),
        }),
        response: { 201: feedbackBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const { subject, residentId, communityCode, rating, comment } = req.body;
      const place = await needPlace(deps, communityCode);
      assertInScope(req.principal, place, `community ${communityCode}`);
      const sealed = comment ? await deps.vault.seal(residentId, { comment }) : undefined;
      const command = {
        kind: 'give' as const,
        subjectKind: subject.kind,
        subjectId: subject.id,
        residentId,
        ...place,
        rating,
        ...(sealed ? { comment: sealed } : {}),
      };
      // A racing second submission loses on the stream version, decides again, and is refused (409).
      const r = await deps.commands.feedback.run(
        { kind: subject.kind, subjectId: subject.id, residentId },
        command,
        { ...commandContext(req), retriesOnConflict: 3 },
      );
      return reply
        .status(201)
        .header('etag', etagOf(r.version))
        .send({ subject, residentId, communityCode, rating, ...(comment ? { comment } : {}) });
    },
  );
}
