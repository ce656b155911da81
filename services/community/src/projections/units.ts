import type { Db } from 'mongodb';
import { applyOnce, eventsOf, type EventEnvelope } from '@fivesoc/eventing';
import { treeEvents, type TreeEvent } from '../domain/tree/index.ts';

const isTreeEvent = eventsOf<TreeEvent>(treeEvents);

export interface UnitRow {
  _id: string;
  level: 'district' | 'street' | 'community';
  name: string;
  districtCode: string;
  streetCode?: string;
  closed: boolean;
  mergedInto?: string;
  _v?: number;
}

export const unitRows = (db: Db) => db.collection<UnitRow>('units');

/** The tree as a list: one row per unit, keyed by code (the query model behind GET /v1/units). */
export function unitsProjection(db: Db) {
  const rows = unitRows(db);
  return async (e: EventEnvelope): Promise<void> => {
    if (!isTreeEvent(e)) return;
    const v = e.streamVersion;
    switch (e.type) {
      case 'DistrictRegistered':
        await applyOnce(rows, e.payload.districtCode, v, {
          $set: {
            level: 'district',
            name: e.payload.name,
            districtCode: e.payload.districtCode,
            closed: false,
          },
        });
        return;
      case 'StreetRegistered':
        await applyOnce(rows, e.payload.streetCode, v, {
          $set: {
            level: 'street',
            name: e.payload.name,
            districtCode: e.payload.districtCode,
            closed: false,
          },
        });
        return;
      case 'CommunityRegistered': {
        const { communityCode, name, districtCode, streetCode } = e.payload;
        await applyOnce(rows, communityCode, v, {
          $set: { level: 'community', name, districtCode, streetCode, closed: false },
        });
        return;
      }
      case 'UnitRenamed':
        await applyOnce(rows, e.payload.code, v, { $set: { name: e.payload.to } });
        return;
      case 'CommunityMoved':
        await applyOnce(rows, e.payload.communityCode, v, { $set: { streetCode: e.payload.toStreetCode } });
        return;
      case 'CommunityMerged':
        await applyOnce(rows, e.payload.communityCode, v, {
          $set: { closed: true, mergedInto: e.payload.survivorCode },
        });
        return;
      default:
        return;
    }
  };
}
