import type { EventEnvelope } from '@fivesoc/eventing';
import type { ReadModelCollections, WorkerDoc } from '../collections.ts';
import { payloadOf } from '../contracts/shared.ts';
import { socialWorkerContract as c } from '../contracts/socialWorker.ts';
import { fold, type Fields, type Handlers } from './apply.ts';

type Worker = Fields<WorkerDoc>;

/** Workers with specialties, coverage, status and load (the count the society publishes). */
export function socialWorkerHandlers(m: ReadModelCollections): Handlers {
  const worker = (e: EventEnvelope, step: (w: Worker | null) => Worker | null) => fold(m.workers, e, step);
  const status = (s: Worker['status']) => (e: EventEnvelope) => {
    payloadOf(c.WorkerSuspended, e);
    return worker(e, (w) => w && { ...w, status: s });
  };
  return {
    WorkerRegistered: (e) => {
      const p = payloadOf(c.WorkerRegistered, e);
      return worker(e, () => ({
        workerId: p.workerId,
        qualificationLevel: p.qualificationLevel,
        specialties: p.specialties,
        employerId: p.employerId,
        districtCode: p.districtCode,
        streetCode: p.streetCode,
        communityCode: null,
        stationCode: p.stationCode,
        coveredCommunityCodes: p.coveredCommunityCodes,
        maxCaseload: p.maxCaseload,
        activeCases: 0,
        activeCaseIds: [],
        status: 'active',
        registeredAt: p.registeredAt,
      }));
    },
    WorkerUpdated: (e) => {
      const p = payloadOf(c.WorkerUpdated, e);
      return worker(
        e,
        (w) =>
          w && {
            ...w,
            qualificationLevel: p.qualificationLevel ?? w.qualificationLevel,
            specialties: p.specialties ?? w.specialties,
            employerId: p.employerId ?? w.employerId,
            coveredCommunityCodes: p.coveredCommunityCodes ?? w.coveredCommunityCodes,
            maxCaseload: p.maxCaseload ?? w.maxCaseload,
          },
      );
    },
    WorkerSuspended: status('suspended'),
    WorkerReinstated: status('active'),
    WorkerLeft: status('left'),
    CaseAssigned: (e) => {
      const p = payloadOf(c.CaseAssigned, e);
      return worker(
        e,
        (w) =>
          w && {
            ...w,
            activeCases: p.activeCaseCount,
            activeCaseIds: [...w.activeCaseIds.filter((id) => id !== p.caseId), p.caseId],
          },
      );
    },
    CaseReleased: (e) => {
      const p = payloadOf(c.CaseReleased, e);
      return worker(
        e,
        (w) =>
          w && {
            ...w,
            activeCases: p.activeCaseCount,
            activeCaseIds: w.activeCaseIds.filter((id) => id !== p.caseId),
          },
      );
    },
  };
}
