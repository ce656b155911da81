import { describe, it } from 'vitest';
import { IllegalStateError, NotFoundError, ValidationError } from '@fivesoc/service-kit';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { needDecider, type NeedCommand, type NeedEvent } from './decider.ts';

const spec = deciderSpec(needDecider, { now: new Date('2026-11-27T10:00:00Z') });
const sealed = { personId: 'p1', iv: 'i', data: 'd', tag: 't' };
const place = { districtCode: '330102', streetCode: '330102001', communityCode: '330102001001' };
const consent = {
  given: true,
  givenBy: 'self' as const,
  at: '2026-11-27T09:00:00Z',
  scope: ['case_handling' as const],
};
const report: Extract<NeedCommand, { kind: 'report' }> = {
  kind: 'report',
  needId: 'n1',
  place,
  category: 'elder_care',
  urgency: 'high',
  people: [{ personId: 'p1', data: sealed }],
  consent,
  description: { ...sealed, personId: 'need-n1' },
};
const reported: NeedEvent = {
  type: 'NeedReported',
  payload: {
    needId: 'n1',
    ...place,
    category: 'elder_care',
    categoryListVersion: 1,
    urgency: 'high',
    people: report.people,
    consent,
    description: report.description,
  },
};

describe('a resident need', () => {
  it('is reported once, with the codes, category and urgency in the event', () => {
    spec.given([]).when(report).then([reported]);
    spec.given([reported]).when(report).thenThrows(IllegalStateError);
  });

  it('refuses to record people without their consent, and a consent dated in the future', () => {
    spec
      .given([])
      .when({ ...report, consent: { ...consent, given: false } })
      .thenThrows(/consent/);
    spec
      .given([])
      .when({ ...report, people: [], consent: { ...consent, given: false } })
      .then([
        { ...reported, payload: { ...reported.payload, people: [], consent: { ...consent, given: false } } },
      ]);
    spec
      .given([])
      .when({ ...report, consent: { ...consent, at: '2026-11-28T00:00:00Z' } })
      .thenThrows(ValidationError);
  });

  it('is updated while open, only with what changed', () => {
    spec
      .given([reported])
      .when({ kind: 'update', urgency: 'critical', category: 'elder_care' })
      .then([
        {
          type: 'NeedUpdated',
          payload: { needId: 'n1', ...place, categoryListVersion: 1, urgency: 'critical' },
        },
      ]);
    spec.given([reported]).when({ kind: 'update', urgency: 'high' }).then([]);
    spec.given([]).when({ kind: 'update', urgency: 'low' }).thenThrows(NotFoundError);
  });

  it('is withdrawn once; a withdrawn need no longer changes', () => {
    const withdrawn: NeedEvent = {
      type: 'NeedWithdrawn',
      payload: { needId: 'n1', ...place, reason: 'duplicate' },
    };
    spec.given([reported]).when({ kind: 'withdraw', reason: 'duplicate' }).then([withdrawn]);
    spec
      .given([reported, withdrawn])
      .when({ kind: 'withdraw', reason: 'duplicate' })
      .thenThrows(/withdrawn/);
    spec
      .given([reported, withdrawn])
      .when({ kind: 'update', urgency: 'low' })
      .thenThrows(/withdrawn/);
  });
});
