import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { inScope, type BlindIndexes, type HttpApp, type MatchablePerson } from '@fivesoc/service-kit';
import type { PersonalData } from '../domain/volunteer/events.ts';
import type { PlaceCodes } from '../domain/shared.ts';
import { ADMINS, loadVolunteer } from './access.ts';
import type { Deps } from './deps.ts';
import { personalShape } from './schemas.ts';
import { errors } from './responses.ts';

/** A possible duplicate volunteer, as an admin whose scope holds them is shown it. */
export const volunteerCandidate = z.object({
  volunteerId: z.string(),
  communityCode: z.string(),
  level: z.enum(['likely', 'possible']),
  score: z.number(),
  matched: z.array(z.string()),
  conflicting: z.array(z.string()),
  /** Opened for the caller (recorded in the access log). */
  name: z.string(),
});
export type VolunteerCandidate = z.infer<typeof volunteerCandidate>;

/** The volunteers matching these blind indexes that the caller may see (not erased), best first. */
export async function volunteerDuplicates(
  deps: Deps,
  req: FastifyRequest,
  blind: BlindIndexes,
  skip?: string,
): Promise<VolunteerCandidate[]> {
  const found = await deps.people.candidates(blind);
  const shown = await Promise.all(
    found.map(async ({ person, match }) => {
      if (person.personId === skip || !inScope(req.principal, person)) return undefined;
      const { state } = await loadVolunteer(deps, person.personId);
      if (state.status !== 'active') return undefined;
      const data = await deps.vault.openFor<PersonalData>(state.personal, {
        req,
        record: `volunteer ${person.personId} (possible duplicate)`,
        place: state.profile.place,
      });
      if (!data) return undefined;
      return {
        volunteerId: person.personId,
        communityCode: person.communityCode ?? '',
        ...match,
        name: data.name,
      };
    }),
  );
  return shown.filter((c) => c !== undefined);
}

/** Indexes a registered (or changed) volunteer's data: HMACs only, beside the sealed data. */
export const indexVolunteer = (deps: Deps, volunteerId: string, place: PlaceCodes, data: MatchablePerson) =>
  deps.people.reindex({ personId: volunteerId, ref: volunteerId, ...place }, data);

/** Search-before-create: possible duplicates of a volunteer about to be registered, in your scope. */
export function volunteerDuplicateRoutes(app: HttpApp, deps: Deps): void {
  app.post(
    '/v1/volunteers/duplicates',
    {
      config: { roles: ADMINS, scope: 'place' },
      schema: {
        summary:
          'Possible duplicates of a volunteer about to be registered (blind: matched by keyed HMACs), in your scope',
        tags: ['volunteers'],
        body: z.strictObject({
          name: personalShape.name,
          phone: personalShape.phone.optional(),
          idNumber: personalShape.idNumber.optional(),
        }),
        response: { 200: z.object({ candidates: z.array(volunteerCandidate) }), ...errors() },
      },
    },
    async (req) => ({ candidates: await volunteerDuplicates(deps, req, deps.people.blindOf(req.body)) }),
  );
}
