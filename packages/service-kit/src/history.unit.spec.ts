import { describe, expect, it } from 'vitest';
import { historyOf, inWords } from './history.ts';

const event = (v: number, type: string, metadata: Record<string, string> = {}) => ({
  type,
  streamVersion: v,
  occurredAt: `2026-12-0${v}T08:00:00.000Z`,
  metadata,
});

describe('a record’s history', () => {
  it('puts an event type in words', () => {
    expect(inWords('ApplicationSubmitted')).toBe('application submitted');
    expect(inWords('PIIErased')).toBe('pii erased');
    expect(inWords('Case2Opened')).toBe('case2 opened');
  });

  it('lists each event with its actor, roles, command and time, oldest first, paged by version', () => {
    const events = [
      event(1, 'NeedReported', {
        actor: 'staff-1',
        roles: 'community_staff',
        command: 'POST /v1/needs',
        correlationId: 'req-1',
      }),
      event(2, 'NeedUpdated', { actor: 'staff-2', roles: 'community_staff,street_admin' }),
      event(3, 'NeedWithdrawn', { actor: 'system:scheduler' }),
    ];
    const first = historyOf(events, { after: 0, limit: 2 });
    expect(first).toEqual({
      entries: [
        {
          version: 1,
          type: 'NeedReported',
          words: 'need reported',
          at: '2026-12-01T08:00:00.000Z',
          actor: 'staff-1',
          roles: ['community_staff'],
          command: 'POST /v1/needs',
          correlationId: 'req-1',
        },
        {
          version: 2,
          type: 'NeedUpdated',
          words: 'need updated',
          at: '2026-12-02T08:00:00.000Z',
          actor: 'staff-2',
          roles: ['community_staff', 'street_admin'],
        },
      ],
      nextAfter: 2,
    });
    expect(historyOf(events, { after: first.nextAfter!, limit: 2 })).toEqual({
      entries: [
        {
          version: 3,
          type: 'NeedWithdrawn',
          words: 'need withdrawn',
          at: '2026-12-03T08:00:00.000Z',
          actor: 'system:scheduler',
          roles: [],
        },
      ],
    });
  });
});
