import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { ledgerDecider } from './decider.ts';
import type { LedgerEvent } from './events.ts';
import { standingOf } from './standing.ts';

const now = new Date('2026-12-01T08:00:00.000Z');
const spec = deciderSpec(ledgerDecider, { now });
const opening: LedgerEvent = {
  type: 'OpeningBalanceMigrated',
  payload: {
    entryId: 'h1',
    minutes: 650 * 60,
    asOf: '2026-10-31T00:00:00.000Z',
    recordedAt: now.toISOString(),
    recordedBy: 'admin-1',
  },
};
const stateOf = (events: LedgerEvent[]) =>
  events.reduce((s, e) => ledgerDecider.evolve(s, e), ledgerDecider.initialState());

describe('opening balances migrated from an earlier registry', () => {
  it('records the confirmed hours as one opening entry', () => {
    spec
      .given([])
      .when({
        kind: 'migrateOpeningBalance',
        minutes: 650 * 60,
        asOf: '2026-10-31T00:00:00.000Z',
        recordedBy: 'admin-1',
      })
      .then([opening]);
  });

  it('counts them as confirmed hours, for the star level too, with the hours served here', () => {
    const served: LedgerEvent = {
      type: 'HoursRecorded',
      payload: {
        entryId: 'h2',
        taskId: 't-1',
        minutes: 60,
        recordedAt: '2026-11-01T00:00:00Z',
        recordedBy: 'o',
      },
    };
    const standing = standingOf(stateOf([opening, served]), now, 7);
    expect(standing).toMatchObject({ confirmedHours: 651, pendingMinutes: 0, starLevel: 3 });
    expect(standing.counted[0]).toMatchObject({
      entryId: 'h1',
      migrated: true,
      effectiveConfirmedAt: opening.payload.asOf,
    });
  });

  it('refuses a second opening balance and one dated in the future', () => {
    spec
      .given([opening])
      .when({ kind: 'migrateOpeningBalance', minutes: 60, asOf: '2026-10-31T00:00:00.000Z', recordedBy: 'a' })
      .thenThrows(/already has its opening balance/);
    spec
      .given([])
      .when({ kind: 'migrateOpeningBalance', minutes: 60, asOf: '2027-01-01T00:00:00.000Z', recordedBy: 'a' })
      .thenThrows(/hoursAsOf: is in the future/);
  });
});
