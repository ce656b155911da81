import { describe, expect, it } from 'vitest';
import { streetAt } from './history.ts';

const events = [
  {
    type: 'CommunityRegistered' as const,
    occurredAt: '2026-01-01T00:00:00.000Z',
    payload: { districtCode: '330102', streetCode: '330102001', communityCode: '330102001001', name: 'C' },
  },
  {
    type: 'CommunityMoved' as const,
    occurredAt: '2026-06-01T00:00:00.000Z',
    payload: {
      communityCode: '330102001001',
      districtCode: '330102',
      fromStreetCode: '330102001',
      toStreetCode: '330102002',
    },
  },
];

describe('which street a community was under on a date', () => {
  it('answers from the registration and each dated move', () => {
    expect(streetAt(events, new Date('2025-12-31T00:00:00Z'))).toBeUndefined();
    expect(streetAt(events, new Date('2026-03-01T00:00:00Z'))?.streetCode).toBe('330102001');
    expect(streetAt(events, new Date('2026-06-01T00:00:00Z'))?.streetCode).toBe('330102002');
  });
});
