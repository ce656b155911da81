import { z } from 'zod';
import { sealedSchema, type Sealed } from '@fivesoc/service-kit';
import { createEventRegistry, defineEvent } from '@fivesoc/eventing';
import {
  ESCALATION_LEVELS,
  ITEM_KINDS,
  OUTCOMES,
  RISK_LEVELS,
  URGENCIES,
  candidateSchema,
  id,
  instant,
  placeSchema,
  planItemSchema,
  scoreSchema,
  shortText,
} from './values.ts';
import {
  APPROVAL_STEPS,
  policyContracts,
  RETURN_REASONS,
  TASK_KINDS,
  type ApprovalStep,
  type ReturnReason,
  type TaskKind,
} from './policy.ts';

// The case stream `case-<caseId>`. No personal data: the resident stays in the community's records (sealed
// there); a case names the need, codes of places, categories, ids of workers and resources, and numbers.

const requestId = z.strictObject({ requestId: id });

export const caseOpened = z.strictObject({
  caseId: id,
  needId: id,
  place: placeSchema,
  category: z.string().min(1).max(60),
  urgency: z.enum(URGENCIES),
  /** `auto` when linkage opened it from the reported need, else the staff member's subject. */
  openedBy: z.string().min(1).max(100),
  openedAt: instant,
});

export const matchRequested = z.strictObject({
  requestId: id,
  itemId: id,
  kind: z.enum(ITEM_KINDS),
  resourceId: id,
  quantity: z.number().int().min(1),
  /** 1 for the first candidate of an item, then one more per refusal or expiry. */
  attempt: z.number().int().min(1),
  /** The society must confirm before this instant, or the request expires and the next candidate is asked. */
  deadline: instant,
  score: scoreSchema.nullable(),
});

