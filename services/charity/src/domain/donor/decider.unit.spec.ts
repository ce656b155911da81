import { describe, it } from 'vitest';
import { IllegalStateError, ValidationError } from '@fivesoc/service-kit';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { donorDecider } from './decider.ts';
import type { DonorEvent, DonorRegisteredPayload } from './events.ts';

const spec = deciderSpec(donorDecider, { now: new Date('2026-11-27T09:00:00Z') });
const sealed = { personId: 'p1', iv: 'aXY=', data: 'ZGF0YQ==', tag: 'dGFn' };
const person: DonorRegisteredPayload = {
  donorId: 'p1',
  kind: 'person',
  personal: sealed,
  disclosureConsent: false,
  districtCode: '110105',
};
const registered: DonorEvent = { type: 'DonorRegistered', payload: person };

describe('a donor', () => {
  it('registers a person by sealed data only, never by a name in clear', () => {
    spec.given([]).when({ kind: 'register', donor: person }).then([registered]);
    spec
      .given([])
      .when({ kind: 'register', donor: { ...person, name: '张三' } })
      .thenThrows(ValidationError);
    spec.given([registered]).when({ kind: 'register', donor: person }).thenThrows(IllegalStateError);
  });

  it('registers an enterprise by name and credit code', () => {
    const enterprise: DonorRegisteredPayload = {
      donorId: 'e1',
      kind: 'enterprise',
      name: '某公司',
      disclosureConsent: true,
      districtCode: '110105',
    };
    spec
      .given([])
      .when({ kind: 'register', donor: enterprise })
      .thenThrows(/credit code/);
    spec
      .given([])
      .when({ kind: 'register', donor: { ...enterprise, creditCode: '91110105MA01ABCD26' } })
      .then([{ type: 'DonorRegistered', payload: { ...enterprise, creditCode: '91110105MA01ABCD26' } }]);
  });

  it('records a change of disclosure consent, and nothing when it does not change', () => {
    spec
      .given([registered])
      .when({ kind: 'setDisclosureConsent', disclosureConsent: true })
      .then([{ type: 'DisclosureConsentChanged', payload: { donorId: 'p1', disclosureConsent: true } }]);
    spec.given([registered]).when({ kind: 'setDisclosureConsent', disclosureConsent: false }).then([]);
  });
});
