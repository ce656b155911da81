import { aggregate } from '@fivesoc/eventing';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { inScope, type BlindIndexes, type HttpApp } from '@fivesoc/service-kit';
import { donorDecider, donorStreamId, personalDataSchema, type PersonalData } from '../domain/donor/index.ts';
import { INTAKE_ROLES, type Deps } from './deps.ts';
import { errors } from './responses.ts';

/** A possible duplicate person donor, as a caller whose scope holds them is shown it. */
export const donorCandidate = z.object({
  donorId: z.string(),
  districtCode: z.string(),
  level: z.enum(['likely', 'possible']),
  score: z.number(),
  matched: z.array(z.string()),
  conflicting: z.array(z.string()),
  /** Opened for the caller (recorded in the access log). */
  name: z.string(),
});
export type DonorCandidate = z.infer<typeof donorCandidate>;

/** The person donors matching these blind indexes that the caller may see (not erased), best first. */
export async function donorDuplicates(
  deps: Deps,
  req: FastifyRequest,
  blind: BlindIndexes,
  skip?: string,
): Promise<DonorCandidate[]> {
  const found = await deps.people.candidates(blind);
  const shown = await Promise.all(
    found.map(async ({ person, match }) => {
      if (person.personId === skip || !inScope(req.principal, person)) return undefined;
      const { state } = await aggregate(deps.store, donorDecider, donorStreamId(person.personId));
      if (!state.registered || !state.personal) return undefined;
      const data = await deps.vault.openFor<PersonalData>(state.personal, {
        req,
        record: `donor ${person.personId} (possible duplicate)`,
        place: person,
      });
      if (!data) return undefined;
      return { donorId: person.personId, districtCode: person.districtCode, ...match, name: data.name };
    }),
  );
  return shown.filter((c) => c !== undefined);
}

/** Search-before-create: possible duplicates of a person donor about to be registered, in your scope. */
export function donorDuplicateRoutes(app: HttpApp, deps: Deps): void {
  app.post(
    '/v1/donors/duplicates',
    {
      config: { roles: INTAKE_ROLES, scope: 'place' },
      schema: {
        summary:
          'Possible duplicates of a person donor about to be registered (blind: matched by keyed HMACs), in your scope',
        tags: ['donors'],
        body: personalDataSchema.partial({ phone: true, idNumber: true }),
        response: { 200: z.object({ candidates: z.array(donorCandidate) }), ...errors() },
      },
    },
    async (req) => ({ candidates: await donorDuplicates(deps, req, deps.people.blindOf(req.body)) }),
  );
}
