import { enterpriseCreditCode, organizationCreditCode, residentId, rng } from '@fivesoc/seed';
import type { Endpoints } from './endpoints.ts';

/** The place every record of the scenario sits in (区 → 街道 → 社区). */
export const PLACE = { districtCode: '330106', streetCode: '330106001', communityCode: '330106001001' };

export interface Scenario {
  workerId: string;
  /** A second worker on the street (family specialty), never ranked first for elder care: for transfers. */
  otherWorkerId: string;
  volunteerIds: string[];
  organizationIds: string[];
  donationIds: string[];
  /** Each donation's received amount, in fen. */
  received: number;
}

const everyDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:59' }));

/**
 * The people and resources of one community, made through the societies' own APIs: a worker covering it,
 * volunteers who care for the elderly, registered and rated elderly-care organizations, and received money.
 */
export async function loadScenario(
  sys: Endpoints,
  /** Hex digits that make this load's ids its own (the tree is shared: a second load finds it there). */
  suffix: string,
  opts: { volunteers: number; organizations: number; donations: number; received: number },
): Promise<Scenario> {
  const admin = await sys.token(['district_admin']);
  const r = rng(Number.parseInt(suffix, 16));
  await unit(sys, admin, '/v1/districts', { code: PLACE.districtCode, name: '西湖区' });
  await unit(sys, admin, '/v1/streets', {
    code: PLACE.streetCode,
    name: '北山街道',
    districtCode: PLACE.districtCode,
  });
  await unit(sys, admin, '/v1/communities', {
    code: PLACE.communityCode,
    name: '保俶社区',
    streetCode: PLACE.streetCode,
  });

  const workerId = `w-${suffix}`;
  await sys.ok('social-worker', 'POST', '/v1/workers', admin, {
    workerId,
    name: '陈静',
    phone: '13800000001',
    qualificationLevel: 'senior',
    certificateNumber: `ZJ${String(Number.parseInt(suffix, 16)).padStart(10, '0').slice(0, 12)}`,
    specialties: ['elderly', 'family'],
    employerId: 'org-employer',
    districtCode: PLACE.districtCode,
    streetCode: PLACE.streetCode,
    stationCode: `${PLACE.streetCode}-1`,
    coveredCommunityCodes: [PLACE.communityCode],
    maxCaseload: 5,
  });

  const otherWorkerId = `w2-${suffix}`;
  await sys.ok('social-worker', 'POST', '/v1/workers', admin, {
    workerId: otherWorkerId,
    name: '李明',
    phone: '13800000002',
    qualificationLevel: 'social_worker',
    certificateNumber: `ZK${String(Number.parseInt(suffix, 16)).padStart(10, '0').slice(0, 12)}`,
    specialties: ['family'],
    employerId: 'org-employer',
    districtCode: PLACE.districtCode,
    streetCode: PLACE.streetCode,
    stationCode: `${PLACE.streetCode}-2`,
    coveredCommunityCodes: [PLACE.communityCode],
    maxCaseload: 5,
  });

  const volunteerIds: string[] = [];
  for (let i = 0; i < opts.volunteers; i++) {
    const v = await sys.ok<{ id?: string; volunteerId?: string }>(
      'volunteer',
      'POST',
      '/v1/volunteers',
      admin,
      {
        name: `志愿者${i + 1}`,
        phone: `1390000000${i}`,
        idNumber: residentId(r),
        place: PLACE,
        skills: ['elder_care'],
        languages: ['zh'],
        availability: everyDay,
        serviceRadiusKm: 10,
        maxHoursPerWeek: 40,
      },
    );
    volunteerIds.push(v.volunteerId ?? v.id ?? '');
  }

  const organizationIds: string[] = [];
  const authority = await sys.token(['registration_authority']);
  const evaluator = await sys.token(['evaluator']);
  for (let i = 0; i < opts.organizations; i++) {
    const id = `o-${suffix}-${i + 1}`;
    const self = await sys.token(['organization'], id);
    await sys.ok('organization', 'POST', '/v1/organizations', self, {
      name: `西湖区为老服务中心${i + 1}`,
      category: 'urban_rural_community_service',
      kind: 'social_service_agency',
      field: 'elderly',
      creditCode: organizationCreditCode(Number.parseInt(suffix, 16) % 1000, i + 1),
      place: PLACE,
      legalRepresentative: { name: `负责人${i + 1}`, phone: `1370000000${i}` },
    });
    const found = await sys.ok<{ registration: string }>(
      'organization',
      'GET',
      `/v1/organizations/${id}`,
      admin,
    );
    if (found.registration === 'applied') {
      const supervisor = await sys.token(['supervisor']);
      const pre = await sys.call(
        'organization',
        'POST',
        `/v1/organizations/${id}/pre-approval`,
        supervisor,
        {},
      );
      if (pre.status !== 200 && pre.status !== 422) throw new Error(`pre-approval ${JSON.stringify(pre)}`);
    }
    await sys.ok('organization', 'POST', `/v1/organizations/${id}/approval`, authority, {});
    await sys.ok('organization', 'POST', `/v1/organizations/${id}/evaluations`, evaluator, {
      round: '2026',
      scores: { serviceCapacity: 92, efficiency: 90, compliance: 95, benefit: 91 },
    });
    organizationIds.push(id);
  }

  const coordinator = await sys.token(['charity_coordinator']);
  const donor = await sys.ok<{ donorId?: string; id?: string }>(
    'charity',
    'POST',
    '/v1/donors',
    coordinator,
    {
      kind: 'enterprise',
      name: '西湖爱心企业',
      creditCode: enterpriseCreditCode(r),
      disclosureConsent: true,
      ...PLACE,
    },
  );
  const donorId = donor.donorId ?? donor.id ?? '';
  const donationIds: string[] = [];
  for (let i = 0; i < opts.donations; i++) {
    const d = await sys.ok<{ donationId?: string; id?: string }>(
      'charity',
      'POST',
      '/v1/donations',
      coordinator,
      {
        donorId,
        gift: { kind: 'money', amountFen: opts.received },
        restriction: null,
        ...PLACE,
      },
    );
    const donationId = d.donationId ?? d.id ?? '';
    await sys.ok('charity', 'POST', `/v1/donations/${donationId}/receipts`, coordinator, {
      quantity: opts.received,
    });
    donationIds.push(donationId);
  }
  return { workerId, otherWorkerId, volunteerIds, organizationIds, donationIds, received: opts.received };
}

