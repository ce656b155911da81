import { describe, expect, it } from 'vitest';
import { explainOrganization, explainVolunteer, explainWorker } from './explain.ts';
import { haversineKm, nearness } from './place.ts';
import { combine, DEFAULT_WEIGHTS, resolveWeights } from './score.ts';
import {
  here,
  organization,
  otherStreet,
  sameStreet,
  service,
  task,
  volunteer,
  worker,
} from './testing/fixtures.ts';

describe('score', () => {
  it('measures distance by haversine (1° of latitude ≈ 111.2 km)', () => {
    expect(haversineKm(31, 121, 32, 121)).toBeCloseTo(111.2, 1);
  });

  it('prefers the same community over the same street over the district', () => {
    const c = nearness(here, { ...here, lat: undefined, lon: undefined }, 3);
    expect([c, nearness(here, sameStreet, 3), nearness(here, otherStreet, 3)]).toEqual([1, 0.6, 0.3]);
  });

  it('mixes tree level and distance within the radius when both places have coordinates', () => {
    const p = { ...here, lat: here.lat! + 0.0135 }; // ≈ 1.5 km north
    expect(nearness(here, p, 3)).toBeCloseTo(0.5 * 1 + 0.5 * 0.5, 2);
  });

  it('returns each part of a volunteer score and their weighted sum in [0,1]', () => {
    const e = explainVolunteer(
      task({ requiredSkills: ['elder_care', 'driving'] }),
      volunteer({ hoursThisWeek: 5, load: 1 }),
    );
    expect(e.excludedBy).toEqual([]);
    expect(e.breakdown.fit).toBe(0.5);
    expect(e.breakdown.nearness).toBe(1);
    expect(e.breakdown.load).toBeCloseTo(0.5 * 0.5 + 0.5 * 0.5);
    expect(e.breakdown.rating).toBeUndefined();
    const w = DEFAULT_WEIGHTS;
    expect(e.score).toBeCloseTo((w.fit * 0.5 + w.nearness + w.load * 0.5) / (w.fit + w.nearness + w.load));
  });

  it('scores an organization on field, nearness, load, rating and credit', () => {
    const e = explainOrganization(
      service(),
      organization({ rating: 5, creditStanding: 'warning', activeProjects: 2 }),
    );
    expect(e.breakdown).toEqual({ fit: 1, nearness: 1, load: 0.5, rating: 1, credit: 0.5 });
    expect(e.score).toBeCloseTo(0.35 + 0.25 + 0.15 * 0.5 + 0.15 + 0.1 * 0.5);
  });

  it('explains why an excluded candidate is out while still showing its score', () => {
    const e = explainOrganization(service(), organization({ creditStanding: 'serious', eligible: false }));
    expect(e.excludedBy).toEqual(['credit_blacklisted', 'not_eligible']);
    expect(e.breakdown.credit).toBe(0);
  });

  it('scores workers higher when they cover the community and carry fewer cases', () => {
    const covering = explainWorker(task(), worker({ activeCases: 2 }));
    const street = explainWorker(task(), worker({ coveredCommunities: [], activeCases: 2 }));
    const busy = explainWorker(task(), worker({ activeCases: 9 }));
    expect(covering.score).toBeGreaterThan(street.score);
    expect(covering.score).toBeGreaterThan(busy.score);
  });

  it('takes configurable weights and refuses negative ones', () => {
    const b = { fit: 1, nearness: 0, load: 0 };
    expect(combine(b, resolveWeights({ fit: 1, nearness: 0, load: 0 }))).toBe(1);
    expect(() => resolveWeights({ fit: -1 })).toThrow(RangeError);
  });
});
