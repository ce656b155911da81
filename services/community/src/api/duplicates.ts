import { z } from 'zod';
import {
  blindIndexes,
  IllegalStateError,
  inScope,
  isIdNumber,
  NotFoundError,
  ValidationError,
  type HttpApp,
  type Principal,
  commandContext,
} from '@fivesoc/service-kit';
import { pairStreamId } from '../domain/people/index.ts';
import { personPlaces } from '../projections/personPlaces.ts';
import { peopleIndex, releaseMerge, reserveMerge } from '../projections/peopleIndex.ts';
import type { Deps } from './deps.ts';
import { candidateBody, duplicateCandidates } from './duplicateSearch.ts';
import { mergedInto, personState } from './mergeState.ts';
import { NEED_ROLES } from './needs.ts';
import { errors } from './responses.ts';

const config = { roles: NEED_ROLES, scope: 'place' as const };
const tags = ['people'];
const params = z.object({ personId: z.uuid() });
const personRef = z.uuid();

const personRecordBody = z.object({
  personId: z.string(),
  needId: z.string(),
  districtCode: z.string(),
  streetCode: z.string(),
  communityCode: z.string(),
  mergedInto: z.string().nullable(),
  mergedParts: z.array(z.object({ personId: z.string(), needId: z.string() })),
  /** The person's own need and those of the people merged into them. */
  needIds: z.array(z.string()),
});

/** A person of a need in the caller's scope; "not found" otherwise (another place's people are not named). */
async function placedPerson(deps: Deps, principal: Principal, personId: string, field = 'personId') {
  const place = await personPlaces(deps.db).findOne({ _id: personId });
  if (!place || !inScope(principal, place)) throw new NotFoundError(`person (${field})`, personId);
  return place;
}

async function personRecord(deps: Deps, principal: Principal, personId: string) {
  const place = await placedPerson(deps, principal, personId);
  const [into, state] = await Promise.all([mergedInto(deps, personId), personState(deps, personId)]);
  return {
    personId,
    needId: place.needId,
    districtCode: place.districtCode,
    streetCode: place.streetCode,
    communityCode: place.communityCode,
    mergedInto: into ?? null,
    mergedParts: state.parts,
    needIds: [...new Set([place.needId, ...state.parts.map((p) => p.needId)])],
  };
}

const searchPerson = z.strictObject({
  name: z.string().trim().min(1).max(50),
  phone: z
    .string()
    .regex(/^[0-9+\- ]{5,20}$/, 'digits, +, - and spaces, 5 to 20')
    .optional(),
  idNumber: z
    .string()
    .regex(/^[\d Xx]{18,30}$/, 'an 18-character resident ID number (spaces allowed)')
    .refine(isIdNumber, 'an 18-character resident ID number (spaces allowed)')
    .optional(),
  birthDate: z.iso.date().optional(),
});

