import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { organizationDecider } from './decider.ts';
import type { OrganizationEvent } from './events.ts';
import { applied, approved, report } from './fixtures.ts';
import { dueTransitions, type LifecycleConfig } from './lifecycle.ts';
import { evolve, initialState } from './state.ts';

const config: LifecycleConfig = {
  inactivityDays: 730,
  zombieAfterDays: 180,
  exitNoticeAfterDays: 30,
  exitDeadlineDays: 90,
};
const stateOf = (events: OrganizationEvent[]) => events.reduce(evolve, initialState());
// Registered 2024-03-01: the 2024 report is due by 2025-06-30, missing from 2025-07-01.
const registered = [applied(), approved()];
const abnormal: OrganizationEvent = {
  type: 'MarkedAbnormal',
  payload: { at: '2025-07-01T00:00:00.000Z', reason: 'missed_report', year: 2024 },
};
const zombie: OrganizationEvent = { type: 'FlaggedZombie', payload: { at: '2025-12-28T00:00:00.000Z' } };
const notice: OrganizationEvent = {
  type: 'ExitNoticeIssued',
  payload: { at: '2026-01-27T00:00:00.000Z', deadline: '2026-04-27T00:00:00.000Z' },
};
const exited: OrganizationEvent = { type: 'OrganizationExited', payload: { at: '2026-04-27T00:00:00.000Z' } };

describe('dueTransitions: abnormal list → zombie → ordered exit', () => {
  it('has nothing due while reports are on time', () => {
    expect(dueTransitions(stateOf(registered), new Date('2025-06-30T23:59:59Z'), config)).toEqual([]);
    const filed = stateOf([...registered, report(2024, '2025-05-01T00:00:00.000Z')]);
    expect(dueTransitions(filed, new Date('2026-06-30T00:00:00Z'), config)).toEqual([]);
  });

  it('puts an organization that missed its report on the abnormal list the day after the due date', () => {
    expect(dueTransitions(stateOf(registered), new Date('2025-07-01T00:00:00Z'), config)).toEqual([abnormal]);
  });

  it('flags a zombie after the further period, then issues the exit notice with its deadline', () => {
    expect(
      dueTransitions(stateOf([...registered, abnormal]), new Date('2025-12-28T00:00:00Z'), config),
    ).toEqual([zombie]);
    expect(
      dueTransitions(stateOf([...registered, abnormal, zombie]), new Date('2026-02-01T00:00:00Z'), config),
    ).toEqual([notice]);
  });

  it('catches up after downtime: a late run gives every step due since, each dated when it fell due', () => {
    expect(dueTransitions(stateOf(registered), new Date('2026-11-27T00:00:00Z'), config)).toEqual([
      abnormal,
      zombie,
      notice,
      exited,
    ]);
  });

  it('marks an organization abnormal for inactivity when that comes before a missed report', () => {
    const state = stateOf(registered);
    const lazy = { ...config, inactivityDays: 100 };
    expect(dueTransitions(state, new Date('2024-06-10T00:00:00Z'), lazy)).toEqual([
      { type: 'MarkedAbnormal', payload: { at: '2024-06-09T00:00:00.000Z', reason: 'no_activity' } },
    ]);
  });

  it('has nothing due for an organization that is not registered or has exited', () => {
    expect(dueTransitions(stateOf([applied()]), new Date('2030-01-01T00:00:00Z'), config)).toEqual([]);
    expect(
      dueTransitions(
        stateOf([...registered, abnormal, zombie, notice, exited]),
        new Date('2030-01-01T00:00:00Z'),
        config,
      ),
    ).toEqual([]);
  });
});

describe('recovery by reporting before the deadline', () => {
  const spec = deciderSpec(organizationDecider, { now: new Date('2026-03-01T00:00:00Z') });

  it('restores an organization under exit notice that files its missing report in time', () => {
    spec
      .given([...registered, abnormal, zombie, notice])
      .when({ kind: 'fileAnnualReport', year: 2024, summary: 'services delivered' })
      .then([
        report(2024, '2026-03-01T00:00:00.000Z'),
        { type: 'ActivityRestored', payload: { at: '2026-03-01T00:00:00.000Z' } },
      ]);
  });

  it('refuses the report once the deadline has passed', () => {
    deciderSpec(organizationDecider, { now: new Date('2026-04-28T00:00:00Z') })
      .given([...registered, abnormal, zombie, notice])
      .when({ kind: 'fileAnnualReport', year: 2024, summary: 's' })
      .thenThrows(/deadline .* has passed/);
  });

  it('refuses a second report for the same year and a report for the current year', () => {
    spec
      .given([...registered, report(2024, '2025-05-01T00:00:00.000Z')])
      .when({ kind: 'fileAnnualReport', year: 2024, summary: 's' })
      .thenThrows(/already filed/);
    spec
      .given(registered)
      .when({ kind: 'fileAnnualReport', year: 2026, summary: 's' })
      .thenThrows(/can be filed from 2027/);
  });
});
