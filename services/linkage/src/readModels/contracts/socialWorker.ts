import { z } from 'zod';
import { communityCode, districtCode, id, instant, streetCode } from './shared.ts';

const specialties = z.array(z.string().max(60)).max(20);
const communities = z.array(communityCode).max(500);
const caseload = z.number().int().min(0).max(1000);

/** social-worker: `worker-<id>` streams. */
export const socialWorkerContract = {
  WorkerRegistered: z.object({
    workerId: id,
    qualificationLevel: z.string().max(40),
    specialties,
    employerId: id,
    districtCode,
    streetCode,
    stationCode: z.string().max(100),
    coveredCommunityCodes: communities,
    maxCaseload: caseload,
    registeredAt: instant,
  }),
  WorkerUpdated: z.object({
    qualificationLevel: z.string().max(40).optional(),
    specialties: specialties.optional(),
    employerId: id.optional(),
    coveredCommunityCodes: communities.optional(),
    maxCaseload: caseload.optional(),
  }),
  WorkerSuspended: z.object({}),
  WorkerReinstated: z.object({}),
  WorkerLeft: z.object({}),
  CaseAssigned: z.object({ caseId: id, activeCaseCount: caseload }),
  CaseReleased: z.object({ caseId: id, activeCaseCount: caseload }),
};
