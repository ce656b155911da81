import { AlreadyExistsError, IllegalStateError, ValidationError } from '@fivesoc/service-kit';
import type { Decider } from '@fivesoc/eventing';
import type { TalentRecord, WorkerEvent, WorkerRegistered, WorkerUpdated } from './events.ts';
import { availableCapacity, evolveWorker, initialWorkerState, type WorkerState } from './state.ts';
import { placementIssue } from './values.ts';

export type WorkerCommand =
  | ({ kind: 'register' } & Omit<WorkerRegistered, 'registeredAt'>)
  | { kind: 'update'; changes: WorkerUpdated }
  | { kind: 'suspend'; reason: string }
  | { kind: 'reinstate'; note?: string }
  | { kind: 'leave'; reason: string }
  | { kind: 'assign'; caseId: string }
  | { kind: 'release'; caseId: string }
  | { kind: 'addTalentRecord'; record: TalentRecord };

function assertPlacement(p: Parameters<typeof placementIssue>[0]): void {
  const issue = placementIssue(p);
  if (issue) throw new ValidationError(issue.field, issue.message);
}

/** Every command but `register` needs a registered worker who has not left: leaving is final. */
function current(state: WorkerState): NonNullable<WorkerState['profile']> {
  if (!state.registered || !state.profile) throw new IllegalStateError('the worker is not registered');
  if (state.status === 'left') throw new IllegalStateError('the worker has left; no further commands');
  return state.profile;
}

function assign(state: WorkerState, caseId: string): WorkerEvent[] {
  const profile = current(state);
  if (state.status !== 'active')
    throw new IllegalStateError('a suspended worker takes no assignment', { availableCapacity: 0 });
  // A repeated assignment (a retry by linkage) changes nothing.
  if (state.activeCases.includes(caseId)) return [];
  const available = availableCapacity(state);
  if (available <= 0)
    throw new IllegalStateError('the caseload is full', {
      availableCapacity: 0,
      maxCaseload: profile.maxCaseload,
      activeCaseCount: state.activeCases.length,
    });
  return [{ type: 'CaseAssigned', payload: { caseId, activeCaseCount: state.activeCases.length + 1 } }];
}

function decide(command: WorkerCommand, state: WorkerState, now: Date): WorkerEvent[] {
  switch (command.kind) {
    case 'register': {
      if (state.registered) throw new AlreadyExistsError('worker', command.workerId);
      const { kind: _k, ...fields } = command;
      assertPlacement(fields);
      return [{ type: 'WorkerRegistered', payload: { ...fields, registeredAt: now.toISOString() } }];
    }
    case 'update': {
      const profile = current(state);
      if (Object.keys(command.changes).length === 0) throw new ValidationError('body', 'nothing to change');
      assertPlacement({ ...profile, ...command.changes });
      return [{ type: 'WorkerUpdated', payload: command.changes }];
    }
    case 'suspend':
      current(state);
      if (state.status !== 'active') throw new IllegalStateError('the worker is already suspended');
      return [{ type: 'WorkerSuspended', payload: { reason: command.reason } }];
    case 'reinstate':
      current(state);
      if (state.status !== 'suspended') throw new IllegalStateError('the worker is not suspended');
      return [{ type: 'WorkerReinstated', payload: command.note ? { note: command.note } : {} }];
    case 'leave':
      current(state);
      if (state.activeCases.length > 0)
        throw new IllegalStateError('release or transfer the active cases before leaving', {
          activeCaseCount: state.activeCases.length,
        });
      return [{ type: 'WorkerLeft', payload: { reason: command.reason } }];
    case 'assign':
      return assign(state, command.caseId);
    case 'release': {
      current(state);
      if (!state.activeCases.includes(command.caseId))
        throw new IllegalStateError(`case ${command.caseId} is not assigned to this worker`);
      const activeCaseCount = state.activeCases.length - 1;
      return [{ type: 'CaseReleased', payload: { caseId: command.caseId, activeCaseCount } }];
    }
    case 'addTalentRecord': {
      current(state);
      const { record } = command;
      if (record.to !== undefined && record.to < record.from)
        throw new ValidationError('to', 'must not be before from');
      if (state.talentRecords.some((r) => r.recordId === record.recordId)) return [];
      return [{ type: 'TalentRecordAdded', payload: record }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

/** 社工: one registered social worker, their coverage, caseload and talent records. */
export const workerDecider: Decider<WorkerState, WorkerCommand, WorkerEvent> = {
  initialState: initialWorkerState,
  decide: (command, state, ctx) => decide(command, state, ctx.now),
  evolve: evolveWorker,
};
