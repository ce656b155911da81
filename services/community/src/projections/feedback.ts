import type { Db } from 'mongodb';
import { applyOnce, type EventEnvelope } from '@fivesoc/eventing';
import type { FeedbackEvent } from '../domain/feedback/index.ts';

/** A rating as evaluations read it: subject, place and score; the comment stays sealed in the event. */
export interface FeedbackRow {
  _id: string;
  subjectKind: string;
  subjectId: string;
  districtCode: string;
  streetCode: string;
  communityCode: string;
  rating: number;
  givenAt: string;
  _v?: number;
}

export const feedbackRows = (db: Db) => db.collection<FeedbackRow>('feedback');

export function feedbackProjection(db: Db) {
  const rows = feedbackRows(db);
  return async (envelope: EventEnvelope): Promise<void> => {
    const e = envelope as unknown as FeedbackEvent & EventEnvelope;
    if (e.type !== 'FeedbackGiven') return;
    const { subjectKind, subjectId, districtCode, streetCode, communityCode, rating } = e.payload;
    await applyOnce(rows, envelope.streamId, envelope.streamVersion, {
      $set: {
        subjectKind,
        subjectId,
        districtCode,
        streetCode,
        communityCode,
        rating,
        givenAt: envelope.occurredAt,
      },
    });
  };
}
