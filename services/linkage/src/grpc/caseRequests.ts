import { z } from 'zod';
import { ValidationError } from '@fivesoc/service-kit';
import {
  OUTCOMES,
  RISK_LEVELS,
  URGENCIES,
  id,
  planItemSchema,
  shortText,
  type ItemKind,
} from '../cases/domain/values.ts';
import type { CaseStatus } from '../cases/domain/state.ts';
import { APPROVAL_STEPS, RETURN_REASONS } from '../cases/domain/policy.ts';

// The case RPCs' requests as zod schemas over the generated (camelCase) messages. A failure names the first
// bad field by its proto name (`items.0.quantity: …`), so nothing reaches a command before the edge agrees.

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Parses a request, or throws INVALID_ARGUMENT naming the proto field of the first issue. */
export function parseRequest<S extends z.ZodType>(schema: S, request: unknown): z.infer<S> {
  const r = schema.safeParse(request);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = (issue?.path ?? []).map((p) => (typeof p === 'string' ? snake(p) : String(p))).join('.');
  throw new ValidationError(field || 'request', issue?.message ?? 'is invalid');
}

const caseId = id;
/** proto3 has no "unset" for scalars: 0 means "no expected version". */
const expectedVersion = z
  .number()
  .int()
  .min(0, 'must be 0 (not given) or a version')
  .transform((v) => (v === 0 ? undefined : v));
const timestamp = z
  .date({ error: 'is required' })
  .refine((d) => Number.isFinite(d.getTime()), 'is not a valid timestamp')
  .transform((d) => d.toISOString());

const PROTO_KINDS = {
  RESOURCE_KIND_VOLUNTEER: 'volunteer',
  RESOURCE_KIND_ORGANIZATION: 'organization',
  RESOURCE_KIND_DONATION: 'donation',
} as const satisfies Record<string, ItemKind>;
const kind = z
  .enum(Object.keys(PROTO_KINDS) as [keyof typeof PROTO_KINDS], {
    error: 'must be RESOURCE_KIND_VOLUNTEER, RESOURCE_KIND_ORGANIZATION or RESOURCE_KIND_DONATION',
  })
  .transform((k) => PROTO_KINDS[k]);
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

/** A plan item in the proto's shape, then held to the domain's item rules (the paths stay the same). */
const planItem = z
  .object({
    itemId: z.string(),
    kind,
    description: z.string(),
    requirement: z.string(),
    quantity: z.number(),
    startAt: timestamp.optional(),
    endAt: timestamp.optional(),
  })
  .transform((i): z.input<typeof planItemSchema> => ({
    itemId: i.itemId,
    kind: i.kind,
    description: i.description,
    requirement: i.requirement,
    quantity: i.quantity,
    ...(i.startAt ? { startAt: i.startAt } : {}),
    ...(i.endAt ? { endAt: i.endAt } : {}),
  }))
  .pipe(planItemSchema);

/** An assessment names needs by code: free text (a resident's story) cannot pass. */
const needCode = z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'must be a need code: a-z, 0-9 and _ (1-60)');

export const openCaseRequest = z.object({
  needId: id,
  idempotencyKey: z
    .string()
    .max(200, 'must be at most 200 characters')
    .transform((k) => (k === '' ? undefined : k)),
});

export const getCaseRequest = z.object({ caseId });

export const assignWorkerRequest = z.object({ caseId, expectedVersion, workerId: id });

export const assessRequest = z.object({
  caseId,
  expectedVersion,
  riskLevel: oneOf(RISK_LEVELS),
  needsIdentified: z.array(needCode).min(1, 'must name 1-20 needs').max(20, 'must name 1-20 needs'),
  urgency: oneOf(URGENCIES),
});

export const planRequest = z.object({
  caseId,
  expectedVersion,
  items: z.array(planItem).min(1, 'must hold 1-20 items').max(20, 'must hold 1-20 items'),
});

export const proposeMatchesRequest = z.object({
  caseId,
  topK: z
    .number()
    .int()
    .min(0, 'must be between 1 and 20 (0 for the default of 5)')
    .max(20, 'must be between 1 and 20 (0 for the default of 5)')
    .transform((k) => (k === 0 ? 5 : k)),
});

export const acceptMatchRequest = z.object({
  caseId,
  expectedVersion,
  itemId: id,
  resourceId: id,
  quantity: z.number().int().min(1).max(1_000_000_000).optional(),
  confirmWithinSeconds: z
    .number()
    .int()
    .min(1, 'must be 1 to 7776000 seconds (90 days), or absent for the default')
    .max(90 * 86_400, 'must be 1 to 7776000 seconds (90 days), or absent for the default')
    .optional(),
  consentOverrideReason: z
    .string()
    .trim()
    .max(200, 'must be at most 200 characters')
    .optional()
    .transform((r) => r || undefined),
});

export const rejectMatchRequest = z.object({ caseId, expectedVersion, matchId: id, reason: shortText });

export const recordDeliveryRequest = z.object({
  caseId,
  expectedVersion,
  matchId: id,
  quantity: z.number().int().min(1).max(1_000_000_000),
  deliveredAt: timestamp,
});

