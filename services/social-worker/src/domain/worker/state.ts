import type { Sealed } from '@fivesoc/service-kit';
import type { TalentRecord, WorkerEvent, WorkerRegistered } from './events.ts';
import type { WorkerStatus } from './values.ts';

export interface WorkerState {
  registered: boolean;
  status: WorkerStatus;
  profile?: Omit<WorkerRegistered, 'personal'>;
  personal?: Sealed;
  /** Case ids currently assigned, in assignment order. */
  activeCases: string[];
  talentRecords: TalentRecord[];
  suspensionReason?: string;
  updatedAt?: string;
}

export const initialWorkerState = (): WorkerState => ({
  registered: false,
  status: 'active',
  activeCases: [],
  talentRecords: [],
});

/** How many more cases the worker can take now: none unless active. */
export function availableCapacity(s: WorkerState): number {
  if (!s.profile || s.status !== 'active') return 0;
  return Math.max(0, s.profile.maxCaseload - s.activeCases.length);
}

export function evolveWorker(state: WorkerState, event: WorkerEvent): WorkerState {
  switch (event.type) {
    case 'WorkerRegistered': {
      const { personal, ...profile } = event.payload;
      return { ...state, registered: true, status: 'active', profile, personal };
    }
    case 'WorkerUpdated': {
      const { personal, ...changes } = event.payload;
      const profile = state.profile ? { ...state.profile, ...changes } : state.profile;
      return { ...state, ...(profile ? { profile } : {}), ...(personal ? { personal } : {}) };
    }
    case 'WorkerSuspended':
      return { ...state, status: 'suspended', suspensionReason: event.payload.reason };
    case 'WorkerReinstated': {
      const { suspensionReason: _gone, ...rest } = state;
      return { ...rest, status: 'active' };
    }
    case 'WorkerLeft':
      return { ...state, status: 'left' };
    case 'CaseAssigned':
      return { ...state, activeCases: [...state.activeCases, event.payload.caseId] };
    case 'CaseReleased':
      return { ...state, activeCases: state.activeCases.filter((c) => c !== event.payload.caseId) };
    case 'TalentRecordAdded':
      return { ...state, talentRecords: [...state.talentRecords, event.payload] };
    default:
      return state;
  }
}
