import { creditCodeCheck, residentIdCheck } from './checksums.ts';
import { DISTRICT, GIVEN, ORG_KINDS, ORG_WORDS, STREETS, SURNAMES, communityName } from './names.ts';
import { rng, type Rng } from './random.ts';

export interface SeedSizes {
  streets: number;
  communitiesPerStreet: number;
  needs: number;
  workers: number;
  volunteers: number;
  organizations: number;
  donors: number;
  funds: number;
  donations: number;
}

/** The demo a newcomer sees; `bench` sizes are for load (the issues ask for 100,000 volunteers etc.). */
export const PRESETS: Record<'demo' | 'bench', SeedSizes> = {
  demo: {
    streets: 4,
    communitiesPerStreet: 3,
    needs: 30,
    workers: 12,
    volunteers: 60,
    organizations: 10,
    donors: 15,
    funds: 3,
    donations: 20,
  },
  bench: {
    streets: 14,
    communitiesPerStreet: 12,
    needs: 20_000,
    workers: 2_000,
    volunteers: 100_000,
    organizations: 20_000,
    donors: 50_000,
    funds: 60,
    donations: 200_000,
  },
};

export interface Place {
  districtCode: string;
  streetCode: string;
  communityCode: string;
}

export const NEED_CATEGORIES = [
  'elder_care',
  'child_care',
  'disability',
  'poverty_relief',
  'mental_health',
  'emergency',
  'property_management',
  'education',
  'culture_sports',
  'health',
  'other',
] as const;
export const WORKER_SPECIALTIES = [
  'elderly',
  'children',
  'disability',
  'mental_health',
  'community_development',
  'correction',
  'family',
  'medical',
] as const;
export const VOLUNTEER_SKILLS = [
  'elder_care',
  'child_care',
  'disability_support',
  'medical',
  'psychological_support',
  'education_tutoring',
  'legal_aid',
  'culture_arts',
  'sports',
  'it_support',
  'logistics',
  'translation',
  'emergency_rescue',
] as const;

export interface Tree {
  district: { code: string; name: string };
  streets: Array<{ code: string; name: string }>;
  communities: Array<{ code: string; name: string; streetCode: string }>;
}

export function tree(sizes: SeedSizes): Tree {
  const streets = STREETS.slice(0, sizes.streets).map((name, i) => ({
    code: `${DISTRICT.code}${String(i + 1).padStart(3, '0')}`,
    name,
  }));
  const communities = streets.flatMap((s, si) =>
    Array.from({ length: sizes.communitiesPerStreet }, (_, ci) => ({
      code: `${s.code}${String(ci + 1).padStart(3, '0')}`,
      name: communityName(si * sizes.communitiesPerStreet + ci),
      streetCode: s.code,
    })),
  );
  return { district: DISTRICT, streets, communities };
}

export const personName = (r: Rng) => `${r.pick(SURNAMES)}${r.pick(GIVEN)}`;
export const phone = (r: Rng) =>
  `1${r.pick(['3', '5', '7', '8', '9'])}${String(r.int(0, 999_999_999)).padStart(9, '0')}`;
export const placeOf = (r: Rng, t: Tree): Place => {
  const c = r.pick(t.communities);
  return { districtCode: t.district.code, streetCode: c.streetCode, communityCode: c.code };
};

export function residentId(r: Rng): string {
  const birth = `${r.int(1945, 2005)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`;
  const first17 = `${DISTRICT.code}${birth}${String(r.int(0, 999)).padStart(3, '0')}`;
  return first17 + residentIdCheck(first17);
}

export function creditCode(r: Rng): string {
  const first17 = `51${DISTRICT.code}MJ${String(r.int(0, 9_999_999)).padStart(7, '0')}`;
  return first17 + creditCodeCheck(first17);
}

const address = (r: Rng, t: Tree, communityCode: string) =>
  `${t.communities.find((c) => c.code === communityCode)?.name ?? ''}${r.int(1, 40)}栋${r.int(1, 6)}单元${r.int(1, 18)}0${r.int(1, 4)}室`;

/** A fixed instant, so records (a need's consent time) are the same on every run; it is in the past. */
export const CONSENT_AT = '2026-01-05T09:00:00+08:00';

