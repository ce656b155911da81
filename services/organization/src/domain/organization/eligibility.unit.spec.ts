import { describe, expect, it } from 'vitest';
import { eligibility } from './eligibility.ts';
import type { OrganizationEvent } from './events.ts';
import { applied, approved, report } from './fixtures.ts';
import { evolve, initialState } from './state.ts';

const now = new Date('2026-11-27T00:00:00Z');
const rules = { minRating: 3 };
const evaluated = (rating: '2A' | '4A'): OrganizationEvent => ({
  type: 'EvaluationRecorded',
  payload: {
    round: '2025',
    scores: { serviceCapacity: 80, efficiency: 80, compliance: 80, benefit: 80 },
    rating,
    evaluator: 'eval-co',
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2031-01-01T00:00:00.000Z',
  },
});
const good = [
  applied(),
  approved(),
  report(2024, '2025-05-01T00:00:00.000Z'),
  report(2025, '2026-05-01T00:00:00.000Z'),
  evaluated('4A'),
];
const of = (events: OrganizationEvent[]) => eligibility(events.reduce(evolve, initialState()), now, rules);
const failed = (events: OrganizationEvent[]) =>
  of(events)
    .checks.filter((c) => !c.passed)
    .map((c) => c.rule);

describe('the eligible-organization catalogue rules', () => {
  it('lets in a registered, active, 4A organization with clean credit and its reports filed', () => {
    expect(of(good)).toEqual(expect.objectContaining({ eligible: true }));
  });

  it('keeps out an organization rated below the threshold, saying why', () => {
    const r = of([...good.slice(0, 4), evaluated('2A')]);
    expect(r.eligible).toBe(false);
    expect(r.checks.find((c) => c.rule === 'rating')?.reason).toBe('current rating 2A, at least 3A required');
  });

  it('keeps out an organization on the serious-violation list', () => {
    const serious: OrganizationEvent = {
      type: 'CreditRecordAdded',
      payload: {
        recordId: 'r1',
        polarity: 'negative',
        serious: true,
        source: 'court',
        date: '2026-01-01',
        description: 'fraud',
      },
    };
    expect(failed([...good, serious])).toEqual(['credit']);
  });

  it('keeps out an organization with a missing annual report, naming the year', () => {
    const r = of([applied(), approved(), report(2024, '2025-05-01T00:00:00.000Z'), evaluated('4A')]);
    expect(r.checks.find((c) => c.rule === 'annual_reports')?.reason).toBe('reports missing for 2025');
  });

  it('keeps out an organization that is only applying, or on the abnormal list', () => {
    expect(failed([applied()])).toContain('registered');
    const abnormal: OrganizationEvent = {
      type: 'MarkedAbnormal',
      payload: { at: '2026-07-01T00:00:00.000Z', reason: 'no_activity' },
    };
    expect(failed([...good, abnormal])).toEqual(['active']);
  });
});
