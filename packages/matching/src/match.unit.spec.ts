import { describe, expect, it } from 'vitest';
import {
  buildOrganizationIndex,
  buildVolunteerIndex,
  scanOrganizations,
  scanVolunteers,
  topKOrganizations,
  topKVolunteers,
  topKWorkers,
} from './match.ts';
import { DISTRICT, generator } from './testing/generate.ts';
import { task, volunteer, worker } from './testing/fixtures.ts';

const small = { ...DISTRICT, streets: 3, communitiesPerStreet: 4 };

describe('top-k', () => {
  it('orders equal scores by id', () => {
    const vs = ['v3', 'v1', 'v2'].map((id) => volunteer({ id }));
    expect(topKVolunteers(task(), buildVolunteerIndex(vs), 2).map((s) => s.id)).toEqual(['v1', 'v2']);
  });

  it('leaves out excluded candidates and returns fewer than k when few qualify', () => {
    const vs = [volunteer({ id: 'a' }), volunteer({ id: 'b', skills: ['driving'] })];
    expect(topKVolunteers(task(), buildVolunteerIndex(vs), 10).map((s) => s.id)).toEqual(['a']);
    expect(topKVolunteers(task(), buildVolunteerIndex(vs), 0)).toEqual([]);
  });

  it('returns exactly the full scan top-k of volunteers on random districts', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const g = generator(seed, seed % 2 ? small : DISTRICT);
      const vs = Array.from({ length: 3000 }, (_, i) => g.volunteer(i));
      const index = buildVolunteerIndex(vs);
      for (let q = 0; q < 40; q++) {
        const item = g.volunteerTask(`t${q}`);
        const k = 1 + Math.floor(g.r() * 15);
        expect(topKVolunteers(item, index, k)).toEqual(scanVolunteers(item, vs, k));
      }
    }
  });

  it('returns exactly the full scan top-k of organizations on random districts, for any weights', () => {
    for (const seed of [11, 12, 13]) {
      const g = generator(seed, seed % 2 ? small : DISTRICT);
      const os = Array.from({ length: 2000 }, (_, i) => g.organization(i));
      const index = buildOrganizationIndex(os);
      for (let q = 0; q < 40; q++) {
        const item = g.organizationService(`s${q}`);
        const weights = { fit: g.r(), nearness: g.r(), load: g.r(), rating: g.r(), credit: g.r() };
        const opts = q % 2 ? { weights } : { requireEligible: false };
        expect(topKOrganizations(item, index, 10, opts)).toEqual(scanOrganizations(item, os, 10, opts));
      }
    }
  });

  it('returns exactly the full scan top-k when many candidates tie (no coordinates, coarse loads)', () => {
    const g = generator(21, small);
    const flat = <T extends { place: object }>(x: T): T => ({
      ...x,
      place: { ...x.place, lat: undefined, lon: undefined },
    });
    const vs = Array.from({ length: 2000 }, (_, i) =>
      flat({ ...g.volunteer(i), hoursThisWeek: 0, load: i % 2 }),
    );
    const os = Array.from({ length: 2000 }, (_, i) =>
      flat({ ...g.organization(i), rating: 5, activeProjects: 0 }),
    );
    const [vi, oi] = [buildVolunteerIndex(vs), buildOrganizationIndex(os)];
    for (let q = 0; q < 30; q++) {
      const t = flat({ ...g.volunteerTask(`t${q}`), window: undefined });
      const s = flat(g.organizationService(`s${q}`));
      expect(topKVolunteers(t, vi, 10)).toEqual(scanVolunteers(t, vs, 10));
      expect(topKOrganizations(s, oi, 10)).toEqual(scanOrganizations(s, os, 10));
    }
  });

  it('ranks workers by coverage, specialty and caseload', () => {
    const ws = [
      worker({ id: 'busy', activeCases: 9 }),
      worker({ id: 'free', activeCases: 0 }),
      worker({ id: 'street', coveredCommunities: [], activeCases: 0 }),
      worker({ id: 'full', activeCases: 10 }),
    ];
    expect(topKWorkers(task(), ws, 5).map((s) => s.id)).toEqual(['free', 'street', 'busy']);
  });
});
