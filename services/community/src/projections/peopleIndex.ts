import type { Db } from 'mongodb';
import { isDuplicateKey } from '@fivesoc/eventing';
import { PeopleIndex, type MatchablePerson } from '@fivesoc/service-kit';
import type { NeedPlace } from '../domain/needs/index.ts';

/**
 * Community's blind index of people (`people_index`, the kit's `PeopleIndex`: HMACs only, `_id` lookups and
 * inserts), a row per person of a need (`ref` = the need's id), and beside it the merge reservations:
 * `merged:<personId>` names the survivor a person is merged into, inserted before the merge's event (two
 * merges of one person collide on it) and deleted after an unmerge.
 *
 * Written by the request that reports the need (so search-before-create sees a report at once) and never
 * by a consumer; erasure deletes the person's row and empties their slots.
 */
export const peopleIndex = (db: Db, key: Buffer) => new PeopleIndex(db, key);

/** Indexes the people of a reported need (a person indexed before, by a retried request, is kept). */
export async function indexPeople(
  db: Db,
  key: Buffer,
  need: NeedPlace & { needId: string; people: readonly { personId: string; data: MatchablePerson }[] },
): Promise<void> {
  const { needId, districtCode, streetCode, communityCode } = need;
  const index = peopleIndex(db, key);
  await Promise.all(
    need.people.map(({ personId, data }) =>
      index.index({ personId, ref: needId, districtCode, streetCode, communityCode }, data),
    ),
  );
}

interface MergedRow {
  _id: string;
  into: string;
  at: Date;
}
const mergedRows = (db: Db) => db.collection<MergedRow>('people_index');

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
