import type { WorkerState } from '../domain/worker/index.ts';
import { availableCapacity } from '../domain/worker/index.ts';

/** The worker as the API shows it; name and phone only when the caller may see them. */
export function workerView(state: WorkerState, personal?: { name: string; phone: string } | null) {
  const p = state.profile!;
  return {
    workerId: p.workerId,
    ...(personal === undefined ? {} : { name: personal?.name ?? null, phone: personal?.phone ?? null }),
    qualificationLevel: p.qualificationLevel,
    certificateNumber: p.certificateNumber,
    specialties: p.specialties,
    employerId: p.employerId,
    districtCode: p.districtCode,
    streetCode: p.streetCode,
    stationCode: p.stationCode,
    coveredCommunityCodes: p.coveredCommunityCodes,
    status: state.status,
    ...(state.suspensionReason ? { suspensionReason: state.suspensionReason } : {}),
    maxCaseload: p.maxCaseload,
    activeCaseIds: state.activeCases,
    activeCaseCount: state.activeCases.length,
    availableCapacity: availableCapacity(state),
    talentRecords: state.talentRecords,
    registeredAt: p.registeredAt,
  };
}
