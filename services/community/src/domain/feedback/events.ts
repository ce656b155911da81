import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';
import { sealedSchema, type Sealed } from '@fivesoc/service-kit';

export const SUBJECT_KINDS = ['service', 'case'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/**
 * Resident feedback (效果共评), one stream per resident and subject, so a resident rates a subject once.
 * The rating is readable for evaluations; the comment is sealed under the resident (erasable with them).
 */
export const feedbackEvents = [
  defineEvent({
    type: 'FeedbackGiven',
    version: 1,
    schema: z.strictObject({
      subjectKind: z.enum(SUBJECT_KINDS),
      subjectId: z.string().min(1).max(100),
      residentId: z.string().min(1).max(100),
      districtCode: z.string().regex(/^\d{6}$/),
      streetCode: z.string().regex(/^\d{9}$/),
      communityCode: z.string().regex(/^\d{12}$/),
      rating: z.number().int().min(1).max(5),
      comment: sealedSchema.optional(),
    }),
  }),
];

export interface FeedbackGiven {
  subjectKind: SubjectKind;
  subjectId: string;
  residentId: string;
  districtCode: string;
  streetCode: string;
  communityCode: string;
  rating: number;
  comment?: Sealed;
}
export type FeedbackEvent = { type: 'FeedbackGiven'; payload: FeedbackGiven };
