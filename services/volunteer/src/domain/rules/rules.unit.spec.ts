import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { standingOf } from '../ledger/standing.ts';
import type { LedgerState } from '../ledger/decider.ts';
import { DEFAULT_VOLUNTEER_RULES, rulesDecider, volunteerRulesSchema } from './rules.ts';

const spec = deciderSpec(rulesDecider, { now: new Date('2026-05-01T00:00:00Z') });
const local = { starThresholds: [50, 150, 300, 600, 1000, 2000], countedNatures: ['voluntary' as const] };
const set = { type: 'VolunteerRulesSet' as const, payload: { districtCode: 'd1', rules: local, setBy: 'a' } };

describe('local volunteer rules', () => {
  it('sets new rules as a version and ignores the same rules again', () => {
    spec.given([]).when({ kind: 'set', districtCode: 'd1', rules: local, setBy: 'a' }).then([set]);
    spec.given([set]).when({ kind: 'set', districtCode: 'd1', rules: local, setBy: 'b' }).then([]);
  });

  it('refuses thresholds that do not rise', () => {
    const r = volunteerRulesSchema.safeParse({ starThresholds: [10, 10], countedNatures: ['voluntary'] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['starThresholds']);
  });

  it('gives stars by the thresholds in force and leaves out hours of a nature that does not count', () => {
    const at = '2026-01-01T00:00:00Z';
    const entry = (entryId: string, minutes: number, nature?: 'work_duty') => ({
      kind: 'service' as const,
      entryId,
      taskId: 't',
      minutes,
      recordedAt: at,
      recordedBy: 'o',
      confirmedAt: at,
      ...(nature ? { nature } : {}),
    });
    const state: LedgerState = { entries: [entry('h1', 60 * 120), entry('h2', 60 * 200, 'work_duty')] };
    const now = new Date('2026-05-01T00:00:00Z');
    expect(standingOf(state, now, 7)).toMatchObject({ starLevel: 1, confirmedHours: 120 });
    expect(standingOf(state, now, 7, local)).toMatchObject({ starLevel: 1, notCountedMinutes: 12_000 });
    const both = { ...local, countedNatures: ['voluntary' as const, 'work_duty' as const] };
    expect(standingOf(state, now, 7, both)).toMatchObject({ starLevel: 3, confirmedHours: 320 });
    expect(DEFAULT_VOLUNTEER_RULES.starThresholds).toEqual([100, 300, 600, 1000, 1500]);
  });
});
