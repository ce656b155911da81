import type {
  OrganizationCandidate,
  Place,
  PlanItem,
  VolunteerCandidate,
  WorkerCandidate,
} from '../types.ts';

export const here: Place = {
  districtCode: 'D1',
  streetCode: 'S1',
  communityCode: 'S1C1',
  lat: 31.2,
  lon: 121.4,
};
export const sameStreet: Place = { districtCode: 'D1', streetCode: 'S1', communityCode: 'S1C2' };
export const otherStreet: Place = { districtCode: 'D1', streetCode: 'S2', communityCode: 'S2C1' };

// Monday 2026-11-30 09:00–11:00 China time (UTC+8) = 01:00–03:00 UTC.
export const mondayMorning = { start: '2026-11-30T01:00:00Z', end: '2026-11-30T03:00:00Z' };

export const task = (over: Partial<PlanItem> = {}): PlanItem => ({
  id: 'item-1',
  kind: 'volunteer_task',
  requiredSkills: ['elder_care'],
  place: here,
  window: mondayMorning,
  headcount: 2,
  filled: 0,
  ...over,
});

export const volunteer = (over: Partial<VolunteerCandidate> = {}): VolunteerCandidate => ({
  id: 'v1',
  skills: ['elder_care', 'cooking'],
  place: here,
  radiusKm: 3,
  availability: [{ weekday: 1, startMinute: 8 * 60, endMinute: 12 * 60 }],
  bookedWindows: [],
  maxHoursPerWeek: 10,
  hoursThisWeek: 2,
  load: 0,
  ...over,
});

export const service = (over: Partial<PlanItem> = {}): PlanItem => ({
  id: 'item-2',
  kind: 'organization_service',
  requiredSkills: [],
  field: 'elder_care',
  place: here,
  ...over,
});

export const organization = (over: Partial<OrganizationCandidate> = {}): OrganizationCandidate => ({
  id: 'o1',
  fields: ['elder_care'],
  place: here,
  rating: 4,
  creditStanding: 'good',
  eligible: true,
  activeProjects: 1,
  capacity: 4,
  ...over,
});

export const worker = (over: Partial<WorkerCandidate> = {}): WorkerCandidate => ({
  id: 'w1',
  specialties: ['elder_care'],
  coveredCommunities: ['S1C1'],
  streetCode: 'S1',
  activeCases: 3,
  maxCaseload: 10,
  status: 'active',
  ...over,
});
