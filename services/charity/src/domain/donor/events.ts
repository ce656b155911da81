import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';
import { sealedSchema, type Sealed } from '@fivesoc/service-kit';
import { id, placeSchema, shortText, type PlaceOf } from '../shared.ts';

export const DONOR_KINDS = ['person', 'enterprise', 'charity_organization'] as const;
export type DonorKind = (typeof DONOR_KINDS)[number];

/** 统一社会信用代码: 18 characters of digits and upper-case letters without I, O, S, V, Z. */
export const creditCode = z
  .string()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, 'a unified social credit code');

/** What the vault seals for a person who donates: never in clear in an event, a log or a list. */
export const personalDataSchema = z.strictObject({
  name: z.string().trim().min(1).max(50),
  phone: z.string().regex(/^\+?\d{5,20}$/, 'digits, optionally with a leading +'),
  idNumber: z.string().regex(/^\d{17}[\dX]$/, '18 characters: 17 digits and a digit or X'),
});
export type PersonalData = z.infer<typeof personalDataSchema>;

/** A donor's stream is `donor-<id>`. People are sealed; enterprises and organizations are public bodies. */
export const donorEvents = [
  defineEvent({
    type: 'DonorRegistered',
    version: 1,
    schema: z.strictObject({
      donorId: id,
      kind: z.enum(DONOR_KINDS),
      personal: sealedSchema.optional(),
      name: shortText.optional(),
      creditCode: creditCode.optional(),
      disclosureConsent: z.boolean(),
      ...placeSchema.shape,
    }),
  }),
  defineEvent({
    type: 'DisclosureConsentChanged',
    version: 1,
    schema: z.strictObject({ donorId: id, disclosureConsent: z.boolean() }),
  }),
];

export interface DonorRegisteredPayload extends PlaceOf {
  donorId: string;
  kind: DonorKind;
  personal?: Sealed;
  name?: string;
  creditCode?: string;
  disclosureConsent: boolean;
}

export type DonorEvent =
  | { type: 'DonorRegistered'; payload: DonorRegisteredPayload }
  | { type: 'DisclosureConsentChanged'; payload: { donorId: string; disclosureConsent: boolean } };

export const donorStreamId = (donorId: string) => `donor-${donorId}`;
