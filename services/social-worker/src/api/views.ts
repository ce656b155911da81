import { z } from 'zod';
import { errors } from '@fivesoc/service-kit';
import {
  QUALIFICATION_LEVELS,
  SPECIALTIES,
  WORKER_STATUSES,
  availableCapacity,
  talentRecord,
  type WorkerState,
} from '../domain/worker/index.ts';

/** The worker as the API answers it (OpenAPI response schema, and a whitelist of what leaves). */
export const workerViewSchema = z.object({
  workerId: z.string(),
  name: z.string().nullable().optional().describe('only for admins and the worker; null once erased'),
  phone: z.string().nullable().optional(),
  qualificationLevel: z.enum(QUALIFICATION_LEVELS),
  certificateNumber: z.string(),
  specialties: z.array(z.enum(SPECIALTIES)),
  employerId: z.string(),
  districtCode: z.string(),
  streetCode: z.string(),
  stationCode: z.string(),
  coveredCommunityCodes: z.array(z.string()),
  status: z.enum(WORKER_STATUSES),
  suspensionReason: z.string().optional(),
  maxCaseload: z.number().int(),
  activeCaseIds: z.array(z.string()),
  activeCaseCount: z.number().int(),
  availableCapacity: z.number().int(),
  talentRecords: z.array(talentRecord),
  registeredAt: z.string(),
});

/** The worker as the API shows it; name and phone only when the caller may see them. */
export function workerView(
  state: WorkerState,
  personal?: { name: string; phone: string } | null,
): z.infer<typeof workerViewSchema> {
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

/** A worker read: 404 for a worker nobody registered. */
export const okWorker = { 200: workerViewSchema, ...errors(404) };
/** A command on a worker: 404 unknown, 409 a stale If-Match, 422 not allowed now (suspended, left …). */
export const commandOnWorker = { 200: workerViewSchema, ...errors(404, 409, 422) };
/** A registration (409: the id or the certificate is taken) or a record added to a worker. */
export const createdWorker = { 201: workerViewSchema, ...errors(404, 409, 422) };