/** Search-before-create, the people of one person, merge and unmerge, and "not a duplicate". */
export function duplicateRoutes(app: HttpApp, deps: Deps): void {
  app.post(
    '/v1/people/duplicates',
    {
      config,
      schema: {
        summary:
          'Possible duplicates of the people about to be reported (blind: matched by keyed HMACs), in your scope',
        tags,
        body: z.strictObject({ people: z.array(searchPerson).min(1).max(10) }),
        response: {
          200: z.object({
            people: z.array(z.object({ index: z.number(), candidates: z.array(candidateBody) })),
          }),
          ...errors(),
        },
      },
    },
    async (req) => ({
      people: await Promise.all(
        req.body.people.map(async (p, index) => ({
          index,
          candidates: await duplicateCandidates(deps, req, blindIndexes(deps.blindIndexKey, p)),
        })),
      ),
    }),
  );

  app.get(
    '/v1/people/:personId',
    {
      config,
      schema: {
        summary: 'A person of a need: their merge state and the needs they are on',
        tags,
        params,
        response: { 200: personRecordBody, ...errors(404) },
      },
    },
    async (req) => personRecord(deps, req.principal, req.params.personId),
  );

  app.get(
    '/v1/people/:personId/duplicates',
    {
      config,
      schema: {
        summary:
          'Possible duplicates of a person, in your scope (people marked "not a duplicate" and merged with them are left out)',
        tags,
        params,
        response: {
          200: z.object({ personId: z.string(), candidates: z.array(candidateBody) }),
          ...errors(404),
        },
      },
    },
    async (req) => {
      const { personId } = req.params;
      await placedPerson(deps, req.principal, personId);
      const me = await peopleIndex(deps.db, deps.blindIndexKey).get(personId);
      if (!me) return { personId, candidates: [] };
      const root = (await mergedInto(deps, personId)) ?? personId;
      const group = new Set([root, ...(await personState(deps, root)).parts.map((p) => p.personId)]);
      const skip = async (other: string) =>
        other === personId ||
        group.has(other) ||
        (await deps.store.readStream(pairStreamId(personId, other))).length > 0;
      return {
        personId,
        candidates: await duplicateCandidates(deps, req, me.blind, { exclude: new Set([personId]), skip }),
      };
    },
  );

  app.post(
    '/v1/people/:personId/merge',
    {
      config,
      schema: {
        summary:
          'Merge a person into another (the survivor): an event, undone by unmerge; nothing of either is deleted',
        tags,
        params,
        body: z.strictObject({ into: personRef }),
        response: { 200: personRecordBody, ...errors(404, 409, 422) },
      },
    },
    async (req) => {
      const { personId } = req.params;
      const { into } = req.body;
      const merged = await placedPerson(deps, req.principal, personId);
      await placedPerson(deps, req.principal, into, 'body.into');
      const opts = commandContext(req);
      const command = {
        kind: 'merge' as const,
        personId: into,
        mergedId: personId,
        mergedNeedId: merged.needId,
      };
      if (personId === into)
        throw new ValidationError('body.into', 'a person cannot be merged into themselves');
      const [intoRoot, own] = await Promise.all([mergedInto(deps, into), personState(deps, personId)]);
      if (intoRoot)
        throw new IllegalStateError(`person ${into} is merged into ${intoRoot}: merge into that person`);
      if (own.parts.length > 0)
        throw new IllegalStateError(`person ${personId} has people merged into them: unmerge those first`);
      if (own.erased) throw new IllegalStateError(`person ${personId} was erased`);
      let reserved = await reserveMerge(deps.db, personId, into);
      if (!reserved) {
        const current = await mergedInto(deps, personId);
        if (current === into) return personRecord(deps, req.principal, into);
        if (current) throw new IllegalStateError(`person ${personId} is merged into ${current} already`);
        // A reservation its merge never followed (a crash between the two): taken back.
        await releaseMerge(deps.db, personId);
        reserved = await reserveMerge(deps.db, personId, into);
        if (!reserved) throw new IllegalStateError(`person ${personId} is being merged right now`);
      }
      try {
        await deps.commands.person.run(into, command, opts);
      } catch (err) {
        await releaseMerge(deps.db, personId).catch(() => undefined);
        throw err;
      }
      return personRecord(deps, req.principal, into);
    },
  );

  app.post(
    '/v1/people/:personId/unmerge',
    {
      config,
      schema: {
        summary: 'Undo the merge of a person: they are a person of their own again, exactly as before',
        tags,
        params,
        response: { 200: personRecordBody, ...errors(404, 409, 422) },
      },
    },
    async (req) => {
      const { personId } = req.params;
      await placedPerson(deps, req.principal, personId);
      const into = await mergedInto(deps, personId);
      if (!into) throw new IllegalStateError(`person ${personId} is not merged into anyone`);
      await placedPerson(deps, req.principal, into, 'survivor');
      await deps.commands.person.run(
        into,
        { kind: 'unmerge', personId: into, mergedId: personId },
        commandContext(req),
      );
      await releaseMerge(deps.db, personId);
      return personRecord(deps, req.principal, personId);
    },
  );

  app.post(
    '/v1/people/:personId/not-duplicate',
    {
      config,
      schema: {
        summary: 'Record that two people offered as possible duplicates are not the same resident',
        tags,
        params,
        body: z.strictObject({ of: personRef }),
        response: {
          200: z.object({ personId: z.string(), otherId: z.string(), distinct: z.literal(true) }),
          ...errors(404, 409, 422),
        },
      },
    },
    async (req) => {
      const { personId } = req.params;
      const { of } = req.body;
      await placedPerson(deps, req.principal, personId);
      await placedPerson(deps, req.principal, of, 'body.of');
      await deps.commands.pair.run(
        [personId, of],
        { kind: 'markDistinct', personId, otherId: of },
        commandContext(req),
      );
      return { personId, otherId: of, distinct: true as const };
    },
  );
}
