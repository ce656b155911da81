// Seeded random districts for the equality tests and the benchmark (package-internal, not exported).
import type {
  Donation,
  Need,
  OrganizationCandidate,
  Place,
  PlanItem,
  VolunteerCandidate,
  WeeklySlot,
} from '../types.ts';

/** mulberry32: a small deterministic PRNG in [0,1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Shape {
  readonly streets: number;
  readonly communitiesPerStreet: number;
  readonly skills: readonly string[];
  readonly fields: readonly string[];
  readonly categories: readonly string[];
}

export const DISTRICT: Shape = {
  streets: 10,
  communitiesPerStreet: 10,
  skills: [
    'elder_care',
    'child_care',
    'first_aid',
    'tutoring',
    'driving',
    'cooking',
    'counseling',
    'repair',
    'sign_language',
    'it',
    'law',
    'nursing',
    'cleaning',
    'translation',
    'music',
    'sports',
    'photography',
    'accounting',
    'gardening',
    'escort',
  ],
  fields: [
    'elder_care',
    'child_care',
    'disability',
    'health',
    'education',
    'culture_sports',
    'emergency',
    'property',
    'charity',
    'mental_health',
  ],
  categories: [
    'elder_care',
    'child_care',
    'disability',
    'poverty_relief',
    'mental_health',
    'emergency',
    'education',
    'health',
  ],
};

export function generator(seed: number, shape: Shape = DISTRICT) {
  const r = prng(seed);
  const int = (n: number): number => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const picks = <T>(xs: readonly T[], n: number): T[] => [
    ...new Set(Array.from({ length: n }, () => pick(xs))),
  ];
  const place = (withCoords = r() < 0.7): Place => {
    const s = int(shape.streets);
    const c = int(shape.communitiesPerStreet);
    const base = { districtCode: r() < 0.02 ? 'D2' : 'D1', streetCode: `S${s}`, communityCode: `S${s}C${c}` };
    // communities sit on a grid ~1 km apart; people scatter within ~0.5 km
    if (!withCoords) return base;
    return { ...base, lat: 31.2 + s * 0.009 + r() * 0.005, lon: 121.4 + c * 0.01 + r() * 0.006 };
  };
  const slots = (): WeeklySlot[] =>
    Array.from({ length: 1 + int(5) }, () => {
      const start = 60 * (7 + int(12));
      return { weekday: int(7), startMinute: start, endMinute: start + 60 * (1 + int(5)) };
    });
  const day = Date.UTC(2026, 10, 30); // a Monday
  const window = (): { start: number; end: number } => {
    const start = day + int(7) * 86_400_000 + (int(14) * 60 - 480 + 7 * 60) * 60_000;
    return { start, end: start + (1 + int(3)) * 3_600_000 };
  };
  return {
    r,
    volunteer: (i: number): VolunteerCandidate => ({
      id: `v${String(i).padStart(6, '0')}`,
      skills: picks(shape.skills, 1 + int(4)),
      place: place(),
      radiusKm: 1 + int(10),
      availability: slots(),
      bookedWindows: r() < 0.3 ? [window()] : [],
      maxHoursPerWeek: 4 + int(16),
      hoursThisWeek: int(10),
      load: int(4),
      teamSize: r() < 0.05 ? 2 + int(5) : 1,
    }),
    organization: (i: number): OrganizationCandidate => ({
      id: `o${String(i).padStart(6, '0')}`,
      fields: picks(shape.fields, 1 + int(3)),
      place: place(),
      rating: int(6),
      creditStanding: r() < 0.05 ? 'serious' : r() < 0.15 ? 'warning' : 'good',
      eligible: r() < 0.8,
      activeProjects: int(6),
      capacity: 1 + int(6),
    }),
    volunteerTask: (id: string): PlanItem => ({
      id,
      kind: 'volunteer_task',
      requiredSkills: picks(shape.skills, 1 + int(2)),
      place: place(),
      ...(r() < 0.5 ? { window: window() } : {}),
      headcount: 1 + int(5),
      filled: 0,
    }),
    organizationService: (id: string): PlanItem => ({
      id,
      kind: 'organization_service',
      requiredSkills: [],
      ...(r() < 0.9 ? { field: pick(shape.fields) } : {}),
      place: place(),
    }),
    donation: (i: number, measures: readonly string[] = ['fen']): Donation => {
      const roll = r();
      const restriction =
        roll < 0.5
          ? undefined
          : roll < 0.75
            ? { communityCode: place(false).communityCode }
            : roll < 0.9
              ? { category: pick(shape.categories) }
              : { communityCode: place(false).communityCode, category: pick(shape.categories) };
      return {
        id: `d${String(i).padStart(5, '0')}`,
        available: 1 + int(100),
        measure: pick(measures),
        ...(restriction ? { restriction } : {}),
        ...(r() < 0.5 ? { place: place(false) } : {}),
      };
    },
    need: (i: number, measures: readonly string[] = ['fen']): Need => ({
      id: `n${String(i).padStart(5, '0')}`,
      place: place(false),
      category: pick(shape.categories),
      requested: 1 + int(100),
      measure: pick(measures),
      urgency: 1 + int(5),
    }),
  };
}
