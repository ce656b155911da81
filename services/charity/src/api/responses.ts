import { z } from 'zod';
import { errors, pageSchema } from '@fivesoc/service-kit';

// What charity's routes answer, for fastify's `schema.response` (OpenAPI and the access-matrix test).
// Objects are loose: they name every field a client relies on and let a later field through.

export { errors };

const code = z.string();
const totals = z.object({
  received: z.number(),
  reserved: z.number(),
  allocated: z.number(),
  disbursed: z.number(),
  confirmed: z.number(),
  released: z.number(),
  reversed: z.number(),
});

export const donorCreated = z.object({ donorId: z.string() });
export const donorBody = z.looseObject({
  donorId: z.string(),
  kind: z.string(),
  disclosureConsent: z.boolean(),
  districtCode: code,
  person: z.unknown().optional(),
  erased: z.boolean().optional(),
});
export const disclosureBody = z.object({ donorId: z.string(), disclosureConsent: z.boolean() });
export const erasureBody = z.object({ donorId: z.string(), erased: z.boolean() });

export const fundCreated = z.object({ fundId: z.string() });
export const fundBody = z.looseObject({
  fundId: z.string(),
  kind: z.string(),
  name: z.string(),
  districtCode: code,
  ledger: z.unknown(),
});

export const donationCreated = z.object({ donationId: z.string() });
export const donationBody = z.looseObject({
  donationId: z.string(),
  donorId: z.string(),
  gift: z.unknown(),
  restriction: z.unknown(),
  districtCode: code,
  totals,
  // Every field of a ledger entry (a plain object: the serializer keeps only what it names).
  entries: z.array(
    z.object({
      entryId: z.string(),
      quantity: z.number(),
      target: z.object({ needId: z.string(), communityCode: code, category: z.string() }),
      status: z.string(),
      reversalOf: z.string().optional(),
    }),
  ),
  available: z.number(),
});
export const donationPage = pageSchema(
  z.looseObject({ donationId: z.string(), districtCode: code, measure: z.string() }),
);

/** What a ledger step answers: the entry it made or moved, and the donation's totals after it. */
export const ledgerStepBody = z.object({ entryId: z.string(), available: z.number(), totals });

export const reconciliationBody = z.looseObject({
  balanced: z.boolean(),
  eventsRead: z.number(),
  lastPosition: z.number(),
  fromQueryModel: z.unknown(),
  fromEvents: z.unknown(),
  differences: z.array(z.unknown()),
});
export const disclosureReport = z.looseObject({
  funds: z.array(z.looseObject({ fundId: z.string(), kind: z.string(), name: z.string() })),
  direct: z.unknown(),
  perCommunity: z.unknown(),
  perCategory: z.unknown(),
  donations: z.array(z.looseObject({ donationId: z.string(), donorKind: z.string() })),
});
