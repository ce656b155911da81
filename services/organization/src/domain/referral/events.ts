import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';
import { placeSchema } from '../organization/values.ts';

/** Ids the caller (the linkage service) chooses: its referral, case and plan item ids. */
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const organizationId = z.string().min(1).max(100);
const reason = z.string().min(1).max(200);

/** A case's plan item referred (转介) to an organization; no personal data, only ids, field and place. */
export const referralReceived = z.strictObject({
  referralId: clientIdSchema,
  organizationId,
  caseId: clientIdSchema,
  itemId: clientIdSchema,
  /** The service field asked for. */
  field: z.string().min(1).max(60),
  place: placeSchema,
  startAt: z.iso.datetime().optional(),
  endAt: z.iso.datetime().optional(),
  receivedAt: z.iso.datetime(),
});
const answered = z.strictObject({
  referralId: clientIdSchema,
  organizationId,
  caseId: clientIdSchema,
  itemId: clientIdSchema,
});
const answeredWithReason = z.strictObject({ ...answered.shape, reason });

export const referralContracts = [
  defineEvent({
    type: 'ReferralReceived',
    version: 1,
    schema: referralReceived,
    description: "A case's plan item was referred to the organization (stream referral-<referralId>).",
  }),
  defineEvent({
    type: 'ReferralAccepted',
    version: 1,
    schema: answered,
    description: 'The organization takes the referred item on.',
  }),
  defineEvent({
    type: 'ReferralDeclined',
    version: 1,
    schema: answeredWithReason,
    description: 'The organization declined the referral, for the reason given.',
  }),
  defineEvent({
    type: 'ReferralCancelled',
    version: 1,
    schema: answeredWithReason,
    description: 'The referrer withdrew the referral before an answer (e.g. none came before its deadline).',
  }),
];

export type ReferralReceived = z.infer<typeof referralReceived>;
type Answered = z.infer<typeof answered>;
export type ReferralEvent =
  | { type: 'ReferralReceived'; payload: ReferralReceived }
  | { type: 'ReferralAccepted'; payload: Answered }
  | { type: 'ReferralDeclined'; payload: Answered & { reason: string } }
  | { type: 'ReferralCancelled'; payload: Answered & { reason: string } };
