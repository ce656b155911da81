import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { aggregate } from '@fivesoc/eventing';
import { blindIndexes, inScope, type BlindIndexes } from '@fivesoc/service-kit';
import { needDecider, needStreamId } from '../domain/needs/index.ts';
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
 * The most candidates shown for one person: the best ten are what someone can compare by eye, and each
 * shown costs a stream read and an opening recorded in the access log (a shared phone would otherwise open
 * every person who gave it).
 */
export const SHOWN_CANDIDATES = 10;

/**
 * The people matching these blind indexes that the caller may see, best first (at most SHOWN_CANDIDATES): each in the caller's scope,
 * not erased, with its name opened for the caller (and so recorded).
 */
export async function duplicateCandidates(
  deps: Deps,
  req: FastifyRequest,
  blind: BlindIndexes,
  leaveOut: {
    /** People never offered (their index rows are not read). */
    exclude?: ReadonlySet<string>;
    /** Asked of each candidate in the caller's scope, best first, until enough are kept. */
    skip?: (personId: string, needId: string) => boolean | Promise<boolean>;
  } = {},
): Promise<CandidateView[]> {
  const { exclude, skip = () => false } = leaveOut;
  const found = await peopleIndex(deps.db, deps.blindIndexKey).candidates(blind, exclude);
  const visible: typeof found = [];
  for (const c of found) {
    if (visible.length === SHOWN_CANDIDATES) break;
    if (inScope(req.principal, c.person) && !(await skip(c.person.personId, c.person.ref))) visible.push(c);
  }
  const shown = await Promise.all(
    visible.map(async ({ person, match }) => {
      const { state: need } = await aggregate(deps.store, needDecider, needStreamId(person.ref));
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
  const own = new Set(people.map((p) => p.personId));
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
                { exclude: own, skip: (_, other) => other === needId },
              ),
            }))(),
          ],
    ),
  );
}
