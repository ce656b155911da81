import { describe, it } from 'vitest';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { AlreadyExistsError, IllegalStateError } from '@fivesoc/service-kit';
import type { CreditRecord } from '../organization/events.ts';
import { place } from '../organization/fixtures.ts';
import { referralDecider, type OrganizationStanding } from './decider.ts';
import type { ReferralEvent } from './events.ts';

const at = '2026-11-27T00:00:00.000Z';
const spec = deciderSpec(referralDecider, { now: new Date(at) });
const ids = { referralId: 'ref-1', organizationId: 'org-1', caseId: 'case-1', itemId: 'item-1' };
const referral = { ...ids, field: 'elderly', place, startAt: '2026-12-01T00:00:00.000Z' };
const active: OrganizationStanding = {
  id: 'org-1',
  registration: 'registered',
  activity: 'normal',
  credit: [],
};
const serious: CreditRecord = {
  recordId: 'r1',
  polarity: 'negative',
  serious: true,
  source: 'civil affairs bureau',
  date: '2026-01-10',
  description: 'fraud',
};
const receive = (organization: OrganizationStanding = active) => ({
  kind: 'receive' as const,
  referral,
  organization,
});

const received: ReferralEvent = { type: 'ReferralReceived', payload: { ...referral, receivedAt: at } };
const accepted: ReferralEvent = { type: 'ReferralAccepted', payload: ids };
const declined: ReferralEvent = { type: 'ReferralDeclined', payload: { ...ids, reason: 'no capacity' } };
const cancelled: ReferralEvent = {
  type: 'ReferralCancelled',
  payload: { ...ids, reason: 'deadline passed' },
};

describe('referrals', () => {
  it('receives a referral for a registered or filed organization in normal activity', () => {
    spec.given([]).when(receive()).then([received]);
    spec
      .given([])
      .when(receive({ ...active, registration: 'filed' }))
      .then([received]);
  });

  it('refuses an organization that is not registered or filed, not in normal activity, or blacklisted', () => {
    spec
      .given([])
      .when(receive({ ...active, registration: 'applied' }))
      .thenThrows(/not registered or filed \(applied\)/);
    for (const activity of ['abnormal', 'zombie', 'exit_notice', 'exited'] as const)
      spec
        .given([])
        .when(receive({ ...active, activity }))
        .thenThrows(new RegExp(`not in normal activity \\(${activity}\\)`));
    spec
      .given([])
      .when(receive({ ...active, credit: [serious] }))
      .thenThrows(/serious-violation list/);
    spec
      .given([])
      .when(receive({ ...active, credit: [{ ...serious, revokedReason: 'credit repaired' }] }))
      .then([received]);
    spec
      .given([])
      .when(receive({ ...active, credit: [{ ...serious, serious: false }] }))
      .then([received]);
  });

  it('refuses a second referral with the same id', () => {
    spec.given([received]).when(receive()).thenThrows(AlreadyExistsError);
  });

  it('lets the organization accept or decline a received referral, and the referrer cancel it', () => {
    spec.given([received]).when({ kind: 'accept' }).then([accepted]);
    spec.given([received]).when({ kind: 'decline', reason: 'no capacity' }).then([declined]);
    spec.given([received]).when({ kind: 'cancel', reason: 'deadline passed' }).then([cancelled]);
  });

  it('treats the same answer twice as a no-op', () => {
    spec.given([received, accepted]).when({ kind: 'accept' }).then([]);
    spec.given([received, declined]).when({ kind: 'decline', reason: 'other words' }).then([]);
    spec.given([received, cancelled]).when({ kind: 'cancel', reason: 'again' }).then([]);
  });

  it('refuses a different answer once a referral is closed', () => {
    spec
      .given([received, cancelled])
      .when({ kind: 'accept' })
      .thenThrows(/can be accepted; this one is cancelled/);
    spec.given([received, accepted]).when({ kind: 'decline', reason: 'r' }).thenThrows(IllegalStateError);
    spec
      .given([received, declined])
      .when({ kind: 'cancel', reason: 'r' })
      .thenThrows(/this one is declined/);
    // An accepted referral can still be withdrawn by the referrer (its case closed).
    spec
      .given([received, accepted])
      .when({ kind: 'cancel', reason: 'r' })
      .then([{ ...cancelled, payload: { ...cancelled.payload, reason: 'r' } }]);
    spec
      .given([])
      .when({ kind: 'accept' })
      .thenThrows(/never received/);
  });
});
