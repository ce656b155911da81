import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { organizationDecider } from './decider.ts';
import { currentEvaluation, ratingOf } from './evaluation.ts';
import { applied, approved } from './fixtures.ts';

const scores = (v: number) => ({ serviceCapacity: v, efficiency: v, compliance: v, benefit: v });

describe('evaluation ratings', () => {
  it('rates 5A at a mean of 90 and above down to 1A at 50, none below', () => {
    expect(ratingOf(scores(95))).toBe('5A');
    expect(ratingOf({ serviceCapacity: 80, efficiency: 80, compliance: 79, benefit: 81 })).toBe('4A');
    expect(ratingOf(scores(70))).toBe('3A');
    expect(ratingOf(scores(60))).toBe('2A');
    expect(ratingOf(scores(50))).toBe('1A');
    expect(ratingOf(scores(49))).toBeNull();
  });

  it('records the evaluator, the rating and the valid period', () => {
    deciderSpec(organizationDecider, { now: new Date('2026-01-01T00:00:00Z') })
      .given([applied(), approved()])
      .when({
        kind: 'recordEvaluation',
        round: '2025',
        scores: scores(85),
        evaluator: 'eval-co',
        validYears: 5,
      })
      .then([
        {
          type: 'EvaluationRecorded',
          payload: {
            round: '2025',
            scores: scores(85),
            rating: '4A',
            evaluator: 'eval-co',
            validFrom: '2026-01-01T00:00:00.000Z',
            validUntil: '2031-01-01T00:00:00.000Z',
          },
        },
      ]);
  });

  it('counts an evaluation only within its valid period', () => {
    const e = {
      round: 'r',
      scores: scores(90),
      rating: '5A' as const,
      evaluator: 'x',
      validFrom: '2020-01-01T00:00:00Z',
      validUntil: '2025-01-01T00:00:00Z',
    };
    expect(currentEvaluation([e], new Date('2024-12-31T00:00:00Z'))).toBe(e);
    expect(currentEvaluation([e], new Date('2025-01-01T00:00:00Z'))).toBeUndefined();
  });
});
