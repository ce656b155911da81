import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { aggregate, type HandleOptions } from '@fivesoc/eventing';
import {
  assertInScope,
  IllegalStateError,
  isIdNumber,
  normalizeIdNumber,
  NotFoundError,
  type Principal,
  type Sealed,
} from '@fivesoc/service-kit';
import type { FastifyRequest } from 'fastify';
import {
  consentSchema,
  needDecider,
  needStreamId,
  NEED_CATEGORIES,
  URGENCIES,
  type NeedState,
} from '../domain/needs/index.ts';
import { recordPersonPlaces } from '../projections/personPlaces.ts';
import { indexPeople } from '../projections/peopleIndex.ts';
import { mergedInto } from './mergeState.ts';
import type { Deps } from './deps.ts';
import { loadUnit } from './units.ts';

export const personInput = z.strictObject({
  name: z.string().trim().min(1).max(50),
  phone: z.string().regex(/^[0-9+\- ]{5,20}$/, 'digits, +, - and spaces, 5 to 20'),
  // Written as people write it (spaces, a lower-case x); stored in its one form (GB 11643).
  idNumber: z
    .string()
    .regex(/^[\d Xx]{18,30}$/, 'an 18-character resident ID number (spaces allowed)')
    .refine(isIdNumber, 'an 18-character resident ID number (spaces allowed)')
    .optional(),
  address: z.string().trim().min(1).max(200),
});
export const needInput = z.strictObject({
  communityCode: z.string().regex(/^\d{12}$/),
  category: z.enum(NEED_CATEGORIES),
  urgency: z.enum(URGENCIES),
  people: z.array(personInput).max(10).default([]),
  consent: consentSchema,
  description: z.string().trim().min(1).max(2000),
});
export type NeedInput = z.infer<typeof needInput>;

/**
 * How late a need's report may see a change of its community made by another process (a merge, a
 * closure): the check is not atomic with the report anyway, so a second's cache only moves it earlier.
 */
const PLACE_MAX_AGE_MS = 1000;

/** The community a need is reported in, with its street and district, as the tree says now. */
export async function needPlace(deps: Deps, communityCode: string) {
  const c = (await loadUnit(deps.store, 'community', communityCode, PLACE_MAX_AGE_MS)).state;
  if (c.level !== 'community') throw new NotFoundError('community', communityCode);
  if (c.closed)
    throw new IllegalStateError(`community ${communityCode} was merged into ${c.mergedInto ?? '?'}`);
  return { districtCode: c.districtCode, streetCode: c.streetCode!, communityCode };
}

/** Seals every person and the description, then reports the need (a repeated key replays, sealing nothing). */
export async function reportNeed(
  deps: Deps,
  principal: Principal,
  needId: string,
  input: NeedInput,
  opts: HandleOptions,
) {
  const streamId = needStreamId(needId);
  // The key is claimed before anything is sealed (one insert; the earlier report is looked up only when
  // the key is taken), so a repeat seals nothing and stores nothing.
  const key = opts.idempotencyKey;
  const earlier = key !== undefined ? await deps.store.claimKey(streamId, key) : undefined;
  if (earlier) {
    const { state, version } = await aggregate(deps.store, needDecider, streamId);
    return {
      state,
      version,
      events: [],
      append: earlier,
      clear: undefined,
    };
  }
  let r;
  let clear;
  try {
    const place = await needPlace(deps, input.communityCode);
    assertInScope(principal, place, `community ${input.communityCode}`);
    // Every person's key and the description's in one write.
    clear = input.people.map((p) => ({
      personId: randomUUID(),
      data: p.idNumber ? { ...p, idNumber: normalizeIdNumber(p.idNumber) } : p,
    }));
    const sealed = await deps.vault.sealMany([
      ...clear,
      { personId: `need-${needId}`, data: { text: input.description } },
    ]);
    const people = clear.map((p, i) => ({ personId: p.personId, data: sealed[i]! }));
    const description = sealed.at(-1)!;
    const { category, urgency, consent } = input;
    const command = {
      kind: 'report' as const,
      needId,
      place,
      category,
      urgency,
      people,
      consent,
      description,
    };
    // The need's id was made for this report (from its key, or at random), so its stream is not read.
    r = await deps.commands.need.run(needId, command, {
      ...opts,
      idempotencyClaimed: true,
      newStream: true,
    });
    // The people's place at once, for a scoped erasure (the projection skips the rows written here).
    await recordPersonPlaces(deps.db, { needId, ...place, people });
    // Their blind indexes (HMACs, never the clear values), so the next report finds them as duplicates.
    await indexPeople(deps.db, deps.blindIndexKey, { needId, ...place, people: clear });
  } catch (err) {
    if (key !== undefined && r?.append === undefined)
      await deps.store.releaseClaim(streamId, key).catch(() => undefined);
    throw err;
  }
  return { ...r, clear: { people: clear, description: input.description } };
}

/** A need from its stream, scope-checked; NotFound when there is none. */
export async function loadNeed(deps: Deps, principal: Principal, needId: string) {
  const { state, version, events } = await aggregate(deps.store, needDecider, needStreamId(needId));
  if (state.status === 'none' || !state.place) throw new NotFoundError('need', needId);
  assertInScope(principal, state.place, `need ${needId}`);
  return { state, version, reportedAt: events[0]!.occurredAt, events };
}

/**
 * The need as its caller may see it: personal data opened, or marked erased once the person was erased.
 * `clear` is what the caller reported just now, so nothing is opened again.
 */
export async function needView(
  deps: Deps,
  s: NeedState,
  reportedAt: string,
  clear?: { people: { personId: string; data: z.infer<typeof personInput> }[]; description: string },
  /** The caller the data is opened for (each opening is recorded); none: what they sent is shown back. */
  req?: FastifyRequest,
) {
  const open = <T>(sealed: Sealed, record: string) =>
    req ? deps.vault.openFor<T>(sealed, { req, record, place: s.place! }) : deps.vault.open<T>(sealed);
  const known = new Map(clear?.people.map((p) => [p.personId, p.data]));
  const people = await Promise.all(
    s.people.map(async (p) => {
      const data =
        known.get(p.personId) ??
        (await open<z.infer<typeof personInput>>(p.data, `need ${s.needId} person ${p.personId}`));
      // A merged person reads as themselves, naming the survivor (an unmerge takes the mark away).
      const into = await mergedInto(deps, p.personId);
      const merged = into ? { mergedInto: into } : {};
      return data
        ? { personId: p.personId, ...data, ...merged }
        : { personId: p.personId, erased: true, ...merged };
    }),
  );
  const description = clear
    ? { text: clear.description }
    : s.description
      ? await open<{ text: string }>(s.description, `need ${s.needId} description`)
      : null;
  return {
    id: s.needId,
    status: s.status,
    ...s.place!,
    category: s.category!,
    categoryListVersion: 1,
    urgency: s.urgency!,
    people,
    consent: s.consent!,
    description: description?.text ?? null,
    reportedAt,
  };
}
