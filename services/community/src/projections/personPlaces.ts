import type { Db } from 'mongodb';
import type { EventEnvelope } from '@fivesoc/eventing';
import type { NeedEvent } from '../domain/needs/index.ts';

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

/** One row per person of a reported need (an upsert by `_id`: replaying it changes nothing). */
export async function recordPersonPlaces(db: Db, need: PlacedPeople): Promise<void> {
  const { needId, districtCode, streetCode, communityCode } = need;
  for (const { personId } of need.people)
    await personPlaces(db).replaceOne(
      { _id: personId },
      { needId, districtCode, streetCode, communityCode },
      { upsert: true },
    );
}

export function personPlacesProjection(db: Db) {
  return async (envelope: EventEnvelope): Promise<void> => {
    const e = envelope as unknown as NeedEvent;
    if (e.type === 'NeedReported') await recordPersonPlaces(db, e.payload);
  };
}
