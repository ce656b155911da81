import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { defaultRules, rulesDecider } from '../rules/rules.ts';
import { residentsScoreOf, socialBenefit, type ResidentRating } from './assessment.ts';
import { ratingOf } from './evaluation.ts';

const ratings = (...xs: number[]): ResidentRating[] =>
  xs.map((rating, i) => ({
    feedbackId: `feedback-case-c1-p${i}`,
    subjectKind: 'case',
    subjectId: 'c1',
    rating,
    at: '2026-01-01T00:00:00.000Z',
  }));
const rules = { minCount: 3, weightPercent: 40 };

describe('the social benefit fed by residents’ ratings', () => {
  it('maps the average rating 1–5 onto 0–100', () => {
    expect([1, 2, 3, 4.5, 5].map(residentsScoreOf)).toEqual([0, 25, 50, 88, 100]);
  });

  it('keeps the evaluator’s score below the minimum count, and blends by the weight from it on', () => {
    expect(socialBenefit(70, ratings(5, 5), rules)).toMatchObject({
      score: 70,
      residents: { count: 2, average: 5, score: 100, counted: false },
    });
    const b = socialBenefit(70, ratings(5, 4, 3), rules);
    expect(b).toMatchObject({ score: 72, residents: { count: 3, average: 4, score: 75, counted: true } });
    expect(b.reason).toBe('3 residents’ ratings, average 4 → 75; 60% evaluator 70 + 40% residents 75 = 72');
    expect(b.sources).toHaveLength(3);
  });

  it('rates by the bands given, the default ones otherwise', () => {
    const s = { serviceCapacity: 75, efficiency: 75, compliance: 75, benefit: 75 };
    expect(ratingOf(s)).toBe('3A');
    expect(ratingOf(s, { '1A': 40, '2A': 50, '3A': 60, '4A': 70, '5A': 75 })).toBe('5A');
  });
});

describe('local organization rules', () => {
  const spec = deciderSpec(rulesDecider, { now: new Date('2026-05-01T00:00:00Z') });
  const r = defaultRules(3);
  const set = {
    type: 'OrganizationRulesSet' as const,
    payload: { districtCode: '110105', rules: r, setBy: 'a' },
  };
  it('sets rules as a version, and the same rules again as none', () => {
    spec.given([]).when({ kind: 'set', districtCode: '110105', rules: r, setBy: 'a' }).then([set]);
    spec.given([set]).when({ kind: 'set', districtCode: '110105', rules: r, setBy: 'b' }).then([]);
  });
});
