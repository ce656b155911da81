import { z } from 'zod';
import type { EventEnvelope } from '@fivesoc/eventing';
import { charityContract } from '../../readModels/contracts/charity.ts';
import { communityContract } from '../../readModels/contracts/community.ts';
import { payloadOf } from '../../readModels/contracts/shared.ts';
import { volunteerContract } from '../../readModels/contracts/volunteer.ts';
import type { CaseCommand } from '../domain/decider.ts';
import { caseIdOf, noteKeyOf, type ItemKind } from '../domain/values.ts';

/** The societies whose events the saga reads (the cases' own topic aside). */
export type Society = 'community' | 'volunteer' | 'organization' | 'charity';

/**
 * What a society's event asks of the cases, decided without I/O: the runner carries it out on the case as
 * it is then (a redelivery finds it done, or the case gone).
 */
export type Reaction =
  /** A command for the case; `unlessExists`: an open that finds the case opened already is done. */
  | { kind: 'command'; caseId: string; command: CaseCommand; unlessExists?: true }
  /** A command for the case only while it is open. */
  | { kind: 'ifOpen'; caseId: string; command: CaseCommand }
  /**
   * An answer about one of the case's requests (the society record's id is the request id): recorded
   * when the case has that request of that kind, and a delivery only while the case is open.
   */
  | { kind: 'answer'; caseId: string; requestId: string; itemKind: ItemKind; command: CaseCommand }
  /** Personal data to erase with linkage's keys (a case's notes go with its need's story). */
  | { kind: 'erase'; key: string }
  /** Nothing to do, with why (logged). */
  | { kind: 'skip'; reason: string; needId: string };

export interface TranslateOptions {
  /** Open a case for every reported need that consents to case handling. */
  autoOpen: boolean;
}

/** The case id a society record created for a match belongs to: its id is the request id `<caseId>-r<n>`. */
export const caseOfRequest = (externalId: string): string | undefined =>
  /^(c-.+)-r\d+$/.exec(externalId)?.[1];

const referral = z.object({ referralId: z.string().max(200), reason: z.string().max(500).optional() });
const erased = z.object({ personId: z.string().max(200), needId: z.string().max(200).optional() });
const hours = z.object({
  taskId: z.string().max(200),
  minutes: z.number().int().min(1),
  recordedAt: z.string().max(40),
});

/** An answer about the request `requestId`, when that request is one of linkage's. */
function answer(requestId: string, itemKind: ItemKind, command: CaseCommand): Reaction[] {
  const caseId = caseOfRequest(requestId);
  return caseId ? [{ kind: 'answer', caseId, requestId, itemKind, command }] : [];
}

const refused = (requestId: string, reason: string): CaseCommand => ({
  kind: 'answered',
  requestId,
  outcome: 'refused',
  reason,
});

function fromCommunity(event: EventEnvelope, opts: TranslateOptions): Reaction[] {
  switch (event.type) {
    case 'NeedReported': {
      if (!opts.autoOpen) return [];
      const p = payloadOf(communityContract.NeedReported, event);
      // As OpenCase: a case is opened only with the resident's consent to case handling (PIPL).
      if (!p.consent?.scope.includes('case_handling'))
        return [{ kind: 'skip', reason: 'need reported without consent to case handling', needId: p.needId }];
      const caseId = caseIdOf(p.needId);
      const place = {
        districtCode: p.districtCode,
        streetCode: p.streetCode,
        communityCode: p.communityCode,
      };
      const { category, urgency, needId } = p;
      const command: CaseCommand = {
        kind: 'open',
        caseId,
        needId,
        place,
        category,
        urgency,
        openedBy: 'auto',
      };
      // Opened once (one case per need): a redelivery is decided on the stream, which already holds it.
      return [{ kind: 'command', caseId, command, unlessExists: true }];
    }
    case 'PersonalDataErased': {
      // The need's story was erased (its key `need-<needId>`): the supervisors' notes on its case go too.
      const p = payloadOf(erased, event);
      const needId =
        p.needId ?? (p.personId.startsWith('need-') ? p.personId.slice('need-'.length) : undefined);
      return needId && p.personId === `need-${needId}`
        ? [{ kind: 'erase', key: noteKeyOf(caseIdOf(needId)) }]
        : [];
    }
    case 'NeedWithdrawn': {
      const p = payloadOf(communityContract.NeedWithdrawn, event);
      return [
        { kind: 'ifOpen', caseId: caseIdOf(p.needId), command: { kind: 'close', outcome: 'withdrawn' } },
      ];
    }
    default:
      return [];
  }
}

