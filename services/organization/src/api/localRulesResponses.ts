import { z } from 'zod';
import { localRulesSource } from '@fivesoc/service-kit';

// What the local-rules and evaluation routes answer (loose objects, as in responses.ts).

export const rulesSource = localRulesSource;

export const organizationRulesAnswer = z.looseObject({
  districtCode: z.string(),
  rules: z.looseObject({
    ratingBands: z.record(z.string(), z.number()),
    catalogue: z.looseObject({ minRating: z.number(), ventureMinScore: z.number() }),
    residentFeedback: z.looseObject({ minCount: z.number(), weightPercent: z.number() }),
  }),
  source: rulesSource,
});

const scores = z.looseObject({
  serviceCapacity: z.number(),
  efficiency: z.number(),
  compliance: z.number(),
  benefit: z.number(),
});

export const currentEvaluationAnswer = z.looseObject({
  organizationId: z.string(),
  /** null: no valid evaluation round. */
  evaluation: z
    .looseObject({
      round: z.string(),
      evaluator: z.string(),
      validFrom: z.string(),
      validUntil: z.string(),
      recorded: z.looseObject({ scores, rating: z.string().nullable() }),
      scores,
      mean: z.number(),
      rating: z.string().nullable(),
      socialBenefit: z.looseObject({
        score: z.number(),
        evaluatorScore: z.number(),
        residents: z.looseObject({
          count: z.number(),
          average: z.number().nullable(),
          score: z.number().nullable(),
          counted: z.boolean(),
          minCount: z.number(),
          weightPercent: z.number(),
        }),
        formula: z.string(),
        reason: z.string(),
        sources: z.array(
          z.object({
            feedbackId: z.string(),
            subjectKind: z.string(),
            subjectId: z.string(),
            rating: z.number(),
            at: z.string(),
          }),
        ),
      }),
    })
    .nullable(),
  rules: z.looseObject({ ratingBands: z.record(z.string(), z.number()), source: rulesSource }),
});
