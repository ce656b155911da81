import { z } from 'zod';
import { id, instant, place, text } from './shared.ts';

/** organization: `organization-<id>` streams (catalogue and purchase streams are not read yet). */
export const organizationContract = {
  ApplicationSubmitted: z.object({
    organizationId: id,
    name: text,
    category: z.string().max(60),
    kind: z.string().max(60),
    field: z.string().max(60),
    place,
  }),
  CommunityOrganizationFiled: z.object({ organizationId: id, name: text, field: z.string().max(60), place }),
  SupervisorPreApproved: z.object({}),
  RegistrationApproved: z.object({}),
  RegistrationRejected: z.object({}),
  MarkedAbnormal: z.object({}),
  FlaggedZombie: z.object({}),
  ExitNoticeIssued: z.object({}),
  OrganizationExited: z.object({}),
  ActivityRestored: z.object({}),
  HubDesignated: z.object({}),
  CreditRecordAdded: z.object({
    recordId: id,
    polarity: z.enum(['positive', 'negative']),
    serious: z.boolean(),
    date: instant,
  }),
  CreditRecordRevoked: z.object({ recordId: id }),
  EvaluationRecorded: z.object({
    round: z.string().max(100),
    rating: z.enum(['1A', '2A', '3A', '4A', '5A']).nullable(),
    validFrom: instant,
    validUntil: instant,
  }),
};
