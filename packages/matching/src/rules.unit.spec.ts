import { describe, expect, it } from 'vitest';
import { generator } from './testing/generate.ts';
import {
  organizationRuleFailures,
  prepareItem,
  volunteerPasses,
  volunteerRuleFailures,
  workerRuleFailures,
} from './rules.ts';
import {
  mondayMorning,
  organization,
  otherStreet,
  sameStreet,
  service,
  task,
  volunteer,
  worker,
} from './testing/fixtures.ts';

const vFails =
  (...args: Parameters<typeof task>) =>
  (v = volunteer()) =>
    volunteerRuleFailures(prepareItem(task(...args)), v);

describe('volunteer hard rules', () => {
  it('admits an available, skilled, nearby volunteer with hours left', () => {
    expect(vFails()()).toEqual([]);
  });
  it('excludes a volunteer without any required skill', () => {
    expect(vFails()(volunteer({ skills: ['driving'] }))).toEqual(['no_required_skill']);
  });
  it('excludes a volunteer whose booked window overlaps the task', () => {
    const booked = [{ start: '2026-11-30T02:30:00Z', end: '2026-11-30T04:00:00Z' }];
    expect(vFails()(volunteer({ bookedWindows: booked }))).toEqual(['booked_overlap']);
  });
  it('admits a booked window that only touches the task (half-open windows)', () => {
    const booked = [{ start: mondayMorning.end, end: '2026-11-30T05:00:00Z' }];
    expect(vFails()(volunteer({ bookedWindows: booked }))).toEqual([]);
  });
  it('excludes a volunteer whose weekly availability does not cover the task window', () => {
    const availability = [{ weekday: 1, startMinute: 10 * 60, endMinute: 12 * 60 }];
    expect(vFails()(volunteer({ availability }))).toEqual(['not_available']);
    const tuesday = [{ weekday: 2, startMinute: 0, endMinute: 1440 }];
    expect(vFails()(volunteer({ availability: tuesday }))).toEqual(['not_available']);
  });
  it('joins adjacent availability slots of one day', () => {
    const availability = [
      { weekday: 1, startMinute: 9 * 60, endMinute: 10 * 60 },
      { weekday: 1, startMinute: 10 * 60, endMinute: 11 * 60 },
    ];
    expect(vFails()(volunteer({ availability }))).toEqual([]);
  });
  it('excludes a volunteer the task would take over the weekly hours', () => {
    expect(vFails()(volunteer({ hoursThisWeek: 9 }))).toEqual(['weekly_hours_exceeded']);
  });
  it('excludes a volunteer living beyond their service radius', () => {
    const far = { ...otherStreet, lat: 31.3, lon: 121.5 };
    expect(vFails()(volunteer({ place: far }))).toEqual(['outside_radius']);
  });
  it('excludes everyone when the headcount is filled, and a team larger than the places left', () => {
    expect(vFails({ headcount: 2, filled: 2 })()).toEqual(['headcount_full']);
    expect(vFails({ headcount: 3, filled: 1 })(volunteer({ teamSize: 3 }))).toEqual(['headcount_full']);
  });
  it('gives the same verdict in the short-circuit check as in the full list of failures', () => {
    const g = generator(5);
    let admitted = 0;
    for (let q = 0; q < 50; q++) {
      const p = prepareItem(g.volunteerTask(`t${q}`));
      for (let i = 0; i < 200; i++) {
        const v = g.volunteer(i);
        const passes = volunteerPasses(p, v);
        expect(passes).toBe(volunteerRuleFailures(p, v).length === 0);
        if (passes) admitted++;
      }
    }
    expect(admitted).toBeGreaterThan(100);
  });

  it('names every failed rule at once', () => {
    const v = volunteer({ skills: [], hoursThisWeek: 10, bookedWindows: [mondayMorning] });
    expect(vFails({ kind: 'goods' })(v)).toEqual([
      'kind_mismatch',
      'no_required_skill',
      'weekly_hours_exceeded',
      'booked_overlap',
    ]);
  });
});

describe('organization hard rules', () => {
  const oFails = (o = organization(), item = service(), opts = {}) =>
    organizationRuleFailures(prepareItem(item), o, opts);
  it('admits an eligible organization of the field in good standing with capacity', () => {
    expect(oFails()).toEqual([]);
  });
  it('excludes the credit blacklist (serious standing) but not a warning', () => {
    expect(oFails(organization({ creditStanding: 'serious' }))).toEqual(['credit_blacklisted']);
    expect(oFails(organization({ creditStanding: 'warning' }))).toEqual([]);
  });
  it('excludes an organization outside the purchase catalogue unless eligibility is waived', () => {
    expect(oFails(organization({ eligible: false }))).toEqual(['not_eligible']);
    expect(oFails(organization({ eligible: false }), service(), { requireEligible: false })).toEqual([]);
  });
  it('excludes an organization of another field or at capacity', () => {
    expect(oFails(organization({ fields: ['education'] }))).toEqual(['field_mismatch']);
    expect(oFails(organization({ activeProjects: 4 }))).toEqual(['at_capacity']);
  });
});

describe('worker hard rules', () => {
  const wFails = (w = worker(), item = task({ requiredSkills: ['elder_care'] })) =>
    workerRuleFailures(prepareItem(item), w);
  it('admits an active worker covering the community below the caseload', () => {
    expect(wFails()).toEqual([]);
  });
  it('admits a worker of the same street station who does not cover the community', () => {
    expect(wFails(worker({ coveredCommunities: [] }), task({ place: sameStreet }))).toEqual([]);
  });
  it('excludes suspended, full, unskilled and out-of-coverage workers', () => {
    expect(wFails(worker({ status: 'suspended' }))).toEqual(['inactive']);
    expect(wFails(worker({ activeCases: 10 }))).toEqual(['caseload_full']);
    expect(wFails(worker({ specialties: ['children'] }))).toEqual(['no_required_skill']);
    expect(wFails(worker(), task({ place: otherStreet }))).toEqual(['outside_coverage']);
  });
});
