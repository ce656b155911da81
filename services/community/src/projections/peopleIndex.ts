import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '@fivesoc/eventing';
import {
  blindIndexes,
  LOOKUP_FIELDS,
  scoreMatch,
  type BlindIndexes,
  type Match,
  type MatchablePerson,
} from '@fivesoc/service-kit';
import type { NeedPlace } from '../domain/needs/index.ts';

/**
 * The blind index of people (`people_index`): what finds a possible duplicate without any clear ID number,
 * phone or name. FerretDB answers only `_id` lookups from an index and decides races only by inserts, so
 * every lookup here is by `_id` and every write an insert (or an update of a document nobody else writes):
 *
 * - `person:<personId>` — the person's blind indexes (HMACs) and the place and need they belong to;
 * - `bi:<field>:<hmac>#<n>` — slot n (1, 2, …) of the people who share that value: a new person takes the
 *   first free slot by inserting it (a taken slot is a duplicate key: the next one is tried), and a reader
 *   reads slots from 1 until one is missing. An erased person's slot is emptied, never deleted (a gap
 *   would hide the slots after it);
 * - `merged:<personId>` — the survivor a person is merged into: inserted before the merge's event (two
 *   merges of one person collide on it), deleted after an unmerge.
 *
 * Written by the request that reports the need (so search-before-create sees a report at once) and never
 * by a consumer; erasure deletes the person's row and empties their slots.
 */
export interface PersonIndexRow extends NeedPlace {
  _id: string;
  personId: string;
  needId: string;
  blind: BlindIndexes;
}
interface SlotRow {
  _id: string;
  personId: string | null;
}
interface MergedRow {
  _id: string;
  into: string;
  at: Date;
}
type Row = PersonIndexRow | SlotRow | MergedRow;

const rows = (db: Db) => db.collection<Row>('people_index');
const personRows = (db: Db) => rows(db) as unknown as Collection<PersonIndexRow>;
const slotRows = (db: Db) => rows(db) as unknown as Collection<SlotRow>;
const mergedRows = (db: Db) => rows(db) as unknown as Collection<MergedRow>;

const slotBase = (field: string, mac: string) => `bi:${field}:${mac}`;

/** Reads a value's slots from 1 until one is missing: the people (not erased) who share it. */
async function readSlots(db: Db, base: string): Promise<string[]> {
  const out: string[] = [];
  for (let n = 1; ; n++) {
    const slot = await slotRows(db).findOne({ _id: `${base}#${n}` });
    if (!slot) return out;
    if (slot.personId) out.push(slot.personId);
  }
}

/** Takes the first free slot of a value (the insert decides a race; a repeat of the same person is skipped). */
async function takeSlot(db: Db, base: string, personId: string): Promise<void> {
  for (let n = 1; ; n++) {
    try {
      await slotRows(db).insertOne({ _id: `${base}#${n}`, personId });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const taken = await slotRows(db).findOne({ _id: `${base}#${n}` });
      if (taken?.personId === personId) return;
    }
  }
}

export const indexedPerson = (db: Db, personId: string) =>
  personRows(db).findOne({ _id: `person:${personId}` });

/**
 * Indexes the people of a reported need: their HMACs only. A person indexed before (a retried request)
 * is left as it is.
 */
export async function indexPeople(
  db: Db,
  key: Buffer,
  need: NeedPlace & { needId: string; people: readonly { personId: string; data: MatchablePerson }[] },
): Promise<void> {
  const { needId, districtCode, streetCode, communityCode } = need;
  await Promise.all(
    need.people.map(async ({ personId, data }) => {
      const blind = blindIndexes(key, data);
      try {
        await personRows(db).insertOne({
          _id: `person:${personId}`,
          personId,
          needId,
          districtCode,
          streetCode,
          communityCode,
          blind,
        });
      } catch (err) {
        if (isDuplicateKey(err)) return;
        throw err;
      }
      await Promise.all(
        LOOKUP_FIELDS.flatMap((f) => (blind[f] ? [takeSlot(db, slotBase(f, blind[f]), personId)] : [])),
      );
    }),
  );
}

export interface Candidate {
  person: PersonIndexRow;
  match: Match;
}

/** The indexed people who match these blind indexes by the weighted rules, best first. */
export async function findCandidates(db: Db, blind: BlindIndexes): Promise<Candidate[]> {
  const ids = new Set<string>();
  for (const ofField of await Promise.all(
    LOOKUP_FIELDS.flatMap((f) => (blind[f] ? [readSlots(db, slotBase(f, blind[f]))] : [])),
  ))
    for (const id of ofField) ids.add(id);
  const people = await Promise.all([...ids].map((id) => indexedPerson(db, id)));
  return people
    .flatMap((person) => {
      const match = person ? scoreMatch(blind, person.blind) : undefined;
      return person && match ? [{ person, match }] : [];
    })
    .sort((a, b) => b.match.score - a.match.score || a.person.personId.localeCompare(b.person.personId));
}

/** Erasure: the person's row goes and their slots are emptied, so nothing links their values to them. */
export async function forgetPerson(db: Db, personId: string): Promise<void> {
  const person = await indexedPerson(db, personId);
  if (!person) return;
  await Promise.all(
    LOOKUP_FIELDS.map(async (f) => {
      const mac = person.blind[f];
      if (!mac) return;
      const base = slotBase(f, mac);
      for (let n = 1; ; n++) {
        const slot = await slotRows(db).findOne({ _id: `${base}#${n}` });
        if (!slot) return;
        if (slot.personId === personId)
          await slotRows(db).updateOne({ _id: slot._id }, { $set: { personId: null } });
      }
    }),
  );
  await personRows(db).deleteOne({ _id: `person:${personId}` });
}

/** The survivor this person's merge reservation names (to be checked against the survivor's stream). */
export const mergeReservation = async (db: Db, personId: string): Promise<string | undefined> =>
  (await mergedRows(db).findOne({ _id: `merged:${personId}` }))?.into;

/** Reserves a person for a merge into `into`; false when they are reserved already. */
export async function reserveMerge(db: Db, personId: string, into: string): Promise<boolean> {
  try {
    await mergedRows(db).insertOne({ _id: `merged:${personId}`, into, at: new Date() });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export const releaseMerge = async (db: Db, personId: string): Promise<void> => {
  await mergedRows(db).deleteOne({ _id: `merged:${personId}` });
};
