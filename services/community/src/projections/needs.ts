import type { Db } from 'mongodb';
import { applyOnce, eventsOf, type EventEnvelope } from '@fivesoc/eventing';
import { needEvents, type NeedEvent } from '../domain/needs/index.ts';

const isNeedEvent = eventsOf<NeedEvent>(needEvents);

/** A need as the list shows it: no personal data, only what a list filters and sorts by. */
export interface NeedRow {
  _id: string;
  status: 'reported' | 'withdrawn';
  category: string;
  urgency: string;
  districtCode: string;
  streetCode: string;
  communityCode: string;
  peopleCount: number;
  reportedAt: string;
  updatedAt: string;
  _v?: number;
}

export const needRows = (db: Db) => db.collection<NeedRow>('needs');

export function needsProjection(db: Db) {
  const rows = needRows(db);
  return async (e: EventEnvelope): Promise<void> => {
    if (!isNeedEvent(e)) return;
    const at = e.occurredAt;
    switch (e.type) {
      case 'NeedReported': {
        const p = e.payload;
        await applyOnce(rows, p.needId, e.streamVersion, {
          $set: {
            status: 'reported',
            category: p.category,
            urgency: p.urgency,
            districtCode: p.districtCode,
            streetCode: p.streetCode,
            communityCode: p.communityCode,
            peopleCount: p.people.length,
            reportedAt: at,
            updatedAt: at,
          },
        });
        return;
      }
      case 'NeedUpdated': {
        const p = e.payload;
        await applyOnce(rows, p.needId, e.streamVersion, {
          $set: {
            ...(p.category ? { category: p.category } : {}),
            ...(p.urgency ? { urgency: p.urgency } : {}),
            updatedAt: at,
          },
        });
        return;
      }
      case 'NeedWithdrawn':
        await applyOnce(rows, e.payload.needId, e.streamVersion, {
          $set: { status: 'withdrawn', updatedAt: at },
        });
        return;
      default:
        return;
    }
  };
}
