import type { Sealed } from '@fivesoc/service-kit';
import type { ApprovalStep, PolicyInForce, ReturnReason } from './policy.ts';
import type { Candidate, CasePlace, Outcome, PlanItem, Score } from './values.ts';

/** What may be asked of a case: by people through linkage's RPCs, and by the case saga for the societies. */
export type CaseCommand =
  | {
      kind: 'open';
      caseId: string;
      needId: string;
      place: CasePlace;
      category: string;
      urgency: 'low' | 'normal' | 'high' | 'critical';
      openedBy: string;
    }
  /** Ranked worker candidates (by the matcher); the best untried one is asked when the case has none. */
  | { kind: 'proposeWorkers'; workerIds: string[] }
  | { kind: 'assignWorker'; workerId: string }
  | { kind: 'transfer'; toWorkerId: string; reason: string }
  | {
      kind: 'workerAnswered';
      requestId: string;
      accepted: boolean;
      reason?: string;
      /** The district's policy: a first assignment schedules the first contact and the assessment by it. */
      policy?: PolicyInForce;
    }
  /** The worker a transfer was offered to accepts or declines it (declined: the case stays where it is). */
  | { kind: 'answerTransfer'; accepted: boolean; reason?: string }
  /** A supervisor approves or returns the pending submission of a step. */
  | { kind: 'approve'; step: ApprovalStep; policy?: PolicyInForce }
  | { kind: 'returnStep'; step: ApprovalStep; reasonCode: ReturnReason; note?: Sealed }
  /** A supervisor of the level the case is escalated to takes it out of that level's queue. */
  | { kind: 'takeEscalation' }
  | { kind: 'addTask'; title: string; dueAt: string }
  | { kind: 'completeTask'; taskId: string; policy?: PolicyInForce }
  /** The saga's timer: the task's deadline has passed (recorded once; a no-op when it was done first). */
  | { kind: 'taskDue'; taskId: string }
  | { kind: 'workerReleased'; workerId: string }
  | {
      kind: 'assess';
      riskLevel: 'low' | 'medium' | 'high' | 'critical';
      needsIdentified: string[];
      urgency: 'low' | 'normal' | 'high' | 'critical';
      /** The district's policy when a person runs the step (absent for the saga: no supervision). */
      policy?: PolicyInForce;
    }
  | { kind: 'plan'; items: PlanItem[]; policy?: PolicyInForce }
  | { kind: 'proposeCandidates'; itemId: string; candidates: Candidate[] }
  | {
      kind: 'accept';
      itemId: string;
      resourceId: string;
      quantity?: number;
      score?: Score | null;
      /** This request's own time to confirm (e.g. shorter for an urgent case); later candidates get the default. */
      timeoutMs?: number;
      /** A referral without the resident's consent to it, decided by `by` (the edge checks who may). */
      consentOverride?: { reason: string; by: string };
    }
  | { kind: 'reject'; requestId: string; reason: string }
  | { kind: 'answered'; requestId: string; outcome: 'held' | 'confirmed' | 'refused'; reason?: string }
  | { kind: 'expire'; requestId: string }
  | { kind: 'released'; requestId: string; outcome: 'released' | 'nothing_held' }
  | {
      kind: 'deliver';
      requestId: string;
      quantity: number;
      deliveredAt: string;
      source: 'staff' | 'charity' | 'volunteer' | 'organization';
      sourceEventId?: string;
    }
  | { kind: 'review'; rating: number }
  | { kind: 'escalate'; reason: string }
  | { kind: 'close'; outcome: Outcome; policy?: PolicyInForce };

export interface CaseDeciderOptions {
  /** How long a society has to confirm a request before it expires and the next candidate is asked. */
  matchTimeoutMs: number;
}

/** The commands of one concern of the decider (each `decide/*.ts` takes its own). */
export type CommandOf<K extends CaseCommand['kind']> = Extract<CaseCommand, { kind: K }>;

/** What one decision is given besides command and state: the time, and who acts (`unknown` when none). */
export interface DecideContext {
  now: Date;
  actor: string;
}
