import type { Db } from 'mongodb';
import { DUPLICATE_KEY, eventsOf, writeErrorsOf, type EventEnvelope } from '@fivesoc/eventing';
import { needEvents, type NeedEvent } from '../domain/needs/index.ts';

const isNeedEvent = eventsOf<NeedEvent>(needEvents);

/**
 * Where a person of a need lives (the need's place): what scopes the erasure of their personal data. Written
 * when the need is reported and rebuilt by this projection's own consumer group, which reads the topic from
 * its start, so people reported before the row existed get theirs too.
 */
export interface PersonPlaceRow {
  _id: string;
  needId: string;
  districtCode: string;
  streetCode: string;
  communityCode: string;
}

export const personPlaces = (db: Db) => db.collection<PersonPlaceRow>('person_places');

type PlacedPeople = Omit<PersonPlaceRow, '_id'> & { people: readonly { personId: string }[] };

/**
 * Needs whose rows this process has written (per database), so that its projection does not insert them
 * a second time only to be told they exist. Rows are never deleted, so a need in here needs nothing; a
 * need this process forgot (restarted, or pushed out by newer ones) is inserted as before.
 */
const recorded = new WeakMap<Db, Set<string>>();
const RECORDED_NEEDS = 10_000;

function remember(db: Db, needId: string): void {
  let needs = recorded.get(db);
  if (!needs) recorded.set(db, (needs = new Set()));
  needs.add(needId);
  if (needs.size > RECORDED_NEEDS) needs.delete(needs.values().next().value!);
}

/**
 * One row per person of a reported need, in one unordered insert. A person id is made for one need when it
 * is reported and its place never changes, so a row that exists already (the request wrote it, the
 * projection replays it) is the same row: a duplicate key is skipped, never an error.
 */
export async function recordPersonPlaces(db: Db, need: PlacedPeople): Promise<void> {
  const { needId, districtCode, streetCode, communityCode } = need;
  const rows = need.people.map(({ personId }) => ({
    _id: personId,
    needId,
    districtCode,
    streetCode,
    communityCode,
  }));
  if (rows.length === 0 || recorded.get(db)?.has(needId)) return;
  try {
    await personPlaces(db).insertMany(rows, { ordered: false });
  } catch (err) {
    const failures = writeErrorsOf(err, rows.length);
    if (!failures || failures.some((f) => f.code !== DUPLICATE_KEY)) throw err;
  }
  remember(db, needId);
}

export function personPlacesProjection(db: Db) {
  return async (e: EventEnvelope): Promise<void> => {
    if (isNeedEvent(e) && e.type === 'NeedReported') await recordPersonPlaces(db, e.payload);
  };
}
