import { describe, it } from 'vitest';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { IllegalStateError, ValidationError } from '@fivesoc/service-kit';
import { organizationDecider } from './decider.ts';
import { applied, approved, place, sealed } from './fixtures.ts';

const now = new Date('2024-03-01T00:00:00Z');
const spec = deciderSpec(organizationDecider, { now });
const application = (category: 'science_technology' | 'education', creditCode = '91350100M000100Y43') => ({
  kind: 'submitApplication' as const,
  organizationId: 'org-1',
  name: 'Sunshine Elderly Care',
  category,
  orgKind: 'social_service_agency' as const,
  field: 'elderly' as const,
  place,
  creditCode,
  legalRepresentative: sealed,
});

describe('registration: ways in', () => {
  it('routes the four direct categories straight to the authority, the others through the supervisor', () => {
    spec
      .given([])
      .when(application('science_technology'))
      .then([applied('science_technology')]);
    spec
      .given([])
      .when(application('education'))
      .then([applied('education')]);
  });

  it('refuses an application with an invalid credit code', () => {
    spec.given([]).when(application('education', '91350100M000100Y44')).thenThrows(ValidationError);
  });

  it('approves a direct category at once', () => {
    spec
      .given([applied()])
      .when({ kind: 'approve' })
      .then([approved(now.toISOString())]);
  });

  it('refuses approval of a supervised category before the supervisor pre-approves', () => {
    spec
      .given([applied('education')])
      .when({ kind: 'approve' })
      .thenThrows(/must pre-approve/);
    spec
      .given([applied('education'), { type: 'SupervisorPreApproved', payload: { supervisor: 'edu-bureau' } }])
      .when({ kind: 'approve' })
      .then([approved(now.toISOString())]);
  });

  it('refuses a pre-approval for a direct category', () => {
    spec
      .given([applied()])
      .when({ kind: 'preApprove', supervisor: 's' })
      .thenThrows(/registered directly/);
  });

  it('rejects with a reason, after which nothing can be approved', () => {
    spec
      .given([applied()])
      .when({ kind: 'reject', reason: 'name taken' })
      .then([{ type: 'RegistrationRejected', payload: { reason: 'name taken' } }]);
    spec
      .given([applied(), { type: 'RegistrationRejected', payload: { reason: 'x' } }])
      .when({ kind: 'approve' })
      .thenThrows(IllegalStateError);
  });

  it('files a community social organization at street level', () => {
    spec
      .given([])
      .when({
        kind: 'fileCommunityOrganization',
        organizationId: 'c-1',
        name: 'Chess club',
        field: 'culture',
        place,
        legalRepresentative: sealed,
      })
      .then([
        {
          type: 'CommunityOrganizationFiled',
          payload: {
            organizationId: 'c-1',
            name: 'Chess club',
            field: 'culture',
            place,
            legalRepresentative: sealed,
            at: now.toISOString(),
          },
        },
      ]);
  });
});