function fromVolunteer(event: EventEnvelope): Reaction[] {
  switch (event.type) {
    case 'VolunteerWithdrew': {
      const { taskId } = payloadOf(volunteerContract.VolunteerWithdrew, event);
      return answer(taskId, 'volunteer', refused(taskId, 'the volunteer withdrew'));
    }
    case 'TaskCancelled': {
      const { taskId } = payloadOf(volunteerContract.TaskCancelled, event);
      return answer(taskId, 'volunteer', refused(taskId, 'the task was cancelled'));
    }
    case 'HoursRecorded': {
      const p = payloadOf(hours, event);
      return answer(p.taskId, 'volunteer', {
        kind: 'deliver',
        requestId: p.taskId,
        quantity: p.minutes,
        deliveredAt: p.recordedAt,
        source: 'volunteer',
        sourceEventId: event.id,
      });
    }
    default:
      return [];
  }
}

function fromOrganization(event: EventEnvelope): Reaction[] {
  const outcome =
    event.type === 'ReferralAccepted'
      ? 'confirmed'
      : event.type === 'ReferralDeclined' || event.type === 'ReferralCancelled'
        ? 'refused'
        : undefined;
  if (!outcome) return [];
  const p = payloadOf(referral, event);
  const reason =
    event.type === 'ReferralDeclined'
      ? `declined: ${p.reason ?? ''}`.slice(0, 200)
      : 'the referral was cancelled';
  return answer(p.referralId, 'organization', { kind: 'answered', requestId: p.referralId, outcome, reason });
}

function fromCharity(event: EventEnvelope): Reaction[] {
  switch (event.type) {
    case 'ResourceAllocated': {
      const { entryId } = payloadOf(charityContract.ResourceAllocated, event);
      return answer(entryId, 'donation', { kind: 'answered', requestId: entryId, outcome: 'confirmed' });
    }
    case 'ReservationReleased': {
      const { entryId } = payloadOf(charityContract.ReservationReleased, event);
      return answer(entryId, 'donation', refused(entryId, 'the reservation was released'));
    }
    case 'ResourceDisbursed': {
      const p = payloadOf(charityContract.ResourceDisbursed, event);
      return answer(p.entryId, 'donation', {
        kind: 'deliver',
        requestId: p.entryId,
        quantity: Math.max(1, p.quantity),
        deliveredAt: event.occurredAt,
        source: 'charity',
        sourceEventId: event.id,
      });
    }
    default:
      return [];
  }
}

/**
 * A society's event as what it asks of the cases (a volunteer withdrawing, an organization answering a
 * referral, a coordinator allocating or disbursing, a need reported, withdrawn or erased). Pure: the
 * payloads are read by linkage's tolerant contracts, and a malformed one throws a poison-message error.
 */
export function translate(society: Society, event: EventEnvelope, opts: TranslateOptions): Reaction[] {
  switch (society) {
    case 'community':
      return fromCommunity(event, opts);
    case 'volunteer':
      return fromVolunteer(event);
    case 'organization':
      return fromOrganization(event);
    case 'charity':
      return fromCharity(event);
    default: {
      const unreachable: never = society;
      return unreachable;
    }
  }
}
