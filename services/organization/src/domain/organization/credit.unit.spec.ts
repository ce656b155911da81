import { describe, expect, it } from 'vitest';
import { creditStanding } from './credit.ts';
import type { CreditRecord } from './events.ts';

const now = new Date('2026-11-27T00:00:00Z');
const rec = (polarity: 'positive' | 'negative', date: string, serious = false): CreditRecord => ({
  recordId: `r-${date}`,
  polarity,
  serious,
  source: 'district civil affairs bureau',
  date,
  description: 'd',
});

describe('credit standing derived from the archive', () => {
  it('is good with no records or only positive ones', () => {
    expect(creditStanding([], now)).toBe('good');
    expect(creditStanding([rec('positive', '2026-01-01')], now)).toBe('good');
  });

  it('is a warning while a negative record is under two years old, good after', () => {
    expect(creditStanding([rec('negative', '2025-06-01')], now)).toBe('warning');
    expect(creditStanding([rec('negative', '2024-06-01')], now)).toBe('good');
  });

  it('is not offset by positive records', () => {
    expect(creditStanding([rec('negative', '2026-01-01'), rec('positive', '2026-02-01')], now)).toBe(
      'warning',
    );
  });

  it('is serious once any serious violation is on record, however old', () => {
    expect(creditStanding([rec('negative', '2010-01-01', true)], now)).toBe('serious');
  });

  it('no longer counts a revoked record (credit repair)', () => {
    const revoked = { ...rec('negative', '2026-01-01', true), revokedReason: 'overturned' };
    expect(creditStanding([revoked], now)).toBe('good');
  });
});
