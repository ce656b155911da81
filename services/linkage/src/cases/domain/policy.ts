import { z } from 'zod';
import { defineEvent, type Decider } from '@fivesoc/eventing';
import { IllegalStateError } from '@fivesoc/service-kit';
import { URGENCIES } from './values.ts';

// A district's case policy (stream `policy-<districtCode>`): which steps of a case need a supervisor's
// approval (督导), and the rules that give a case its tasks and deadlines. Versioned as events: a case step
// records the policy version it was decided under, so a later change never rewrites what was decided.

export const APPROVAL_STEPS = ['assessment', 'plan', 'closure'] as const;
export type ApprovalStep = (typeof APPROVAL_STEPS)[number];

/** Why a supervisor returns a step: codes, so no free text (a resident's story) reaches the case. */
export const RETURN_REASONS = [
  'incomplete', // 材料不完整
  'risk_misjudged', // 风险研判不准
  'plan_unsuitable', // 服务计划不合适
  'more_contact_needed', // 需进一步接触服务对象
  'outcome_unsupported', // 结案依据不足
  'other',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const TASK_KINDS = ['first_contact', 'assessment', 'plan_review', 'follow_up', 'own'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

const hours = z
  .number()
  .int()
  .min(1)
  .max(24 * 90);
const days = z.number().int().min(0).max(365);

export const casePolicySchema = z.strictObject({
  approvals: z.strictObject({
    /** `high_risk`: an assessment of high or critical risk; `always`; `never`. */
    assessment: z.enum(['never', 'high_risk', 'always']),
    plan: z.boolean(),
    closure: z.boolean(),
  }),
  tasks: z.strictObject({
    /** First contact with the resident within this many hours of the assignment, by the case's urgency. */
    firstContactHours: z.strictObject({ low: hours, normal: hours, high: hours, critical: hours }),
    /** The assessment within this many days of the assignment (0: no such task). */
    assessmentDays: days,
    /** A review of the plan every this many days while the case is open (0: none). */
    planReviewDays: days,
    /** A follow-up visit this many days after the closure (0: none). */
    followUpDays: days,
  }),
});
export type CasePolicy = z.infer<typeof casePolicySchema>;

/** What a district has until it sets its own: the default of supervision and common deadlines. */
export const STANDARD_POLICY: CasePolicy = {
  approvals: { assessment: 'high_risk', plan: true, closure: true },
  tasks: {
    firstContactHours: { low: 72, normal: 48, high: 24, critical: 4 },
    assessmentDays: 7,
    planReviewDays: 30,
    followUpDays: 30,
  },
};

/** The policy a command is decided under, with the version of the district's stream (0: the standard). */
export interface PolicyInForce {
  policy: CasePolicy;
  version: number;
}

export const needsApproval = (
  p: PolicyInForce | undefined,
  step: ApprovalStep,
  riskLevel?: string,
): boolean => {
  if (!p) return false;
  if (step === 'assessment')
    return (
      p.policy.approvals.assessment === 'always' ||
      (p.policy.approvals.assessment === 'high_risk' && (riskLevel === 'high' || riskLevel === 'critical'))
    );
  return p.policy.approvals[step];
};

export const firstContactHours = (p: CasePolicy, urgency: string): number =>
  p.tasks.firstContactHours[
    (URGENCIES as readonly string[]).includes(urgency) ? (urgency as 'low') : 'normal'
  ];

export const policyStreamOf = (districtCode: string): string => `policy-${districtCode}`;

// ---------- the policy stream ----------

export const policyContracts = [
  defineEvent({
    type: 'CasePolicySet',
    description: "A district's case policy (approvals and task rules) from now on, and who set it.",
    version: 1,
    schema: z.strictObject({
      districtCode: z.string().regex(/^\d{6}$/),
      policy: casePolicySchema,
      setBy: z.string().min(1).max(100),
    }),
  }),
];

export type PolicyEvent = {
  type: 'CasePolicySet';
  payload: { districtCode: string; policy: CasePolicy; setBy: string };
};
export type PolicyCommand = { kind: 'set'; districtCode: string; policy: CasePolicy; setBy: string };
export interface PolicyState {
  policy: CasePolicy;
  set: boolean;
}

const same = (a: CasePolicy, b: CasePolicy) => JSON.stringify(a) === JSON.stringify(b);

export const policyDecider: Decider<PolicyState, PolicyCommand, PolicyEvent> = {
  initialState: () => ({ policy: STANDARD_POLICY, set: false }),
  decide: (c, s) => {
    if (c.kind !== 'set') throw new IllegalStateError('unknown policy command');
    // Setting what is in force already changes nothing (a repeated request is not a new version).
    if (s.set && same(s.policy, c.policy)) return [];
    return [
      { type: 'CasePolicySet', payload: { districtCode: c.districtCode, policy: c.policy, setBy: c.setBy } },
    ];
  },
  evolve: (_s, e) => ({ policy: e.payload.policy, set: true }),
};
