import { z } from 'zod';
import { sealedSchema } from '@fivesoc/service-kit';
import { createEventRegistry, defineEvent } from '@fivesoc/eventing';
import {
  QUALIFICATION_LEVELS,
  SPECIALTIES,
  TALENT_RECORD_KINDS,
  caseId,
  certificateNumber,
  communityCode,
  districtCode,
  isoDate,
  maxCaseload,
  organizationId,
  stationCode,
  streetCode,
  workerId,
} from './values.ts';

const specialties = z.array(z.enum(SPECIALTIES)).min(1).max(SPECIALTIES.length);
const communities = z.array(communityCode).min(1).max(50);
const reason = z.string().trim().min(1).max(500);

/** Name and phone are sealed per worker (PIPL): never clear text in a payload. */
export const workerRegistered = z.strictObject({
  workerId,
  personal: sealedSchema,
  qualificationLevel: z.enum(QUALIFICATION_LEVELS),
  certificateNumber,
  specialties,
  employerId: organizationId,
  districtCode,
  streetCode,
  stationCode,
  coveredCommunityCodes: communities,
  maxCaseload,
  registeredAt: z.iso.datetime(),
});

/** Only the fields given changed. */
export const workerUpdated = z.strictObject({
  personal: sealedSchema.optional(),
  qualificationLevel: z.enum(QUALIFICATION_LEVELS).optional(),
  specialties: specialties.optional(),
  employerId: organizationId.optional(),
  coveredCommunityCodes: communities.optional(),
  maxCaseload: maxCaseload.optional(),
});

export const talentRecord = z.strictObject({
  recordId: z.string().min(1).max(64),
  kind: z.enum(TALENT_RECORD_KINDS),
  from: isoDate,
  to: isoDate.optional(),
  organization: z.string().trim().min(1).max(200),
  note: z.string().trim().max(500).optional(),
});

export const caseMove = z.strictObject({ caseId, activeCaseCount: z.number().int().min(0).max(100) });

export const workerRegistry = createEventRegistry([
  defineEvent({ type: 'WorkerRegistered', version: 1, schema: workerRegistered }),
  defineEvent({ type: 'WorkerUpdated', version: 1, schema: workerUpdated }),
  defineEvent({ type: 'WorkerSuspended', version: 1, schema: z.strictObject({ reason }) }),
  defineEvent({ type: 'WorkerReinstated', version: 1, schema: z.strictObject({ note: reason.optional() }) }),
  defineEvent({ type: 'WorkerLeft', version: 1, schema: z.strictObject({ reason }) }),
  defineEvent({ type: 'CaseAssigned', version: 1, schema: caseMove }),
  defineEvent({ type: 'CaseReleased', version: 1, schema: caseMove }),
  defineEvent({ type: 'TalentRecordAdded', version: 1, schema: talentRecord }),
]);

export type WorkerRegistered = z.infer<typeof workerRegistered>;
export type WorkerUpdated = z.infer<typeof workerUpdated>;
export type TalentRecord = z.infer<typeof talentRecord>;
type CaseMove = z.infer<typeof caseMove>;

export type WorkerEvent =
  | { type: 'WorkerRegistered'; payload: WorkerRegistered }
  | { type: 'WorkerUpdated'; payload: WorkerUpdated }
  | { type: 'WorkerSuspended'; payload: { reason: string } }
  | { type: 'WorkerReinstated'; payload: { note?: string } }
  | { type: 'WorkerLeft'; payload: { reason: string } }
  | { type: 'CaseAssigned'; payload: CaseMove }
  | { type: 'CaseReleased'; payload: CaseMove }
  | { type: 'TalentRecordAdded'; payload: TalentRecord };
