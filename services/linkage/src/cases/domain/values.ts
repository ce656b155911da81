import { z } from 'zod';

/** Ids linkage gives and the ids of the societies' records it names (every society's ids fit this). */
export const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only (1-64)');
const digits = (n: number) => z.string().regex(new RegExp(`^\\d{${n}}$`), `${n} digits`);
export const instant = z.iso.datetime({ offset: true });
export const shortText = z.string().trim().min(1).max(200);

export const placeSchema = z.strictObject({
  districtCode: digits(6),
  streetCode: digits(9),
  communityCode: digits(12),
});
export type CasePlace = z.infer<typeof placeSchema>;

export const ITEM_KINDS = ['volunteer', 'organization', 'donation'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const URGENCIES = ['low', 'normal', 'high', 'critical'] as const;
export const OUTCOMES = ['resolved', 'withdrawn', 'referred_out', 'unreachable', 'duplicate'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The three levels a case can be escalated through: the community (0), the street (1), the district (2). */
export const ESCALATION_LEVELS = ['community', 'street', 'district'] as const;

export const scoreSchema = z.strictObject({
  total: z.number(),
  skillFit: z.number(),
  nearness: z.number(),
  loadBalance: z.number(),
  rating: z.number(),
  credit: z.number(),
});
export type Score = z.infer<typeof scoreSchema>;

export const planItemSchema = z
  .strictObject({
    itemId: id,
    kind: z.enum(ITEM_KINDS),
    /** Staff wording of the item (never the resident's personal data). */
    description: z.string().trim().max(200).default(''),
    /** The volunteer skill, the organization's service field, or the donation measure (`fen`, `rice/kg`…). */
    requirement: z.string().trim().min(1).max(60),
    /** Volunteers needed, organizations (1), or the amount in the measure. */
    quantity: z.number().int().min(1).max(1_000_000_000),
    startAt: instant.optional(),
    endAt: instant.optional(),
  })
  .refine((i) => i.kind !== 'volunteer' || (i.startAt !== undefined && i.endAt !== undefined), {
    message: 'a volunteer item needs startAt and endAt',
    path: ['startAt'],
  })
  .refine((i) => !i.startAt || !i.endAt || Date.parse(i.endAt) > Date.parse(i.startAt), {
    message: 'endAt must be after startAt',
    path: ['endAt'],
  })
  .refine((i) => i.kind !== 'organization' || i.quantity === 1, {
    message: 'an organization item has quantity 1',
    path: ['quantity'],
  });
export type PlanItem = z.infer<typeof planItemSchema>;

export const candidateSchema = z.strictObject({ resourceId: id, score: scoreSchema });
export type Candidate = z.infer<typeof candidateSchema>;

/** The case id of a need: one case per reported need, so opening twice is impossible by construction. */
export const caseIdOf = (needId: string): string => `c-${needId}`;
export const caseStreamOf = (caseId: string): string => `case-${caseId}`;
/** The vault key of a case's free text (supervisors' notes): erased with the need's story. */
export const noteKeyOf = (caseId: string): string => `case-${caseId}`;