export function* needs(seed: number, t: Tree, n: number) {
  const r = rng(seed ^ 0x1001);
  for (let i = 0; i < n; i++) {
    const place = placeOf(r, t);
    const people = r.chance(0.8)
      ? [{ name: personName(r), phone: phone(r), address: address(r, t, place.communityCode) }]
      : [];
    yield {
      id: `need-${i + 1}`,
      ...place,
      category: r.pick(NEED_CATEGORIES),
      urgency: r.pick(['low', 'normal', 'normal', 'high', 'critical'] as const),
      description: r.pick([
        '独居老人需要定期探访',
        '残疾人家庭需要出行协助',
        '困难家庭儿童课业辅导',
        '居民心理疏导',
        '楼栋公共设施维修协调',
      ]),
      people,
      consent: {
        given: true,
        givenBy: r.pick(['self', 'self', 'guardian', 'relative'] as const),
        at: CONSENT_AT,
        // Half consent to case handling and referral too (linkage opens cases only for those).
        scope: [
          'needs_assessment',
          ...(r.chance(0.5) ? (['case_handling', 'referral_to_partners'] as const) : []),
        ],
      },
    };
  }
}

export function* workers(seed: number, t: Tree, n: number, organizationCount = 10) {
  const r = rng(seed ^ 0x2002);
  for (let i = 0; i < n; i++) {
    const street = r.pick(t.streets);
    const covered = t.communities.filter((c) => c.streetCode === street.code);
    yield {
      id: `worker-${i + 1}`,
      name: personName(r),
      phone: phone(r),
      qualificationLevel: r.pick(['assistant', 'assistant', 'social_worker', 'senior'] as const),
      // 1-4 capital letters, then year, the seed (so two seeds never share a number) and a serial.
      certificateNumber: `HB${2020 + (i % 6)}${String(seed % 100).padStart(2, '0')}${String(i + 1).padStart(6, '0')}`,
      specialties: r.some(WORKER_SPECIALTIES, 1, 3),
      employerId: `org-${r.int(1, Math.max(1, organizationCount))}`,
      districtCode: t.district.code,
      streetCode: street.code,
      stationCode: `${street.code}-1`,
      coveredCommunityCodes: r.some(covered, 1, Math.min(3, covered.length)).map((c) => c.code),
      maxCaseload: r.int(5, 25),
    };
  }
}

export function* volunteers(seed: number, t: Tree, n: number) {
  const r = rng(seed ^ 0x3003);
  const seen = new Set<string>(); // one ID number registers once: never make the same one twice
  for (let i = 0; i < n; i++) {
    const days = r.some([1, 2, 3, 4, 5, 6, 7] as const, 1, 4);
    let idNumber = residentId(r);
    while (seen.has(idNumber)) idNumber = residentId(r);
    seen.add(idNumber);
    yield {
      id: `volunteer-${i + 1}`,
      name: personName(r),
      phone: phone(r),
      idNumber,
      place: placeOf(r, t),
      skills: r.some(VOLUNTEER_SKILLS, 1, 4),
      languages: r.chance(0.2) ? ['zh', 'en'] : ['zh'],
      availability: days
        .map((weekday) => ({
          weekday,
          start: r.pick(['08:00', '09:00', '14:00', '18:30']),
          end: r.pick(['11:30', '12:00', '17:00', '21:00']),
        }))
        .filter((w) => w.start < w.end),
      serviceRadiusKm: r.int(1, 10),
      maxHoursPerWeek: r.int(2, 20),
    };
  }
}

/** A credit code unique per seed and index (the organization service refuses a code twice). */
export function organizationCreditCode(seed: number, i: number): string {
  const first17 = `51${DISTRICT.code}MJ${String(seed % 100).padStart(2, '0')}${String(i % 100_000).padStart(5, '0')}`;
  return first17 + creditCodeCheck(first17);
}

export function* organizations(seed: number, t: Tree, n: number) {
  const r = rng(seed ^ 0x4004);
  for (let i = 0; i < n; i++) {
    yield {
      id: `org-${i + 1}`,
      name: `武昌区${r.pick(ORG_WORDS)}${r.pick(ORG_KINDS)}${i >= 60 ? i : ''}`,
      category: r.pick([
        'public_welfare_charity',
        'urban_rural_community_service',
        'science_technology',
        'culture_sports',
      ] as const),
      kind: r.pick(['social_group', 'social_service_agency', 'social_service_agency', 'foundation'] as const),
      field: r.pick([
        'elderly',
        'children',
        'disability',
        'poverty_relief',
        'culture',
        'mutual_aid',
        'public_welfare',
      ] as const),
      creditCode: organizationCreditCode(seed, i + 1),
      place: placeOf(r, t),
      legalRepresentative: { name: personName(r), phone: phone(r) },
    };
  }
}