export const caseContracts = [
  defineEvent({ type: 'CaseOpened', version: 1, schema: caseOpened }),
  defineEvent({
    type: 'WorkerCandidatesProposed',
    version: 1,
    schema: z.strictObject({ workerIds: z.array(id).max(20) }),
  }),
  defineEvent({
    type: 'WorkerRequested',
    version: 1,
    schema: z.strictObject({
      requestId: id,
      workerId: id,
      reason: z.enum(['assign', 'transfer', 'next_candidate']),
      note: shortText.optional(),
    }),
  }),
  defineEvent({
    type: 'WorkerAssigned',
    version: 1,
    schema: z.strictObject({ requestId: id, workerId: id, previousWorkerId: id.nullable() }),
  }),
  defineEvent({
    type: 'WorkerRefused',
    version: 1,
    schema: z.strictObject({ requestId: id, workerId: id, reason: shortText }),
  }),
  defineEvent({ type: 'WorkerReleased', version: 1, schema: z.strictObject({ workerId: id }) }),
  defineEvent({
    type: 'CaseAssessed',
    version: 1,
    schema: z.strictObject({
      riskLevel: z.enum(RISK_LEVELS),
      needsIdentified: z.array(z.string().min(1).max(60)).min(1).max(20),
      urgency: z.enum(URGENCIES),
    }),
  }),
  defineEvent({
    type: 'CasePlanned',
    version: 1,
    schema: z.strictObject({ items: z.array(planItemSchema).min(1).max(20), droppedItemIds: z.array(id) }),
  }),
  defineEvent({
    type: 'CandidatesProposed',
    version: 1,
    schema: z.strictObject({ itemId: id, candidates: z.array(candidateSchema).max(20) }),
  }),
  defineEvent({ type: 'CandidatesExhausted', version: 1, schema: z.strictObject({ itemId: id }) }),
  defineEvent({
    type: 'ReferralConsentOverridden',
    description:
      "An organization was referred to without the resident's consent to referral_to_partners: who decided it and why (recorded just before its MatchRequested).",
    version: 1,
    schema: z.strictObject({ itemId: id, resourceId: id, reason: shortText, overriddenBy: id }),
  }),
  defineEvent({ type: 'MatchRequested', version: 1, schema: matchRequested }),
  defineEvent({ type: 'MatchHeld', version: 1, schema: requestId }),
  defineEvent({ type: 'MatchConfirmed', version: 1, schema: requestId }),
  defineEvent({
    type: 'MatchRefused',
    version: 1,
    schema: z.strictObject({ requestId: id, reason: shortText }),
  }),
  defineEvent({ type: 'MatchExpired', version: 1, schema: requestId }),
  defineEvent({
    type: 'MatchWithdrawn',
    version: 1,
    schema: z.strictObject({ requestId: id, reason: shortText }),
  }),
  defineEvent({
    type: 'MatchReleased',
    version: 1,
    schema: z.strictObject({ requestId: id, outcome: z.enum(['released', 'nothing_held']) }),
  }),
  defineEvent({
    type: 'DeliveryRecorded',
    version: 1,
    schema: z.strictObject({
      requestId: id,
      quantity: z.number().int().min(1),
      deliveredAt: instant,
      source: z.enum(['staff', 'charity', 'volunteer', 'organization']),
      /** The society event it came from, so a redelivered one is recorded once. */
      sourceEventId: z.string().max(100).nullable(),
    }),
  }),
  defineEvent({
    type: 'CaseReviewed',
    version: 1,
    schema: z.strictObject({ rating: z.number().int().min(1).max(5) }),
  }),
  defineEvent({
    type: 'CaseEscalated',
    version: 1,
    schema: z.strictObject({ level: z.enum(ESCALATION_LEVELS), reason: shortText }),
  }),
  defineEvent({
    type: 'ApprovalRequested',
    description:
      "A step that the district's policy puts under supervision (督导) was submitted: the assessment or plan just recorded, or the closure with its outcome (not closed yet).",
    version: 1,
    schema: z.strictObject({
      approvalId: id,
      step: z.enum(APPROVAL_STEPS),
      policyVersion: z.number().int().min(0),
      outcome: z.enum(OUTCOMES).nullable(),
    }),
  }),
  defineEvent({
    type: 'ApprovalGranted',
    version: 1,
    schema: z.strictObject({ approvalId: id, step: z.enum(APPROVAL_STEPS), by: z.string().min(1).max(100) }),
  }),
  defineEvent({
    type: 'ApprovalReturned',
    description: 'The supervisor sent the step back with a reason code; the worker submits it again.',
    version: 1,
    schema: z.strictObject({
      approvalId: id,
      step: z.enum(APPROVAL_STEPS),
      reasonCode: z.enum(RETURN_REASONS),
      by: z.string().min(1).max(100),
      /** The supervisor's note, sealed with the case's key (`case-<caseId>`); absent or null: none. */
      note: sealedSchema.nullable().optional(),
    }),
  }),
  defineEvent({
    type: 'TaskScheduled',
    description:
      "A task of the case with its due time: derived by the district's rules (first contact, assessment, plan review, follow-up) or the worker's own.",
    version: 1,
    schema: z.strictObject({
      taskId: id,
      kind: z.enum(TASK_KINDS),
      dueAt: instant,
      /** Staff wording of a worker's own task; null for a derived one (its kind says it). */
      title: shortText.nullable(),
      createdBy: z.string().min(1).max(100),
    }),
  }),
  defineEvent({
    type: 'TaskDone',
    version: 1,
    schema: z.strictObject({ taskId: id, by: z.string().min(1).max(100) }),
  }),
  defineEvent({ type: 'TaskOverdue', version: 1, schema: z.strictObject({ taskId: id }) }),
  defineEvent({
    type: 'TaskCancelled',
    version: 1,
    schema: z.strictObject({ taskId: id, reason: shortText }),
  }),
  defineEvent({
    type: 'TransferRequested',
    description: 'A transfer offered to another worker; the case stays with its worker until they accept.',
    version: 1,
    schema: z.strictObject({
      transferId: id,
      toWorkerId: id,
      reason: shortText,
      by: z.string().min(1).max(100),
    }),
  }),
  defineEvent({
    type: 'TransferAccepted',
    version: 1,
    schema: z.strictObject({ transferId: id, toWorkerId: id }),
  }),
  defineEvent({
    type: 'TransferDeclined',
    version: 1,
    schema: z.strictObject({ transferId: id, toWorkerId: id, reason: shortText }),
  }),
  defineEvent({
    type: 'EscalationTaken',
    description: "A supervisor of the level the case was escalated to took it: it leaves that level's queue.",
    version: 1,
    schema: z.strictObject({ level: z.enum(ESCALATION_LEVELS), by: z.string().min(1).max(100) }),
  }),
  defineEvent({
    type: 'CaseClosed',
    version: 1,
    schema: z.strictObject({ outcome: z.enum(OUTCOMES), closedAt: instant }),
  }),
];

