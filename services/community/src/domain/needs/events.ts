import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';
import { sealedSchema } from '@fivesoc/service-kit';
import {
  CONSENT_GIVERS,
  CONSENT_SCOPES,
  NEED_CATEGORIES,
  URGENCIES,
  WITHDRAW_REASONS,
} from './categories.ts';

const id = z.string().min(1).max(100);
const place = {
  districtCode: z.string().regex(/^\d{6}$/),
  streetCode: z.string().regex(/^\d{9}$/),
  communityCode: z.string().regex(/^\d{12}$/),
};
export const consentSchema = z.strictObject({
  given: z.boolean(),
  givenBy: z.enum(CONSENT_GIVERS),
  at: z.iso.datetime({ offset: true }),
  scope: z.array(z.enum(CONSENT_SCOPES)).min(1).max(CONSENT_SCOPES.length),
});
export type Consent = z.infer<typeof consentSchema>;
const person = z.strictObject({ personId: id, data: sealedSchema });

/**
 * Resident needs (需求), one stream per need (`need-<id>`). Payloads hold no clear-text personal data: each
 * person's details and the free-text description are sealed (PersonalDataVault); the codes, category and
 * urgency stay readable for linkage.
 */
export const needEvents = [
  defineEvent({
    type: 'NeedReported',
    version: 1,
    schema: z.strictObject({
      needId: id,
      ...place,
      category: z.enum(NEED_CATEGORIES),
      categoryListVersion: z.literal(1),
      urgency: z.enum(URGENCIES),
      people: z.array(person).max(10),
      consent: consentSchema,
      description: sealedSchema,
    }),
  }),
  defineEvent({
    type: 'NeedUpdated',
    version: 1,
    schema: z.strictObject({
      needId: id,
      ...place,
      category: z.enum(NEED_CATEGORIES).optional(),
      categoryListVersion: z.literal(1),
      urgency: z.enum(URGENCIES).optional(),
      description: sealedSchema.optional(),
    }),
  }),
  defineEvent({
    type: 'NeedWithdrawn',
    version: 1,
    schema: z.strictObject({ needId: id, ...place, reason: z.enum(WITHDRAW_REASONS) }),
  }),
  defineEvent({
    type: 'PersonalDataErased',
    description:
      "A data key was deleted: every sealed copy of its data is unreadable. The key is a person's (their id) or a need's description (`need-<needId>`, erased with the need's last person); `needId` names the need (absent on events recorded before it was added).",
    version: 1,
    schema: z.strictObject({ personId: id, needId: id.optional() }),
  }),
];
