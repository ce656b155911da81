import type { EventEnvelope } from '@fivesoc/eventing';
import type { CreditEntry, OrganizationDoc, ReadModelCollections } from '../collections.ts';
import { organizationContract as c } from '../contracts/organization.ts';
import { payloadOf } from '../contracts/shared.ts';
import { fold, type Fields, type Handlers } from './apply.ts';

type Org = Fields<OrganizationDoc>;

/** Lowest rating (1A … 5A) for the catalogue of organizations eligible for government purchase. */
export const MIN_CATALOGUE_RATING = 3;

export const creditStandingOf = (credit: CreditEntry[]): Org['creditStanding'] => {
  const live = credit.filter((r) => !r.revoked && r.polarity === 'negative');
  return live.some((r) => r.serious) ? 'serious' : live.length > 0 ? 'negative' : 'good';
};

/**
 * Eligibility from what the events say, without the clock (so a rebuild gives the same answer):
 * registered, on no abnormal list, rated at least 3A, not on the serious-violation list. Rating validity
 * dates are kept (`ratingValidUntil`) for the matcher to check against the time of the match.
 */
export const withDerived = (o: Org): Org => {
  const creditStanding = creditStandingOf(o.credit);
  const level = o.rating ? Number(o.rating[0]) : 0;
  const eligible =
    o.registration === 'registered' &&
    o.activity === 'normal' &&
    level >= MIN_CATALOGUE_RATING &&
    creditStanding !== 'serious';
  return { ...o, creditStanding, eligible };
};

const base = (p: {
  organizationId: string;
  name: string;
  field: string;
  place: { districtCode: string; streetCode: string; communityCode: string };
}): Omit<Org, 'registration' | 'category' | 'kind'> => ({
  organizationId: p.organizationId,
  name: p.name,
  field: p.field,
  ...p.place,
  activity: 'normal',
  hub: false,
  rating: null,
  ratingValidUntil: null,
  credit: [],
  creditStanding: 'good',
  eligible: false,
});

/** Organizations with field, registration and activity status, rating, credit standing and eligibility. */
export function organizationHandlers(m: ReadModelCollections): Handlers {
  const org = (e: EventEnvelope, step: (o: Org) => Org) =>
    fold(m.organizations, e, (o) => o && withDerived(step(o)));
  const set = (change: Partial<Org>) => (e: EventEnvelope) => {
    payloadOf(c.RegistrationApproved, e);
    return org(e, (o) => ({ ...o, ...change }));
  };
  return {
    ApplicationSubmitted: (e) => {
      const p = payloadOf(c.ApplicationSubmitted, e);
      return fold(m.organizations, e, () =>
        withDerived({ ...base(p), category: p.category, kind: p.kind, registration: 'applied' }),
      );
    },
    CommunityOrganizationFiled: (e) => {
      const p = payloadOf(c.CommunityOrganizationFiled, e);
      return fold(m.organizations, e, () =>
        withDerived({ ...base(p), category: null, kind: null, registration: 'filed' }),
      );
    },
    SupervisorPreApproved: set({ registration: 'pre_approved' }),
    RegistrationApproved: set({ registration: 'registered' }),
    RegistrationRejected: set({ registration: 'rejected' }),
    MarkedAbnormal: set({ activity: 'abnormal' }),
    FlaggedZombie: set({ activity: 'zombie' }),
    ExitNoticeIssued: set({ activity: 'exit_notice' }),
    OrganizationExited: set({ activity: 'exited' }),
    ActivityRestored: set({ activity: 'normal' }),
    HubDesignated: set({ hub: true }),
    CreditRecordAdded: (e) => {
      const p = payloadOf(c.CreditRecordAdded, e);
      const record = { recordId: p.recordId, polarity: p.polarity, serious: p.serious, revoked: false };
      return org(e, (o) => ({
        ...o,
        credit: [...o.credit.filter((r) => r.recordId !== p.recordId), record],
      }));
    },
    CreditRecordRevoked: (e) => {
      const p = payloadOf(c.CreditRecordRevoked, e);
      return org(e, (o) => ({
        ...o,
        credit: o.credit.map((r) => (r.recordId === p.recordId ? { ...r, revoked: true } : r)),
      }));
    },
    EvaluationRecorded: (e) => {
      const p = payloadOf(c.EvaluationRecorded, e);
      return org(e, (o) => ({ ...o, rating: p.rating, ratingValidUntil: p.validUntil }));
    },
  };
}
