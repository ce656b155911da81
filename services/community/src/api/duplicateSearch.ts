import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { fold } from '@fivesoc/eventing';
import { blindIndexes, inScope, type BlindIndexes } from '@fivesoc/service-kit';
import { needDecider, needStreamId, type NeedEvent } from '../domain/needs/index.ts';
import { peopleIndex } from '../projections/peopleIndex.ts';
import type { Deps } from './deps.ts';
import { mergedInto } from './mergeState.ts';
import { needBody } from './responses.ts';

/** A possible duplicate as a caller who may see that person is shown it. */
export const candidateBody = z.object({
  personId: z.string(),
  needId: z.string(),
  communityCode: z.string(),
  level: z.enum(['likely', 'possible']),
  score: z.number(),
  matched: z.array(z.string()),
  conflicting: z.array(z.string()),
  /** The candidate's name, opened for the caller (recorded in the access log). */
  name: z.string(),
  /** The survivor, when the candidate is merged into someone. */
  mergedInto: z.string().optional(),
});
export type CandidateView = z.infer<typeof candidateBody>;

/**
 * The people matching these blind indexes that the caller may see, best first: each in the caller's scope,
 * not erased, with its name opened for the caller (and so recorded). `skip` leaves out the caller's own.
 */
export async function duplicateCandidates(
  deps: Deps,
  req: FastifyRequest,
  blind: BlindIndexes,
  skip: (personId: string, needId: string) => boolean | Promise<boolean> = () => false,
): Promise<CandidateView[]> {
  const found = await peopleIndex(deps.db, deps.blindIndexKey).candidates(blind);
  const shown = await Promise.all(
    found.map(async ({ person, match }) => {
      if (!inScope(req.principal, person) || (await skip(person.personId, person.ref))) return undefined;
      const events = await deps.store.readStream(needStreamId(person.ref));
      const need = fold(needDecider, events as unknown as NeedEvent[]);
      const sealed = need.people.find((p) => p.personId === person.personId)?.data;
      const data = sealed
        ? await deps.vault.openFor<{ name: string }>(sealed, {
            req,
            record: `need ${person.ref} person ${person.personId} (possible duplicate)`,
            place: person,
          })
        : null;
      if (!data) return undefined;
      const into = await mergedInto(deps, person.personId);
      return {
        personId: person.personId,
        needId: person.ref,
        communityCode: person.communityCode ?? '',
        ...match,
        name: data.name,
        ...(into ? { mergedInto: into } : {}),
      };
    }),
  );
  return shown.filter((c) => c !== undefined);
}

/** What a need's report answers: the need, and for each of its people the possible duplicates. */
export const reportedNeedBody = needBody.extend({
  possibleDuplicates: z.array(z.object({ personId: z.string(), candidates: z.array(candidateBody) })),
});

/** The possible duplicates of a need's people just reported (its own people are not offered). */
export async function reportedDuplicates(
  deps: Deps,
  req: FastifyRequest,
  needId: string,
  people: readonly { personId: string; name?: string; phone?: string; idNumber?: string }[],
) {
  return Promise.all(
    people.flatMap((p) =>
      p.name === undefined
        ? []
        : [
            (async () => ({
              personId: p.personId,
              candidates: await duplicateCandidates(
                deps,
                req,
                blindIndexes(deps.blindIndexKey, { name: p.name!, phone: p.phone, idNumber: p.idNumber }),
                (_, other) => other === needId,
              ),
            }))(),
          ],
    ),
  );
}
