import type { Db } from 'mongodb';
import { applyOnce, eventsOf, type EventEnvelope } from '@fivesoc/eventing';
import { feedbackEvents, type FeedbackEvent } from '../domain/feedback/index.ts';

const isFeedbackEvent = eventsOf<FeedbackEvent>(feedbackEvents);

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
  return async (e: EventEnvelope): Promise<void> => {
    if (!isFeedbackEvent(e)) return;
    if (e.type !== 'FeedbackGiven') return;
    const { subjectKind, subjectId, districtCode, streetCode, communityCode, rating } = e.payload;
    await applyOnce(rows, e.streamId, e.streamVersion, {
      $set: {
        subjectKind,
        subjectId,
        districtCode,
        streetCode,
        communityCode,
        rating,
        givenAt: e.occurredAt,
      },
    });
  };
}
