import { describe, expect, it } from 'vitest';
import type { OrganizationDoc } from '../collections.ts';
import type { Fields } from './apply.ts';
import { creditStandingOf, withDerived } from './organization.ts';

const org: Fields<OrganizationDoc> = {
  organizationId: 'o',
  name: 'Org',
  districtCode: '330102',
  streetCode: '330102001',
  communityCode: '330102001001',
  category: null,
  kind: null,
  field: 'elderly',
  registration: 'registered',
  activity: 'normal',
  hub: false,
  rating: '3A',
  ratingValidUntil: '2030-12-31',
  credit: [],
  creditStanding: 'good',
  eligible: false,
};
const negative = (serious: boolean, revoked = false) => ({
  recordId: 'r',
  polarity: 'negative' as const,
  serious,
  revoked,
});

describe('organization standing', () => {
  it('is blacklisted by a live serious record, warned by a live negative one, cleared by revocation', () => {
    expect(creditStandingOf([negative(true)])).toBe('serious');
    expect(creditStandingOf([negative(false)])).toBe('negative');
    expect(creditStandingOf([negative(true, true)])).toBe('good');
  });

  it('is eligible only registered, active, rated 3A or better and not blacklisted', () => {
    expect(withDerived(org).eligible).toBe(true);
    expect(withDerived({ ...org, rating: '2A' }).eligible).toBe(false);
    expect(withDerived({ ...org, rating: null }).eligible).toBe(false);
    expect(withDerived({ ...org, registration: 'filed' }).eligible).toBe(false);
    expect(withDerived({ ...org, activity: 'abnormal' }).eligible).toBe(false);
    expect(withDerived({ ...org, credit: [negative(true)] })).toMatchObject({
      eligible: false,
      creditStanding: 'serious',
    });
  });
});
