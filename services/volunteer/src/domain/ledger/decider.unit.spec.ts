import { describe, expect, it } from 'vitest';
import { IllegalStateError, NotFoundError, ValidationError } from '@fivesoc/service-kit';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { fold } from '@fivesoc/eventing';
import { ledgerDecider } from './decider.ts';
import type { LedgerEvent } from './events.ts';
import { standingOf, starLevelOf } from './standing.ts';

const now = new Date('2026-12-10T00:00:00Z');
const spec = deciderSpec(ledgerDecider, { now });
const recorded = (n: number, minutes: number, recordedAt = '2026-12-09T00:00:00.000Z'): LedgerEvent => ({
  type: 'HoursRecorded',
  payload: { entryId: `h${n}`, taskId: 't1', minutes, recordedAt, recordedBy: 'org-1' },
});

describe('the service-hours ledger', () => {
  it('numbers entries in order and records the time of recording', () => {
    spec
      .given([recorded(1, 60)])
      .when({
        kind: 'record',
        taskId: 't2',
        minutes: 90,
        recordedBy: 'org-1',
        windowMinutes: 120,
        startAt: '2026-12-09T01:00:00.000Z',
      })
      .then([
        {
          type: 'HoursRecorded',
          payload: {
            entryId: 'h2',
            taskId: 't2',
            minutes: 90,
            recordedAt: now.toISOString(),
            recordedBy: 'org-1',
          },
        },
      ]);
  });
  it('refuses more minutes on a task than the task runs, counting only unreversed entries', () => {
    const record = {
      kind: 'record',
      taskId: 't1',
      recordedBy: 'org-1',
      windowMinutes: 120,
      startAt: '2026-12-09T01:00:00.000Z',
    } as const;
    spec
      .given([recorded(1, 60), recorded(2, 45)])
      .when({ ...record, minutes: 30 })
      .thenThrows(ValidationError);
    spec
      .given([recorded(1, 60), recorded(2, 45)])
      .when({ ...record, minutes: 15 })
      .then([
        {
          type: 'HoursRecorded',
          payload: {
            entryId: 'h3',
            taskId: 't1',
            minutes: 15,
            recordedAt: now.toISOString(),
            recordedBy: 'org-1',
          },
        },
      ]);
  });
  it('refuses hours on a task before its start (a task two weeks ahead earns nothing yet)', () => {
    spec
      .given([])
      .when({
        kind: 'record',
        taskId: 't9',
        minutes: 120,
        recordedBy: 'org-1',
        windowMinutes: 120,
        startAt: '2026-12-24T01:00:00.000Z',
      })
      .thenThrows(/not started/);
  });
  it('corrects by a reversing entry, never by an edit, and reverses once', () => {
    const reversal: LedgerEvent = {
      type: 'HoursReversed',
      payload: {
        entryId: 'h2',
        reversesEntryId: 'h1',
        minutes: 60,
        reason: '记错',
        recordedAt: now.toISOString(),
        recordedBy: 'org-1',
      },
    };
    spec
      .given([recorded(1, 60)])
      .when({ kind: 'reverse', entryId: 'h1', reason: '记错', recordedBy: 'org-1' })
      .then([reversal]);
    spec
      .given([recorded(1, 60), reversal])
      .when({ kind: 'reverse', entryId: 'h1', reason: 'x', recordedBy: 'o' })
      .thenThrows(/reversed/);
    spec
      .given([recorded(1, 60), reversal])
      .when({ kind: 'confirm', entryId: 'h2' })
      .thenThrows(IllegalStateError);
  });
  it('confirms an entry once and refuses an unknown one', () => {
    const confirmed: LedgerEvent = {
      type: 'HoursConfirmed',
      payload: { entryId: 'h1', confirmedAt: now.toISOString() },
    };
    spec
      .given([recorded(1, 60)])
      .when({ kind: 'confirm', entryId: 'h1' })
      .then([confirmed]);
    spec
      .given([recorded(1, 60), confirmed])
      .when({ kind: 'confirm', entryId: 'h1' })
      .then([]);
    spec.given([]).when({ kind: 'confirm', entryId: 'h9' }).thenThrows(NotFoundError);
  });
  it('counts confirmed and auto-confirmed entries, not pending or reversed ones', () => {
    const state = fold(ledgerDecider, [
      recorded(1, 120),
      { type: 'HoursConfirmed', payload: { entryId: 'h1', confirmedAt: now.toISOString() } },
      recorded(2, 60, '2026-12-01T00:00:00.000Z'), // older than 7 days: auto-confirmed
      recorded(3, 30), // pending
      recorded(4, 600),
      {
        type: 'HoursReversed',
        payload: {
          entryId: 'h5',
          reversesEntryId: 'h4',
          minutes: 600,
          reason: 'x',
          recordedAt: now.toISOString(),
          recordedBy: 'o',
        },
      },
    ]);
    const s = standingOf(state, now, 7);
    expect(s.counted.map((e) => e.entryId)).toEqual(['h1', 'h2']);
    expect(s.counted[1]?.effectiveConfirmedAt).toBe('2026-12-08T00:00:00.000Z');
    expect(s).toMatchObject({ confirmedMinutes: 180, pendingMinutes: 30, confirmedHours: 3, starLevel: 0 });
  });
  it('gives star levels at 100, 300, 600, 1000 and 1500 hours', () => {
    expect([99.9, 100, 299, 300, 600, 999, 1000, 1500, 5000].map(starLevelOf)).toEqual([
      0, 1, 1, 2, 3, 3, 4, 5, 5,
    ]);
  });
});
