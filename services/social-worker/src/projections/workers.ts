import type { Collection } from 'mongodb';
import { applyOnce, type EventEnvelope } from '@fivesoc/eventing';
import type { WorkerEvent } from '../domain/worker/index.ts';

/**
 * One row per worker for lists and searches. Name and phone are not here: lists sort and filter by
 * name-free fields, and GET one worker opens the sealed data from the stream.
 */
export interface WorkerRow {
  _id: string;
  _v?: number;
  districtCode: string;
  streetCode: string;
  stationCode: string;
  coveredCommunityCodes: string[];
  specialties: string[];
  qualificationLevel: string;
  employerId: string;
  status: string;
  maxCaseload: number;
  activeCaseCount: number;
  availableCapacity: number;
  talentRecordCount: number;
  registeredAt: string;
  updatedAt: string;
}

type RowFields = Omit<WorkerRow, '_id' | '_v'>;

/** The row after one event; pure, so the rules of the list are testable without a database. */
export function nextRow(row: RowFields | undefined, event: WorkerEvent, at: string): RowFields | undefined {
  if (event.type === 'WorkerRegistered') {
    const { workerId: _w, personal: _p, certificateNumber: _c, ...p } = event.payload;
    return withCapacity({
      ...p,
      status: 'active',
      activeCaseCount: 0,
      availableCapacity: 0,
      talentRecordCount: 0,
      updatedAt: at,
    });
  }
  if (!row) return undefined; // cannot happen in stream order; nothing to update
  switch (event.type) {
    case 'WorkerUpdated': {
      const { personal: _p, ...changes } = event.payload;
      return withCapacity({ ...row, ...changes, updatedAt: at });
    }
    case 'WorkerSuspended':
      return withCapacity({ ...row, status: 'suspended', updatedAt: at });
    case 'WorkerReinstated':
      return withCapacity({ ...row, status: 'active', updatedAt: at });
    case 'WorkerLeft':
      return withCapacity({ ...row, status: 'left', updatedAt: at });
    case 'CaseAssigned':
    case 'CaseReleased':
      return withCapacity({ ...row, activeCaseCount: event.payload.activeCaseCount, updatedAt: at });
    case 'TalentRecordAdded':
      return { ...row, talentRecordCount: row.talentRecordCount + 1, updatedAt: at };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

function withCapacity(row: RowFields): RowFields {
  const free = row.status === 'active' ? Math.max(0, row.maxCaseload - row.activeCaseCount) : 0;
  return { ...row, availableCapacity: free };
}

/** The projection's handler: read the row, compute the next one, write it at most once per event. */
export function projectWorkers(rows: Collection<WorkerRow>) {
  return async (event: EventEnvelope): Promise<void> => {
    const id = event.streamId.replace(/^worker-/, '');
    const current = await rows.findOne({ _id: id });
    if (current && (current._v ?? 0) >= event.streamVersion) return;
    const { _id: _i, _v: _ver, ...fields } = current ?? ({} as Partial<WorkerRow>);
    const next = nextRow(current ? (fields as RowFields) : undefined, event as never, event.occurredAt);
    if (next) await applyOnce(rows, id, event.streamVersion, { $set: next });
  };
}