/** Linkage's topic: the case streams and the districts' case policies (`policy-<districtCode>`). */
export const caseRegistry = createEventRegistry([...caseContracts, ...policyContracts]);

type P<S extends z.ZodType> = z.infer<S>;
type Outcome = (typeof OUTCOMES)[number];

export type CaseEvent =
  | { type: 'CaseOpened'; payload: P<typeof caseOpened> }
  | { type: 'WorkerCandidatesProposed'; payload: { workerIds: string[] } }
  | {
      type: 'WorkerRequested';
      payload: {
        requestId: string;
        workerId: string;
        reason: 'assign' | 'transfer' | 'next_candidate';
        note?: string;
      };
    }
  | {
      type: 'WorkerAssigned';
      payload: { requestId: string; workerId: string; previousWorkerId: string | null };
    }
  | { type: 'WorkerRefused'; payload: { requestId: string; workerId: string; reason: string } }
  | { type: 'WorkerReleased'; payload: { workerId: string } }
  | {
      type: 'CaseAssessed';
      payload: {
        riskLevel: (typeof RISK_LEVELS)[number];
        needsIdentified: string[];
        urgency: (typeof URGENCIES)[number];
      };
    }
  | { type: 'CasePlanned'; payload: { items: P<typeof planItemSchema>[]; droppedItemIds: string[] } }
  | { type: 'CandidatesProposed'; payload: { itemId: string; candidates: P<typeof candidateSchema>[] } }
  | { type: 'CandidatesExhausted'; payload: { itemId: string } }
  | {
      type: 'ReferralConsentOverridden';
      payload: { itemId: string; resourceId: string; reason: string; overriddenBy: string };
    }
  | { type: 'MatchRequested'; payload: P<typeof matchRequested> }
  | { type: 'MatchHeld'; payload: { requestId: string } }
  | { type: 'MatchConfirmed'; payload: { requestId: string } }
  | { type: 'MatchRefused'; payload: { requestId: string; reason: string } }
  | { type: 'MatchExpired'; payload: { requestId: string } }
  | { type: 'MatchWithdrawn'; payload: { requestId: string; reason: string } }
  | { type: 'MatchReleased'; payload: { requestId: string; outcome: 'released' | 'nothing_held' } }
  | {
      type: 'DeliveryRecorded';
      payload: {
        requestId: string;
        quantity: number;
        deliveredAt: string;
        source: 'staff' | 'charity' | 'volunteer' | 'organization';
        sourceEventId: string | null;
      };
    }
  | { type: 'CaseReviewed'; payload: { rating: number } }
  | { type: 'CaseEscalated'; payload: { level: (typeof ESCALATION_LEVELS)[number]; reason: string } }
  | { type: 'CaseClosed'; payload: { outcome: (typeof OUTCOMES)[number]; closedAt: string } }
  | {
      type: 'ApprovalRequested';
      payload: { approvalId: string; step: ApprovalStep; policyVersion: number; outcome: Outcome | null };
    }
  | { type: 'ApprovalGranted'; payload: { approvalId: string; step: ApprovalStep; by: string } }
  | {
      type: 'ApprovalReturned';
      payload: {
        approvalId: string;
        step: ApprovalStep;
        reasonCode: ReturnReason;
        by: string;
        note?: Sealed | null;
      };
    }
  | {
      type: 'TaskScheduled';
      payload: { taskId: string; kind: TaskKind; dueAt: string; title: string | null; createdBy: string };
    }
  | { type: 'TaskDone'; payload: { taskId: string; by: string } }
  | { type: 'TaskOverdue'; payload: { taskId: string } }
  | { type: 'TaskCancelled'; payload: { taskId: string; reason: string } }
  | {
      type: 'TransferRequested';
      payload: { transferId: string; toWorkerId: string; reason: string; by: string };
    }
  | { type: 'TransferAccepted'; payload: { transferId: string; toWorkerId: string } }
  | { type: 'TransferDeclined'; payload: { transferId: string; toWorkerId: string; reason: string } }
  | { type: 'EscalationTaken'; payload: { level: (typeof ESCALATION_LEVELS)[number]; by: string } };
