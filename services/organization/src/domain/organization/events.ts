import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';
import { sealedSchema } from '@fivesoc/service-kit';
import { CATEGORIES, FIELDS, KINDS, RATINGS, indicatorScoresSchema, placeSchema } from './values.ts';

const id = z.string().min(1).max(100);
const instant = z.iso.datetime();
const text = (max: number) => z.string().min(1).max(max);

export const applicationSubmitted = z.strictObject({
  organizationId: id,
  name: text(200),
  category: z.enum(CATEGORIES),
  kind: z.enum(KINDS),
  field: z.enum(FIELDS),
  place: placeSchema,
  creditCode: z.string().length(18),
  /** Name and phone of the legal representative, sealed per person (never clear text in an event). */
  legalRepresentative: sealedSchema,
  /** direct: 直接登记; supervisor: the business supervisor pre-approves first. */
  route: z.enum(['direct', 'supervisor']),
});
export const communityOrganizationFiled = z.strictObject({
  organizationId: id,
  name: text(200),
  field: z.enum(FIELDS),
  place: placeSchema,
  legalRepresentative: sealedSchema,
  at: instant,
});
export const creditRecordAdded = z.strictObject({
  recordId: id,
  polarity: z.enum(['positive', 'negative']),
  /** A negative record that puts the organization on the serious-violation list (严重违法失信名单). */
  serious: z.boolean(),
  source: text(200),
  date: z.iso.date(),
  description: text(1000),
});
export const evaluationRecorded = z.strictObject({
  round: text(50),
  scores: indicatorScoresSchema,
  rating: z.enum(RATINGS).nullable(),
  evaluator: id,
  validFrom: instant,
  validUntil: instant,
});

export const organizationContracts = [
  defineEvent({ type: 'ApplicationSubmitted', version: 1, schema: applicationSubmitted }),
  defineEvent({ type: 'SupervisorPreApproved', version: 1, schema: z.strictObject({ supervisor: id }) }),
  defineEvent({ type: 'RegistrationApproved', version: 1, schema: z.strictObject({ at: instant }) }),
  defineEvent({ type: 'RegistrationRejected', version: 1, schema: z.strictObject({ reason: text(1000) }) }),
  defineEvent({ type: 'CommunityOrganizationFiled', version: 1, schema: communityOrganizationFiled }),
  defineEvent({ type: 'CreditRecordAdded', version: 1, schema: creditRecordAdded }),
  defineEvent({
    type: 'AnnualReportFiled',
    version: 1,
    schema: z.strictObject({ year: z.number().int().min(1990).max(2200), summary: text(2000), at: instant }),
  }),
  defineEvent({
    type: 'MarkedAbnormal',
    version: 1,
    schema: z.strictObject({
      at: instant,
      reason: z.enum(['missed_report', 'no_activity']),
      year: z.number().int().min(1990).max(2200).optional(),
    }),
  }),
  defineEvent({ type: 'FlaggedZombie', version: 1, schema: z.strictObject({ at: instant }) }),
  defineEvent({
    type: 'ExitNoticeIssued',
    version: 1,
    schema: z.strictObject({ at: instant, deadline: instant }),
  }),
  defineEvent({ type: 'OrganizationExited', version: 1, schema: z.strictObject({ at: instant }) }),
  defineEvent({ type: 'ActivityRestored', version: 1, schema: z.strictObject({ at: instant }) }),
  defineEvent({ type: 'EvaluationRecorded', version: 1, schema: evaluationRecorded }),
  /** Credit repair (信用修复): a record no longer counts, for the reason given; it stays in the archive. */
  defineEvent({
    type: 'CreditRecordRevoked',
    version: 1,
    schema: z.strictObject({ recordId: id, reason: text(1000) }),
  }),
  /** A hub organization (枢纽型社会组织) leads and supervises the organizations of its field. */
  defineEvent({ type: 'HubDesignated', version: 1, schema: z.strictObject({ by: id }) }),
  /** The events before it in its commit came from the district's existing registry (迁移), dated as it had them. */
  defineEvent({ type: 'OrganizationMigrated', version: 1, schema: z.strictObject({ at: instant }) }),
];

type P<S extends z.ZodType> = z.infer<S>;
export type OrganizationEvent =
  | { type: 'ApplicationSubmitted'; payload: P<typeof applicationSubmitted> }
  | { type: 'SupervisorPreApproved'; payload: { supervisor: string } }
  | { type: 'RegistrationApproved'; payload: { at: string } }
  | { type: 'RegistrationRejected'; payload: { reason: string } }
  | { type: 'CommunityOrganizationFiled'; payload: P<typeof communityOrganizationFiled> }
  | { type: 'CreditRecordAdded'; payload: P<typeof creditRecordAdded> }
  | { type: 'AnnualReportFiled'; payload: { year: number; summary: string; at: string } }
  | {
      type: 'MarkedAbnormal';
      payload: { at: string; reason: 'missed_report' | 'no_activity'; year?: number };
    }
  | { type: 'FlaggedZombie'; payload: { at: string } }
  | { type: 'ExitNoticeIssued'; payload: { at: string; deadline: string } }
  | { type: 'OrganizationExited'; payload: { at: string } }
  | { type: 'ActivityRestored'; payload: { at: string } }
  | { type: 'EvaluationRecorded'; payload: P<typeof evaluationRecorded> }
  | { type: 'HubDesignated'; payload: { by: string } }
  | { type: 'OrganizationMigrated'; payload: { at: string } }
  | { type: 'CreditRecordRevoked'; payload: { recordId: string; reason: string } };
export type CreditRecord = P<typeof creditRecordAdded>;
export type Evaluation = P<typeof evaluationRecorded>;
