import { describe, expect, it } from 'vitest';
import { explainOrganization, explainVolunteer, scanVolunteers } from '@fivesoc/matching';
import type { DonationDoc, OrganizationDoc, VolunteerDoc } from '../../readModels/collections.ts';
import { initialCaseState, type CaseState, type MatchState } from '../domain/state.ts';
import type { PlanItem } from '../domain/values.ts';
import { caseItemOf, donationOf, needsOf, rankDonations, routeToCases, totalCostOf } from './donations.ts';
import {
  matchingItemOf,
  organizationCandidateOf,
  ratingLevelOf,
  scoreOf,
  volunteerCandidateOf,
  weekOf,
  weeklySlotOf,
} from './mapping.ts';

const place = { districtCode: '330102', streetCode: '330102001', communityCode: '330102001001' };
const placeNull = { districtCode: '330102', streetCode: null, communityCode: null };

const volunteer = (over: Partial<VolunteerDoc> = {}): VolunteerDoc => ({
  _id: 'volunteer-v1',
  _v: 1,
  volunteerId: 'v1',
  ...place,
  skills: ['companionship'],
  languages: ['zh'],
  // Saturday 09:00-17:00 local
  availability: [{ weekday: 6, start: '09:00', end: '17:00' }],
  serviceRadiusKm: 3,
  maxHoursPerWeek: 10,
  status: 'active',
  registeredAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const organization = (over: Partial<OrganizationDoc> = {}): OrganizationDoc => ({
  _id: 'organization-o1',
  _v: 1,
  organizationId: 'o1',
  name: 'Org',
  ...place,
  category: 'public_welfare_charity',
  kind: 'social_service_agency',
  field: 'elderly',
  registration: 'registered',
  activity: 'normal',
  hub: false,
  rating: '4A',
  ratingValidUntil: '2030-12-31',
  credit: [],
  creditStanding: 'good',
  eligible: true,
  ...over,
});

const donation = (over: Partial<DonationDoc> = {}): DonationDoc => ({
  _id: 'donation-g1',
  _v: 1,
  donationId: 'g1',
  ...place,
  donorKind: 'person',
  fundId: null,
  giftKind: 'money',
  measure: 'fen',
  pledged: 10_000,
  restriction: null,
  totals: {
    received: 10_000,
    reserved: 0,
    allocated: 0,
    disbursed: 0,
    confirmed: 0,
    released: 0,
    reversed: 0,
  },
  available: 10_000,
  entries: [],
  registeredAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

// Saturday 2026-11-07, 10:00-12:00 in UTC+8 (02:00-04:00 UTC)
const saturdayItem: PlanItem = {
  itemId: 'visit',
  kind: 'volunteer',
  description: 'home visit',
  requirement: 'companionship',
  quantity: 1,
  startAt: '2026-11-07T02:00:00.000Z',
  endAt: '2026-11-07T04:00:00.000Z',
};

const caseWith = (plan: PlanItem[], over: Partial<CaseState> = {}): CaseState => ({
  ...initialCaseState(),
  exists: true,
  caseId: 'c-n1',
  needId: 'n1',
  place,
  category: 'elder_care',
  urgency: 'high',
  openedAt: '2026-11-01T00:00:00.000Z',
  workerId: 'w1',
  plan,
  ...over,
});

const match = (over: Partial<MatchState>): MatchState => ({
  requestId: 'c-n1-r1',
  itemId: 'money',
  kind: 'donation',
  resourceId: 'g1',
  quantity: 1,
  attempt: 1,
  deadline: '2026-11-09T00:00:00.000Z',
  score: null,
  status: 'requested',
  released: false,
  delivered: 0,
  deliveries: 0,
  ...over,
});

describe('volunteers → the engine', () => {
  it('turns ISO weekdays (7 = Sunday) and HH:MM into the engine’s slots, dropping malformed ones', () => {
    expect(weeklySlotOf({ weekday: 7, start: '09:00', end: '12:30' })).toEqual({
      weekday: 0,
      startMinute: 540,
      endMinute: 750,
    });
    expect(weeklySlotOf({ weekday: 1, start: '00:00', end: '24:00' })).toEqual({
      weekday: 1,
      startMinute: 0,
      endMinute: 1440,
    });
    expect(weeklySlotOf({ weekday: 1, start: '12:00', end: '09:00' })).toBeUndefined();
    expect(weeklySlotOf({ weekday: 1, start: '9am', end: '12:00' })).toBeUndefined();
  });

  it('finds the local Monday-to-Sunday week of an instant', () => {
    // Sunday 2026-11-08 23:30 local is still the week that began Monday 2026-11-02 00:00 local.
    const w = weekOf(Date.parse('2026-11-08T15:30:00.000Z'));
    expect(new Date(w.start).toISOString()).toBe('2026-11-01T16:00:00.000Z');
    expect(new Date(w.end).toISOString()).toBe('2026-11-08T16:00:00.000Z');
  });

  it('counts booked hours inside the item’s week only, and bookings not over yet as load', () => {
    const schedule = {
      _id: 'schedule-v1',
      volunteerId: 'v1',
      windows: [
        // 3 h inside the week of 2026-11-07
        { taskId: 'k1', startAt: '2026-11-03T01:00:00.000Z', endAt: '2026-11-03T04:00:00.000Z' },
        // the week before: not counted, and over at `now`
        { taskId: 'k0', startAt: '2026-10-27T01:00:00.000Z', endAt: '2026-10-27T02:00:00.000Z' },
      ],
    };
    const c = volunteerCandidateOf(volunteer({ ...placeNull }), schedule, {
      itemStart: Date.parse(saturdayItem.startAt!),
      now: Date.parse('2026-11-01T00:00:00.000Z'),
    });
    expect(c.hoursThisWeek).toBe(3);
    expect(c.load).toBe(1);
    expect(c.place).toEqual({ districtCode: '330102', streetCode: '', communityCode: '' });
    expect(c.availability).toEqual([{ weekday: 6, startMinute: 540, endMinute: 1020 }]);
    expect(c.bookedWindows).toHaveLength(2);
  });

  it('lets the engine exclude a volunteer whose booking overlaps the item, or who is not available then', () => {
    const item = matchingItemOf(saturdayItem, place, 0);
    expect(item).toMatchObject({
      kind: 'volunteer_task',
      requiredSkills: ['companionship'],
      headcount: 1,
      filled: 0,
      window: { start: saturdayItem.startAt, end: saturdayItem.endAt },
    });
    const at = { itemStart: Date.parse(saturdayItem.startAt!), now: 0 };
    const free = volunteerCandidateOf(volunteer(), undefined, at);
    const booked = volunteerCandidateOf(
      volunteer({ volunteerId: 'v2' }),
      {
        _id: 'schedule-v2',
        volunteerId: 'v2',
        windows: [{ taskId: 'k', startAt: '2026-11-07T03:00:00.000Z', endAt: '2026-11-07T05:00:00.000Z' }],
      },
      at,
    );
    const weekdays = volunteerCandidateOf(
      volunteer({ volunteerId: 'v3', availability: [{ weekday: 1, start: '09:00', end: '17:00' }] }),
      undefined,
      at,
    );
    expect(explainVolunteer(item, booked, { tzOffsetMinutes: 480 }).excludedBy).toEqual(['booked_overlap']);
    expect(explainVolunteer(item, weekdays, { tzOffsetMinutes: 480 }).excludedBy).toEqual(['not_available']);
    expect(
      scanVolunteers(item, [free, booked, weekdays], 5, { tzOffsetMinutes: 480 }).map((s) => s.id),
    ).toEqual(['v1']);
  });
});

describe('organizations → the engine', () => {
  it('reads ratings, maps credit standing and judges an expired rating at the time of the match', () => {
    expect(ratingLevelOf('5A')).toBe(5);
    expect(ratingLevelOf(null)).toBe(0);
    expect(ratingLevelOf('AAA')).toBe(0);
    const now = new Date('2026-11-01T00:00:00.000Z');
    expect(organizationCandidateOf(organization({ creditStanding: 'negative' }), now)).toMatchObject({
      id: 'o1',
      fields: ['elderly'],
      rating: 4,
      creditStanding: 'warning',
      eligible: true,
    });
    const lapsed = organizationCandidateOf(organization({ ratingValidUntil: '2026-10-31' }), now);
    expect(lapsed).toMatchObject({ rating: 0, eligible: false });
    // valid through its last day
    expect(organizationCandidateOf(organization({ ratingValidUntil: '2026-11-01' }), now).eligible).toBe(
      true,
    );
  });

  it('asks for the item’s field and keeps the blacklisted and the ineligible out', () => {
    const item = matchingItemOf(
      { itemId: 'care', kind: 'organization', description: '', requirement: 'elderly', quantity: 1 },
      place,
      0,
    );
    expect(item).toMatchObject({ kind: 'organization_service', field: 'elderly', requiredSkills: [] });
    const now = new Date('2026-11-01T00:00:00.000Z');
    const good = explainOrganization(item, organizationCandidateOf(organization(), now));
    expect(good.excludedBy).toEqual([]);
    expect(scoreOf({ id: 'o1', score: good.score, breakdown: good.breakdown })).toEqual({
      total: good.score,
      skillFit: 1,
      nearness: 1,
      loadBalance: 1,
      rating: 0.8,
      credit: 1,
    });
    const serious = organizationCandidateOf(organization({ creditStanding: 'serious' }), now);
    expect(explainOrganization(item, serious).excludedBy).toContain('credit_blacklisted');
    const other = organizationCandidateOf(organization({ field: 'children', eligible: false }), now);
    expect(explainOrganization(item, other).excludedBy).toEqual(['not_eligible', 'field_mismatch']);
  });
});

describe('donations → the router', () => {
  const moneyItem: PlanItem = {
    itemId: 'money',
    kind: 'donation',
    description: '',
    requirement: 'fen',
    quantity: 5_000,
  };

  it('maps restrictions (nulls are no restriction) and what is available', () => {
    expect(
      donationOf(donation({ restriction: { purpose: 'x', communityCode: null, category: 'elder_care' } })),
    ).toEqual({
      id: 'g1',
      available: 10_000,
      measure: 'fen',
      restriction: { category: 'elder_care' },
      place: { districtCode: '330102', streetCode: '330102001', communityCode: '330102001001' },
    });
    expect(donationOf(donation({ available: -3 })).available).toBe(0);
    expect(donationOf(donation()).restriction).toBeUndefined();
  });

  it('asks only what active requests do not cover, and nothing of a closed case', () => {
    const s = caseWith([moneyItem], {
      matches: [match({ quantity: 2_000 }), match({ requestId: 'c-n1-r2', status: 'refused' })],
    });
    expect(needsOf(s)).toEqual([
      {
        id: 'c-n1/money',
        place: { ...place },
        category: 'elder_care',
        requested: 3_000,
        measure: 'fen',
        urgency: 4,
      },
    ]);
    expect(needsOf({ ...s, closed: true })).toEqual([]);
    expect(caseItemOf('c-n1/money')).toEqual({ caseId: 'c-n1', itemId: 'money' });
  });

  it('ranks donation candidates by pair score times coverage, respecting measure and restrictions', () => {
    const s = caseWith([moneyItem]);
    const ranked = rankDonations(
      s,
      moneyItem,
      [
        donationOf(donation({ donationId: 'far', streetCode: '330102002', communityCode: '330102002001' })),
        donationOf(donation({ donationId: 'near' })),
        donationOf(donation({ donationId: 'small', available: 1_000 })),
        donationOf(donation({ donationId: 'rice', measure: 'rice/kg' })),
        donationOf(
          donation({
            donationId: 'elsewhere',
            restriction: { purpose: null, communityCode: '330102002001', category: null },
          }),
        ),
        donationOf(
          donation({
            donationId: 'children',
            restriction: { purpose: null, communityCode: null, category: 'child_care' },
          }),
        ),
        donationOf(donation({ donationId: 'empty', available: 0 })),
      ],
      10,
    );
    expect(ranked.map((r) => r.resourceId)).toEqual(['near', 'far', 'small']);
    // urgency high 4/5·0.5 + community 1·0.3 + unrestricted 0.5·0.2 = 0.8, covering all of it
    expect(ranked[0]?.score).toEqual({
      total: expect.closeTo(0.8, 9) as number,
      skillFit: 1,
      nearness: 1,
      loadBalance: 0,
      rating: 0,
      credit: 0,
    });
    expect(ranked[2]?.score.skillFit).toBeCloseTo(0.2);
  });

  it('routes donations to open items deterministically, a restricted one only where it may go', () => {
    const a = caseWith([moneyItem]);
    const b = caseWith([{ ...moneyItem, itemId: 'cash', quantity: 3_000 }], {
      caseId: 'c-n2',
      place: { districtCode: '330102', streetCode: '330102002', communityCode: '330102002001' },
      category: 'child_care',
      urgency: 'normal',
    });
    const donations = [
      donationOf(donation({ donationId: 'open', available: 5_000 })),
      donationOf(
        donation({
          donationId: 'kids',
          available: 10_000,
          restriction: { purpose: null, communityCode: null, category: 'child_care' },
        }),
      ),
    ];
    const first = routeToCases([a, b], donations);
    expect(routeToCases([b, a], [...donations].reverse())).toEqual(first);
    expect(
      first.allocations.map(({ donationId, caseId, itemId, quantity, measure }) => ({
        donationId,
        caseId,
        itemId,
        quantity,
        measure,
      })),
    ).toEqual([
      { donationId: 'kids', caseId: 'c-n2', itemId: 'cash', quantity: 3_000, measure: 'fen' },
      { donationId: 'open', caseId: 'c-n1', itemId: 'money', quantity: 5_000, measure: 'fen' },
    ]);
    expect(first.totalQuantity).toBe(8_000);
    expect(first.totalCost).toBe(totalCostOf(first.allocations.map((x) => ({ ...x, needId: x.caseId }))));
    expect(first.totalCost).toBeLessThan(0);
  });
});
