import { describe, it } from 'vitest';
import { IllegalStateError, ValidationError } from '@fivesoc/service-kit';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { workerDecider, type WorkerCommand } from './decider.ts';
import type { WorkerEvent } from './events.ts';

const now = new Date('2026-11-27T09:00:00Z');
const spec = deciderSpec(workerDecider, { now });
const sealed = { personId: 'w1', iv: 'iv', data: 'data', tag: 'tag' };
const fields = {
  workerId: 'w1',
  personal: sealed,
  qualificationLevel: 'social_worker' as const,
  certificateNumber: 'ZJ2024000123',
  specialties: ['elderly' as const],
  employerId: 'org-1',
  districtCode: '330102',
  streetCode: '330102001',
  stationCode: '330102001-1',
  coveredCommunityCodes: ['330102001001'],
  maxCaseload: 2,
};
const register: WorkerCommand = { kind: 'register', ...fields };
const registered: WorkerEvent = {
  type: 'WorkerRegistered',
  payload: { ...fields, registeredAt: now.toISOString() },
};
const assigned = (caseId: string, n: number): WorkerEvent => ({
  type: 'CaseAssigned',
  payload: { caseId, activeCaseCount: n },
});
const suspended: WorkerEvent = { type: 'WorkerSuspended', payload: { reason: 'r' } };
const left: WorkerEvent = { type: 'WorkerLeft', payload: { reason: 'r' } };

describe('registering a social worker', () => {
  it('registers once, stamped with the decision time', () => {
    spec.given([]).when(register).then([registered]);
    spec
      .given([registered])
      .when(register)
      .thenThrows(/w1 already exists/);
  });

  it('refuses a covered community outside the station street, naming it', () => {
    spec
      .given([])
      .when({ ...register, coveredCommunityCodes: ['330102001001', '330102002001'] })
      .thenThrows(/coveredCommunityCodes.1/);
    spec
      .given([])
      .when({ ...register, stationCode: '330102002-1' })
      .thenThrows(ValidationError);
  });

  it('refuses an update that moves coverage off the street', () => {
    spec
      .given([registered])
      .when({ kind: 'update', changes: { coveredCommunityCodes: ['330102009001'] } })
      .thenThrows(/coveredCommunityCodes.0/);
  });
});

describe('status: suspend, reinstate, leave', () => {
  it('suspends an active worker and reinstates a suspended one', () => {
    spec.given([registered]).when({ kind: 'suspend', reason: 'r' }).then([suspended]);
    spec.given([registered, suspended]).when({ kind: 'suspend', reason: 'r' }).thenThrows(IllegalStateError);
    spec
      .given([registered, suspended])
      .when({ kind: 'reinstate' })
      .then([{ type: 'WorkerReinstated', payload: {} }]);
    spec
      .given([registered])
      .when({ kind: 'reinstate' })
      .thenThrows(/not suspended/);
  });

  it('takes no command after leaving', () => {
    spec
      .given([registered, left])
      .when({ kind: 'reinstate' })
      .thenThrows(/has left/);
    spec
      .given([registered, left])
      .when({ kind: 'assign', caseId: 'c1' })
      .thenThrows(/has left/);
    spec
      .given([registered, left])
      .when({ kind: 'update', changes: { maxCaseload: 5 } })
      .thenThrows(/has left/);
  });

  it('refuses leaving while cases are still assigned', () => {
    spec
      .given([registered, assigned('c1', 1)])
      .when({ kind: 'leave', reason: 'r' })
      .thenThrows(/release/);
  });
});

describe('caseload', () => {
  it('assigns up to the maximum and refuses beyond it', () => {
    spec
      .given([registered])
      .when({ kind: 'assign', caseId: 'c1' })
      .then([assigned('c1', 1)]);
    spec
      .given([registered, assigned('c1', 1), assigned('c2', 2)])
      .when({ kind: 'assign', caseId: 'c3' })
      .thenThrows(/caseload is full/);
  });

  it('treats a repeated assignment of the same case as done', () => {
    spec
      .given([registered, assigned('c1', 1)])
      .when({ kind: 'assign', caseId: 'c1' })
      .then([]);
  });

  it('gives a suspended worker no assignment', () => {
    spec
      .given([registered, suspended])
      .when({ kind: 'assign', caseId: 'c1' })
      .thenThrows(/suspended/);
  });

  it('releases an assigned case and refuses releasing one that is not assigned', () => {
    spec
      .given([registered, assigned('c1', 1)])
      .when({ kind: 'release', caseId: 'c1' })
      .then([{ type: 'CaseReleased', payload: { caseId: 'c1', activeCaseCount: 0 } }]);
    spec
      .given([registered])
      .when({ kind: 'release', caseId: 'c9' })
      .thenThrows(/not assigned/);
  });
});

describe('talent records', () => {
  const record = { recordId: 'r1', kind: 'secondment' as const, from: '2026-01-01', organization: 'X' };
  it('appends a dated record and refuses one that ends before it starts', () => {
    spec
      .given([registered])
      .when({ kind: 'addTalentRecord', record })
      .then([{ type: 'TalentRecordAdded', payload: record }]);
    spec
      .given([registered])
      .when({ kind: 'addTalentRecord', record: { ...record, to: '2025-12-31' } })
      .thenThrows(/before from/);
  });
});