/** Registers a unit of the tree, or finds it there (409) from an earlier load. */
async function unit(sys: Endpoints, token: string, path: string, body: unknown): Promise<void> {
  const r = await sys.call('community', 'POST', path, token, body);
  if (r.status !== 201 && r.status !== 409)
    throw new Error(`POST ${path} → ${r.status} ${JSON.stringify(r.body)}`);
}

/** A resident's need reported by community staff (the person's data is sealed by the community service). */
export async function reportNeed(
  sys: Endpoints,
  label: string,
  consentScope = ['needs_assessment', 'case_handling', 'referral_to_partners'],
): Promise<string> {
  const staff = await sys.token(['district_admin']);
  const need = await sys.ok<{ needId?: string; id?: string }>(
    'community',
    'POST',
    '/v1/needs',
    staff,
    {
      communityCode: PLACE.communityCode,
      category: 'elder_care',
      urgency: 'high',
      description: '独居老人需要助餐和陪伴',
      people: [{ name: '王奶奶', phone: '13900001111', address: '保俶社区3栋101' }],
      consent: {
        given: true,
        givenBy: 'self',
        at: '2026-11-20T09:00:00+08:00',
        scope: consentScope,
      },
    },
    `need-${label}`,
  );
  return need.needId ?? need.id ?? '';
}