export const reviewRequest = z.object({
  caseId,
  expectedVersion,
  rating: z.number().int().min(1, 'must be 1-5').max(5, 'must be 1-5'),
});

export const closeCaseRequest = z.object({ caseId, expectedVersion, outcome: oneOf(OUTCOMES) });

export const transferCaseRequest = z.object({ caseId, expectedVersion, toWorkerId: id, reason: shortText });

export const escalateCaseRequest = z.object({ caseId, expectedVersion, reason: shortText });

export const watchCaseRequest = z.object({
  caseId,
  afterVersion: z.number().int().min(0, 'must be 0 or more'),
});

export const caseHistoryRequest = z.object({
  caseId,
  afterVersion: z.number().int().min(0, 'must be 0 or more'),
  pageSize: z.number(),
});

export const routeDonationsRequest = z.object({
  donationIds: z.array(id).max(1000, 'at most 1000'),
  caseIds: z.array(id).max(1000, 'at most 1000'),
  dryRun: z.boolean(),
});

export const statisticsRequest = z
  .object({ from: timestamp.optional(), to: timestamp.optional() })
  .refine((r) => !r.from || !r.to || r.from < r.to, { message: 'must be after from', path: ['to'] });

const STATUSES: Record<string, CaseStatus | undefined> = {
  CASE_STATUS_UNSPECIFIED: undefined,
  CASE_STATUS_OPEN: 'open',
  CASE_STATUS_ASSIGNED: 'assigned',
  CASE_STATUS_ASSESSED: 'assessed',
  CASE_STATUS_PLANNED: 'planned',
  CASE_STATUS_MATCHING: 'matching',
  CASE_STATUS_IN_DELIVERY: 'in_delivery',
  CASE_STATUS_UNDER_REVIEW: 'under_review',
  CASE_STATUS_CLOSED: 'closed',
};
const optionalCode = (digits: number) =>
  z
    .string()
    .regex(new RegExp(`^(\\d{${digits}})?$`), `must be ${digits} digits`)
    .transform((c) => (c === '' ? undefined : c));

export const listCasesRequest = z.object({
  pageSize: z.number(),
  pageToken: z.string(),
  status: z
    .string()
    .refine((s) => s in STATUSES, 'is not a known value')
    .transform((s) => STATUSES[s]),
  streetCode: optionalCode(9),
  communityCode: optionalCode(12),
  workerId: z.union([z.literal(''), id]).transform((w) => (w === '' ? undefined : w)),
});

// ---------- supervision, tasks, the inbox ----------

const step = oneOf(APPROVAL_STEPS);
const districtCode = z.string().regex(/^\d{6}$/, 'must be 6 digits');
const hours = (n: string) =>
  z.number().int().min(1, `${n} must be 1-2160 hours`).max(2160, `${n} must be 1-2160 hours`);
const days = z.number().int().min(0, 'must be 0-365 days').max(365, 'must be 0-365 days');

export const getCasePolicyRequest = z.object({
  districtCode: z.union([z.literal(''), districtCode]).transform((d) => (d === '' ? undefined : d)),
});

export const setCasePolicyRequest = z.object({
  districtCode,
  expectedVersion,
  policy: z.object(
    {
      approvals: z.object(
        {
          assessment: oneOf(['never', 'high_risk', 'always'] as const),
          plan: z.boolean(),
          closure: z.boolean(),
        },
        { error: 'is required' },
      ),
      tasks: z
        .object(
          {
            firstContactHoursLow: hours('first_contact_hours_low'),
            firstContactHoursNormal: hours('first_contact_hours_normal'),
            firstContactHoursHigh: hours('first_contact_hours_high'),
            firstContactHoursCritical: hours('first_contact_hours_critical'),
            assessmentDays: days,
            planReviewDays: days,
            followUpDays: days,
          },
          { error: 'is required' },
        )
        .transform((t) => ({
          firstContactHours: {
            low: t.firstContactHoursLow,
            normal: t.firstContactHoursNormal,
            high: t.firstContactHoursHigh,
            critical: t.firstContactHoursCritical,
          },
          assessmentDays: t.assessmentDays,
          planReviewDays: t.planReviewDays,
          followUpDays: t.followUpDays,
        })),
    },
    { error: 'is required' },
  ),
});

export const approveStepRequest = z.object({ caseId, expectedVersion, step });

export const returnStepRequest = z.object({
  caseId,
  expectedVersion,
  step,
  reasonCode: oneOf(RETURN_REASONS),
  note: z
    .string()
    .trim()
    .max(1000, 'must be at most 1000 characters')
    .transform((n) => n || undefined),
});

export const getApprovalNoteRequest = z.object({ caseId, approvalId: id });

export const answerTransferRequest = z
  .object({
    caseId,
    accept: z.boolean(),
    reason: z.string().trim().max(200, 'must be at most 200 characters'),
  })
  .refine((r) => r.accept || r.reason.length > 0, {
    message: 'is required when declining',
    path: ['reason'],
  });

export const takeEscalationRequest = z.object({ caseId, expectedVersion });

export const addTaskRequest = z.object({ caseId, expectedVersion, title: shortText, dueAt: timestamp });

export const completeTaskRequest = z.object({ caseId, expectedVersion, taskId: id });

export const listActionsRequest = z.object({ pageSize: z.number() });
