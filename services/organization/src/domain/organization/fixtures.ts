import type { OrganizationEvent } from './events.ts';

/** Events for the domain's unit tests. */
export const place = { districtCode: '110105', streetCode: '110105001', communityCode: '110105001001' };
export const sealed = { personId: 'org-1:legal-rep', iv: 'iv', data: 'data', tag: 'tag' };

export const applied = (
  category: 'science_technology' | 'education' = 'science_technology',
): OrganizationEvent => ({
  type: 'ApplicationSubmitted',
  payload: {
    organizationId: 'org-1',
    name: 'Sunshine Elderly Care',
    category,
    kind: 'social_service_agency',
    field: 'elderly',
    place,
    creditCode: '91350100M000100Y43',
    legalRepresentative: sealed,
    route: category === 'science_technology' ? 'direct' : 'supervisor',
  },
});
export const approved = (at = '2024-03-01T00:00:00.000Z'): OrganizationEvent => ({
  type: 'RegistrationApproved',
  payload: { at },
});
export const report = (year: number, at: string): OrganizationEvent => ({
  type: 'AnnualReportFiled',
  payload: { year, summary: 'services delivered', at },
});
