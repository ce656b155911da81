import type { MatchState } from '../domain/state.ts';
import type { Obligation, SocietyRequest } from './obligations.ts';
import type { Answer, SocietyClient } from './societies.ts';

/** Sends a request to its society (every call carries the request id as its Idempotency-Key). */
function send(soc: SocietyClient, r: SocietyRequest): Promise<Answer> {
  switch (r.kind) {
    case 'volunteer':
      return soc.reserveVolunteer(r.task, r.slot, r.place);
    case 'organization':
      return soc.refer(r.referral, r.place, r.slot);
    case 'donation':
      return soc.reserveDonation(r.reservation, r.place);
  }
}

/** Gives back what a request holds (a refusal from the society means it holds nothing). */
function giveBack(soc: SocietyClient, m: MatchState): Promise<Answer> {
  switch (m.kind) {
    case 'volunteer':
      return soc.cancelVolunteerTask(m.requestId, `case request ${m.status}`);
    case 'organization':
      return soc.cancelReferral(m.requestId, `case request ${m.status}`);
    case 'donation':
      return soc.releaseDonation(m.resourceId, m.requestId, `case request ${m.status}`);
  }
}

/** Carries out one obligation against the societies: the saga's only calls out of linkage. */
export function perform(soc: SocietyClient, o: Obligation): Promise<Answer> {
  switch (o.kind) {
    case 'askWorker':
      return soc.assignWorker(o.workerId, o.caseId, o.requestId);
    case 'releaseWorker':
      return soc.releaseWorker(o.workerId, o.caseId, o.key);
    case 'request':
      return 'refused' in o.request ? Promise.resolve(o.request) : send(soc, o.request);
    case 'giveBack':
      return giveBack(soc, o.match);
  }
}
