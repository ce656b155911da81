import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';
import { FIELDS, placeSchema } from '../organization/values.ts';

// A venture-philanthropy project (公益创投项目): an organization's pilot, funded and followed by the
// district, that can become a purchasable catalogue item once it has proved itself (成熟的公益创投项目
// 固化为采购项目). One stream `venture-<projectId>`.

const id = z.string().min(1).max(100);
const instant = z.iso.datetime();
const text = (max: number) => z.string().min(1).max(max);

export const ventureProposed = z.strictObject({
  projectId: id,
  organizationId: id,
  title: text(200),
  field: z.enum(FIELDS),
  description: text(2000),
  budgetFen: z.number().int().min(1).max(100_000_000_000),
  place: placeSchema,
  proposedBy: id,
});

export const ventureContracts = [
  defineEvent({ type: 'VentureProjectProposed', version: 1, schema: ventureProposed }),
  defineEvent({
    type: 'VentureProjectApproved',
    version: 1,
    schema: z.strictObject({ by: id, at: instant }),
  }),
  defineEvent({
    type: 'VentureProjectRejected',
    version: 1,
    schema: z.strictObject({ by: id, reason: text(1000) }),
  }),
  defineEvent({ type: 'VentureProjectStarted', version: 1, schema: z.strictObject({ at: instant }) }),
  defineEvent({
    type: 'VentureProjectConcluded',
    version: 1,
    schema: z.strictObject({
      score: z.number().int().min(0).max(100),
      summary: text(2000),
      by: id,
      at: instant,
    }),
  }),
  defineEvent({
    type: 'VentureProjectPromoted',
    description: 'The concluded project became a guidance-catalogue item (drafted under itemId).',
    version: 1,
    schema: z.strictObject({ itemId: id, by: id, at: instant }),
  }),
];

export type VentureProposal = z.infer<typeof ventureProposed>;
export type VentureEvent =
  | { type: 'VentureProjectProposed'; payload: VentureProposal }
  | { type: 'VentureProjectApproved'; payload: { by: string; at: string } }
  | { type: 'VentureProjectRejected'; payload: { by: string; reason: string } }
  | { type: 'VentureProjectStarted'; payload: { at: string } }
  | { type: 'VentureProjectConcluded'; payload: { score: number; summary: string; by: string; at: string } }
  | { type: 'VentureProjectPromoted'; payload: { itemId: string; by: string; at: string } };
