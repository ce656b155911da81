import { describe, expect, it } from 'vitest';
import type { WorkerEvent } from '../domain/worker/index.ts';
import { nextRow } from './workers.ts';

const at = '2026-11-27T09:00:00.000Z';
const registered: WorkerEvent = {
  type: 'WorkerRegistered',
  payload: {
    workerId: 'w1',
    personal: { personId: 'w1', iv: 'i', data: 'd', tag: 't' },
    qualificationLevel: 'senior',
    certificateNumber: 'ZJ2024000123',
    specialties: ['children'],
    employerId: 'org-1',
    districtCode: '330102',
    streetCode: '330102001',
    stationCode: '330102001-1',
    coveredCommunityCodes: ['330102001001'],
    maxCaseload: 2,
    registeredAt: at,
  },
};

describe('the workers list row', () => {
  it('holds no sealed personal data and starts with the full capacity available', () => {
    const row = nextRow(undefined, registered, at)!;
    expect(row).not.toHaveProperty('personal');
    expect(row).toMatchObject({ status: 'active', activeCaseCount: 0, availableCapacity: 2 });
  });

  it('follows the load and shows no capacity while suspended', () => {
    let row = nextRow(undefined, registered, at)!;
    row = nextRow(row, { type: 'CaseAssigned', payload: { caseId: 'c', activeCaseCount: 1 } }, at)!;
    expect(row.availableCapacity).toBe(1);
    row = nextRow(row, { type: 'WorkerSuspended', payload: { reason: 'r' } }, at)!;
    expect(row.availableCapacity).toBe(0);
    row = nextRow(row, { type: 'WorkerReinstated', payload: {} }, at)!;
    row = nextRow(row, { type: 'WorkerUpdated', payload: { maxCaseload: 5 } }, at)!;
    expect(row.availableCapacity).toBe(4);
  });
});
