/**
 * A synthetic but realistic history of one district's five societies, as the societies would have
 * published it over two years: the tree first, then needs, workers taking and releasing cases, volunteers
 * registering and booking windows, tasks filling up, organizations registering and being rated, donations
 * received, reserved, allocated and disbursed — and the event types linkage does not read (feedback,
 * venues, hours, teams, donors, annual reports, talent records), about an eighth of the whole.
 *
 * Every stream is a story with its own pace (a task fills in days, a donation is spent over weeks, a
 * worker takes cases for two years); the events of all stories are merged by time, so one stream's events
 * are far apart in the log and interleaved with thousands of others, as in production. Payloads carry the
 * field names of docs/contracts (as in src/testing/sampleEvents.ts) and all pass linkage's schemas.
 * Deterministic for a seed. Memory stays small: stories are generated twice (once to know the order, once
 * for the payloads) instead of holding a million payloads.
 */
import type { EventEnvelope } from '@fivesoc/eventing';
import type { Sources } from '../src/readModels/readModels.ts';

export type Society = keyof Sources;

/** An event of a story: `dt` days after the story starts (strictly increasing within a story). */
interface Step {
  dt: number;
  type: string;
  payload: unknown;
}
interface StoryKind {
  name: string;
  society: Society;
  /** Stories per 1,000,000 events (tuned so the mix lands near a million). */
  per1M: number;
  /** Day the story starts, in [0, SPAN). */
  start(r: Rng): number;
  steps(r: Rng, i: number): Step[];
  stream(i: number): string;
}

export const SPAN_DAYS = 730;
const D = '330102';
const STREETS = Array.from({ length: 14 }, (_, s) => `${D}${String(s + 1).padStart(3, '0')}`);
const COMMUNITIES = STREETS.flatMap((s) =>
  Array.from({ length: 12 }, (_, c) => `${s}${String(c + 1).padStart(3, '0')}`),
);

// ---- deterministic randomness (mulberry32), one generator per story so a story can be regenerated
export type Rng = () => number;
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: Rng, p: number) => r() < p;
const place = (r: Rng) => {
  const communityCode = pick(r, COMMUNITIES);
  return { districtCode: D, streetCode: communityCode.slice(0, 9), communityCode };
};
const sealed = (personId: string) => ({ personId, iv: 'aXY=', data: `sealed-${personId}`, tag: 'dGFn' });
const iso = (day: number) => new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString();

const CATEGORIES = [
  'elder_care',
  'child_care',
  'disability',
  'poverty_relief',
  'mental_health',
  'health',
  'education',
  'other',
];
const URGENCIES = ['low', 'normal', 'high', 'critical'] as const;
const SPECIALTIES = ['elderly', 'children', 'disability', 'mental_health', 'family', 'school', 'community'];
const SKILLS = [
  'elder_care',
  'child_care',
  'medical',
  'logistics',
  'it_support',
  'legal_aid',
  'sports',
  'cooking',
];
const FIELDS = ['elderly', 'children', 'disability', 'poverty_relief', 'mutual_aid', 'culture', 'health'];

/** The steps in time order (stable), each at least a minute after the one before. */
function ordered(steps: Step[]): Step[] {
  let last = -1;
  return steps
    .map((st, i) => ({ st, i }))
    .sort((a, b) => a.st.dt - b.st.dt || a.i - b.i)
    .map(({ st }) => ({ ...st, dt: (last = Math.max(st.dt, last + 1 / 1440)) }));
}

const KINDS: StoryKind[] = [
  {
    name: 'need',
    society: 'community',
    per1M: 40_000,
    stream: (i) => `need-n${i}`,
    start: (r) => r() * SPAN_DAYS,
    steps(r, i) {
      const p = place(r);
      const needId = `n${i}`;
      const out: Step[] = [
        {
          dt: 0,
          type: 'NeedReported',
          payload: {
            needId,
            ...p,
            category: pick(r, CATEGORIES),
            categoryListVersion: 1,
            urgency: pick(r, URGENCIES),
            people: [{ personId: `p${i}`, data: sealed(`p${i}`) }],
            consent: {
              given: true,
              givenBy: 'self',
              at: iso(0),
              scope: ['needs_assessment', 'case_handling'],
            },
            description: sealed(`p${i}`),
          },
        },
      ];
      if (chance(r, 0.33))
        out.push({
          dt: r() * 5,
          type: 'NeedUpdated',
          payload: { needId, ...p, categoryListVersion: 1, urgency: pick(r, URGENCIES) },
        });
      if (chance(r, 0.15))
        out.push({
          dt: 6 + r() * 20,
          type: 'NeedWithdrawn',
          payload: { needId, ...p, reason: 'resolved_elsewhere' },
        });
      return ordered(out);
    },
  },
  {
    name: 'feedback (unread)',
    society: 'community',
    per1M: 15_000,
    stream: (i) => `feedback-case-c${i}-p${i}`,
    start: (r) => r() * SPAN_DAYS,
    steps: (r, i) => [
      {
        dt: 0,
        type: 'FeedbackGiven',
        payload: {
          subjectKind: 'case',
          subjectId: `c${i}`,
          residentId: `p${i}`,
          ...place(r),
          rating: int(r, 1, 5),
        },
      },
    ],
  },
  {
    name: 'venue (unread)',
    society: 'community',
    per1M: 300,
    stream: (i) => `venue-v${i}`,
    start: (r) => r() * 30,
    steps(r, i) {
      const out: Step[] = [
        {
          dt: 0,
          type: 'VenueRegistered',
          payload: {
            venueId: `v${i}`,
            name: 'hall',
            ...place(r),
            capacity: 50,
            opensAt: '08:00',
            closesAt: '20:00',
          },
        },
      ];
      for (let b = int(r, 10, 30); b > 0; b--)
        out.push({
          dt: r() * (SPAN_DAYS - 30),
          type: 'VenueBooked',
          payload: { bookingId: `b${i}-${b}`, startAt: iso(b), endAt: iso(b + 0.1), purpose: 'meeting' },
        });
      return ordered(out);
    },
  },
  {
    name: 'worker',
    society: 'socialWorker',
    per1M: 2_000,
    stream: (i) => `worker-w${i}`,
    start: (r) => r() * SPAN_DAYS * 0.3,
    steps(r, i) {
      const p = place(r);
      const max = int(r, 8, 20);
      const out: Step[] = [
        {
          dt: 0,
          type: 'WorkerRegistered',
          payload: {
            workerId: `w${i}`,
            personal: sealed(`w${i}`),
            qualificationLevel: pick(r, ['assistant_social_worker', 'social_worker', 'senior_social_worker']),
            certificateNumber: `CERT${i}`,
            specialties: [pick(r, SPECIALTIES), pick(r, SPECIALTIES)],
            employerId: `station-${p.streetCode}`,
            districtCode: D,
            streetCode: p.streetCode,
            stationCode: `${p.streetCode}-1`,
            coveredCommunityCodes: [p.communityCode, pick(r, COMMUNITIES)],
            maxCaseload: max,
            registeredAt: iso(0),
          },
        },
      ];
      // Cases arrive every few weeks and last two weeks to three months; never above the maximum.
      const changes: { dt: number; caseId: string; assign: boolean }[] = [];
      for (let k = int(r, 12, 28); k > 0; k--) {
        const dt = 1 + r() * (SPAN_DAYS * 0.7);
        changes.push({ dt, caseId: `case-w${i}-${k}`, assign: true });
        changes.push({ dt: dt + 10 + r() * 80, caseId: `case-w${i}-${k}`, assign: false });
      }
      changes.sort((a, b) => a.dt - b.dt);
      const active = new Set<string>();
      for (const c of changes) {
        if (c.assign && active.size >= max) continue;
        if (!c.assign && !active.delete(c.caseId)) continue;
        if (c.assign) active.add(c.caseId);
        out.push({
          dt: c.dt,
          type: c.assign ? 'CaseAssigned' : 'CaseReleased',
          payload: { caseId: c.caseId, activeCaseCount: active.size },
        });
      }
      if (chance(r, 0.1))
        out.push({
          dt: 1 + r() * SPAN_DAYS * 0.7,
          type: 'WorkerUpdated',
          payload: { specialties: [pick(r, SPECIALTIES)], maxCaseload: max + 2 },
        });
      if (chance(r, 0.5))
        out.push({
          dt: 1 + r() * SPAN_DAYS * 0.7,
          type: 'TalentRecordAdded',
          payload: { recordId: `t${i}`, kind: 'training', from: '2025-03-01', organization: 'district' },
        });
      if (chance(r, 0.03)) {
        const dt = 1 + r() * SPAN_DAYS * 0.6;
        out.push({ dt, type: 'WorkerSuspended', payload: { reason: 'training' } });
        out.push({ dt: dt + 14, type: 'WorkerReinstated', payload: {} });
      }
      return ordered(out);
    },
  },
  {
    name: 'volunteer',
    society: 'volunteer',
    per1M: 100_000,
    stream: (i) => `volunteer-v${i}`,
    start: (r) => r() * SPAN_DAYS,
    steps(r, i) {
      const volunteerId = `v${i}`;
      const out: Step[] = [
        {
          dt: 0,
          type: 'VolunteerRegistered',
          payload: {
            volunteerId,
            personal: sealed(volunteerId),
            skills: [pick(r, SKILLS), pick(r, SKILLS)],
            languages: ['zh'],
            availability: [
              { weekday: int(r, 1, 7), start: '09:00', end: '12:00' },
              { weekday: int(r, 1, 7), start: '14:00', end: '17:00' },
            ],
            place: place(r),
            serviceRadiusKm: int(r, 1, 10),
            maxHoursPerWeek: int(r, 2, 20),
          },
        },
      ];
      if (chance(r, 0.3))
        out.push({
          dt: r() * 300,
          type: 'VolunteerProfileUpdated',
          payload: { volunteerId, skills: [pick(r, SKILLS)] },
        });
      if (chance(r, 0.01))
        out.push({ dt: 300 + r() * 100, type: 'VolunteerErased', payload: { volunteerId } });
      return ordered(out);
    },
  },
  {
    name: 'schedule',
    society: 'volunteer',
    per1M: 30_000,
    stream: (i) => `schedule-v${i}`,
    start: (r) => r() * SPAN_DAYS * 0.5,
    steps(r, i) {
      const out: Step[] = [];
      for (let k = int(r, 1, 5); k > 0; k--) {
        const dt = r() * 360;
        const taskId = `k-${i}-${k}`;
        out.push({
          dt,
          type: 'WindowBooked',
          payload: { taskId, startAt: iso(dt + 3), endAt: iso(dt + 3.1) },
        });
        if (chance(r, 0.2))
          out.push({ dt: dt + 1, type: 'WindowReleased', payload: { taskId, reason: 'withdrew' } });
      }
      return ordered(out);
    },
  },
  {
    name: 'task',
    society: 'volunteer',
    per1M: 25_000,
    stream: (i) => `task-k${i}`,
    start: (r) => r() * SPAN_DAYS,
    steps(r, i) {
      const taskId = `k${i}`;
      const headcount = int(r, 1, 6);
      const out: Step[] = [
        {
          dt: 0,
          type: 'TaskCreated',
          payload: {
            taskId,
            title: 'home visit',
            creator: { kind: 'community_staff', id: `staff-${int(r, 1, 200)}` },
            requiredSkills: [pick(r, SKILLS)],
            startAt: iso(7),
            endAt: iso(7.1),
            place: { ...place(r), address: 'somewhere' },
            headcount,
          },
        },
      ];
      for (let k = 0; k < headcount; k++) {
        const volunteerId = `v${int(r, 0, 99_999)}`;
        out.push({ dt: r() * 3, type: 'VolunteerSignedUp', payload: { taskId, volunteerId } });
        if (chance(r, 0.8))
          out.push({ dt: 3 + r() * 2, type: 'VolunteerAssigned', payload: { taskId, volunteerId } });
        else if (chance(r, 0.5))
          out.push({ dt: 3 + r() * 2, type: 'VolunteerWithdrew', payload: { taskId, volunteerId } });
      }
      if (chance(r, 0.05)) out.push({ dt: 6, type: 'TaskCancelled', payload: { taskId, reason: 'weather' } });
      return ordered(out);
    },
  },
  {
    name: 'hours (unread)',
    society: 'volunteer',
    per1M: 20_000,
    stream: (i) => `hours-v${i}`,
    start: (r) => r() * SPAN_DAYS,
    steps: (r, i) =>
      ordered(
        Array.from({ length: int(r, 1, 3) }, (_, k) => ({
          dt: r() * 200,
          type: 'HoursRecorded',
          payload: {
            entryId: `h${i}-${k}`,
            taskId: `k${k}`,
            minutes: 60 * int(r, 1, 4),
            recordedAt: iso(k),
            recordedBy: 'staff-1',
          },
        })),
      ),
  },
  {
    name: 'team (unread)',
    society: 'volunteer',
    per1M: 500,
    stream: (i) => `team-t${i}`,
    start: (r) => r() * SPAN_DAYS,
    steps: (r, i) =>
      ordered([
        {
          dt: 0,
          type: 'TeamFormed',
          payload: { teamId: `t${i}`, name: 'team', place: place(r), leaderId: `v${i}` },
        },
        ...Array.from({ length: int(r, 2, 8) }, (_, k) => ({
          dt: r() * 60,
          type: 'TeamMemberJoined',
          payload: { teamId: `t${i}`, volunteerId: `v${int(r, 0, 99_999)}-${k}` },
        })),
      ]),
  },
  {
    name: 'organization',
    society: 'organization',
    per1M: 15_000,
    stream: (i) => `organization-o${i}`,
    start: (r) => r() * SPAN_DAYS * 0.6,
    steps(r, i) {
      const organizationId = `o${i}`;
      const p = place(r);
      if (chance(r, 0.2))
        return [
          {
            dt: 0,
            type: 'CommunityOrganizationFiled',
            payload: {
              organizationId,
              name: `Org ${i}`,
              field: pick(r, FIELDS),
              place: p,
              legalRepresentative: sealed(`lr${i}`),
              at: iso(0),
            },
          },
        ];
      const out: Step[] = [
        {
          dt: 0,
          type: 'ApplicationSubmitted',
          payload: {
            organizationId,
            name: `Org ${i}`,
            category: 'public_welfare_charity',
            kind: 'social_service_agency',
            field: pick(r, FIELDS),
            place: p,
            creditCode: '91330102MA2XXXXX1X',
            legalRepresentative: sealed(`lr${i}`),
            route: 'direct',
          },
        },
      ];
      if (chance(r, 0.2))
        out.push({ dt: r() * 10, type: 'SupervisorPreApproved', payload: { by: 'supervisor' } });
      if (chance(r, 0.1)) {
        out.push({ dt: 10 + r() * 20, type: 'RegistrationRejected', payload: { reason: 'incomplete' } });
        return ordered(out);
      }
      out.push({ dt: 10 + r() * 20, type: 'RegistrationApproved', payload: { at: iso(30) } });
      for (let year = 1; year <= 2; year++) {
        out.push({
          dt: year * 150 + r() * 60,
          type: 'AnnualReportFiled',
          payload: { year: 2024 + year, summary: 'ok', at: iso(year) },
        });
        if (chance(r, 0.6))
          out.push({
            dt: year * 150 + 60 + r() * 60,
            type: 'EvaluationRecorded',
            payload: {
              round: String(2024 + year),
              scores: { serviceCapacity: 80, efficiency: 80, compliance: 80, benefit: 80 },
              rating: `${int(r, 1, 5)}A`,
              evaluator: 'civil-affairs',
              validFrom: iso(year * 365),
              validUntil: iso(year * 365 + 1095),
            },
          });
      }
      if (chance(r, 0.2)) {
        const recordId = `cr${i}`;
        const dt = 30 + r() * 400;
        out.push({
          dt,
          type: 'CreditRecordAdded',
          payload: {
            recordId,
            polarity: chance(r, 0.6) ? 'negative' : 'positive',
            serious: chance(r, 0.1),
            source: 'x',
            date: iso(200),
            description: 'late',
          },
        });
        if (chance(r, 0.3))
          out.push({
            dt: dt + r() * 100,
            type: 'CreditRecordRevoked',
            payload: { recordId, reason: 'appeal' },
          });
      }
      if (chance(r, 0.05)) {
        const dt = 30 + r() * 400;
        out.push({
          dt,
          type: 'MarkedAbnormal',
          payload: { at: iso(300), reason: 'missed_report', year: 2025 },
        });
        if (chance(r, 0.5))
          out.push({ dt: dt + r() * 100, type: 'ActivityRestored', payload: { at: iso(330) } });
      }
      if (chance(r, 0.02))
        out.push({ dt: 30 + r() * 400, type: 'HubDesignated', payload: { by: 'civil-affairs' } });
      return ordered(out);
    },
  },
  {
    name: 'donor (unread)',
    society: 'charity',
    per1M: 40_000,
    stream: (i) => `donor-d${i}`,
    start: (r) => r() * SPAN_DAYS,
    steps: (_r, i) => [
      {
        dt: 0,
        type: 'DonorRegistered',
        payload: {
          donorId: `d${i}`,
          kind: 'person',
          personal: sealed(`d${i}`),
          disclosureConsent: false,
          districtCode: D,
        },
      },
    ],
  },
  {
    name: 'donation',
    society: 'charity',
    per1M: 30_000,
    stream: (i) => `donation-g${i}`,
    start: (r) => r() * SPAN_DAYS,
    steps(r, i) {
      const p = place(r);
      const kind = r();
      let gift: Record<string, unknown>;
      let pledged: number;
      if (kind < 0.6) gift = { kind: 'money', amountFen: (pledged = 100 * int(r, 100, 100_000)) };
      else if (kind < 0.85)
        gift = {
          kind: 'goods',
          item: pick(r, ['rice', 'oil', 'blanket']),
          quantity: (pledged = int(r, 10, 500)),
          unit: 'kg',
        };
      else gift = { kind: 'service', service: 'counselling', hours: (pledged = int(r, 5, 100)) };
      const out: Step[] = [
        {
          dt: 0,
          type: 'DonationRegistered',
          payload: {
            donationId: `g${i}`,
            donorId: `d${int(r, 0, 39_999)}`,
            donorKind: 'person',
            ...(chance(r, 0.3) ? { fundId: `f${int(r, 0, 59)}` } : {}),
            gift,
            restriction: chance(r, 0.3)
              ? { communityCode: p.communityCode, category: pick(r, CATEGORIES) }
              : null,
            ...p,
          },
        },
      ];
      if (chance(r, 0.05)) return out;
      out.push({ dt: r() * 3, type: 'DonationReceived', payload: { quantity: pledged } });
      const entries = int(r, 1, 3);
      const q = Math.max(1, Math.floor(pledged / (entries + 1)));
      for (let k = 0; k < entries; k++) {
        const entryId = `e${i}-${k}`;
        const target = {
          needId: `n${int(r, 0, 39_999)}`,
          communityCode: p.communityCode,
          category: pick(r, CATEGORIES),
        };
        const e = { entryId, quantity: q, target };
        const reserved = 3 + r() * 30;
        out.push({ dt: reserved, type: 'ResourceReserved', payload: e });
        if (chance(r, 0.2)) {
          out.push({
            dt: reserved + 1 + r() * 10,
            type: 'ReservationReleased',
            payload: { ...e, reason: 'case closed' },
          });
          continue;
        }
        const allocated = reserved + 1 + r() * 10;
        out.push({ dt: allocated, type: 'ResourceAllocated', payload: e });
        if (chance(r, 0.01)) {
          out.push({
            dt: allocated + 5,
            type: 'AllocationReversed',
            payload: {
              entryId: `${entryId}r`,
              quantity: q,
              target,
              reversalOf: entryId,
              fromStatus: 'allocated',
              reason: 'error',
            },
          });
          continue;
        }
        if (!chance(r, 0.7)) continue;
        const disbursed = allocated + r() * 30;
        out.push({ dt: disbursed, type: 'ResourceDisbursed', payload: e });
        if (chance(r, 0.6)) out.push({ dt: disbursed + r() * 20, type: 'ReceiptConfirmed', payload: e });
      }
      return ordered(out);
    },
  },
  {
    name: 'fund',
    society: 'charity',
    per1M: 60,
    stream: (i) => `fund-f${i}`,
    start: (r) => r() * 30,
    steps: (r, i) => [
      {
        dt: 0,
        type: 'FundOpened',
        payload: {
          fundId: `f${i}`,
          kind: 'community_foundation',
          name: `fund ${i}`,
          districtCode: D,
          streetCode: pick(r, STREETS),
        },
      },
    ],
  },
];

/** The tree comes first (day 0), with a few renames, moves and merges later. */
function treeStories(): { society: Society; stream: string; start: number; steps: Step[] }[] {
  const r = rng(7);
  const out: { society: Society; stream: string; start: number; steps: Step[] }[] = [
    {
      society: 'community',
      stream: `district-${D}`,
      start: 0,
      steps: [{ dt: 0, type: 'DistrictRegistered', payload: { districtCode: D, name: '上城区' } }],
    },
  ];
  STREETS.forEach((s, k) =>
    out.push({
      society: 'community',
      stream: `street-${s}`,
      start: 0.001 * (k + 1),
      steps: [
        { dt: 0, type: 'StreetRegistered', payload: { districtCode: D, streetCode: s, name: `街道${s}` } },
      ],
    }),
  );
  COMMUNITIES.forEach((c, k) => {
    const steps: Step[] = [
      {
        dt: 0,
        type: 'CommunityRegistered',
        payload: { districtCode: D, streetCode: c.slice(0, 9), communityCode: c, name: `社区${c}` },
      },
    ];
    if (chance(r, 0.05))
      steps.push({
        dt: 100 + r() * 500,
        type: 'UnitRenamed',
        payload: { level: 'community', code: c, from: '社区', to: '新社区' },
      });
    out.push({ society: 'community', stream: `community-${c}`, start: 0.1 + 0.001 * k, steps });
  });
  return out;
}

export interface History {
  /** Number of events (after the cut at `events`). */
  length: number;
  /** The events in publication order, each with its society; generated as they are read. */
  events(): Generator<{ society: Society; event: EventEnvelope }>;
  /** Streams with at least one event. */
  streams: number;
}

/**
 * About `target` events (the mix overshoots by a tenth, and the latest events are cut: history ends
 * "now", with stories in flight), in the order the societies would have published them.
 */
export function history(target: number, seed = 42): History {
  const scale = (target / 1_000_000) * 1.1;
  interface Story {
    society: Society;
    stream: string;
    start: number;
    steps: () => Step[];
  }
  const stories: Story[] = treeStories().map((t) => ({ ...t, steps: () => t.steps }));
  KINDS.forEach((kind, k) => {
    const count = Math.max(1, Math.round(kind.per1M * scale));
    for (let i = 0; i < count; i++) {
      const storySeed = seed * 1_000_003 + k * 10_000_019 + i;
      const start = kind.start(rng(storySeed ^ 0x5bd1e995));
      stories.push({
        society: kind.society,
        stream: kind.stream(i),
        start,
        steps: () => kind.steps(rng(storySeed), i),
      });
    }
  });

  // Pass 1: when each event happens (story, step, time), without keeping payloads.
  const times: number[] = [];
  const storyOf: number[] = [];
  const stepOf: number[] = [];
  stories.forEach((s, i) => {
    for (const [k, st] of s.steps().entries()) {
      times.push(s.start + st.dt);
      storyOf.push(i);
      stepOf.push(k);
    }
  });
  const total = times.length;
  const time = Float64Array.from(times);
  const story = Uint32Array.from(storyOf);
  const step = Uint16Array.from(stepOf);
  const order = new Uint32Array(total).map((_, i) => i);
  order.sort((a, b) => time[a]! - time[b]! || story[a]! - story[b]! || step[a]! - step[b]!);
  const length = Math.min(target, total);
  const kept = order.subarray(0, length);

  const touched = new Set<number>();
  for (const i of kept) touched.add(story[i]!);

  function* events(): Generator<{ society: Society; event: EventEnvelope }> {
    // Pass 2: payloads, one story at a time, forgotten after its last kept event.
    const live = new Map<number, { steps: Step[]; left: number }>();
    const left = new Uint16Array(stories.length);
    for (const i of kept) left[story[i]!]!++;
    for (const [n, i] of kept.entries()) {
      const si = story[i]!;
      let s = live.get(si);
      if (!s) live.set(si, (s = { steps: stories[si]!.steps(), left: left[si]! }));
      const st = s.steps[step[i]!]!;
      if (--s.left === 0) live.delete(si);
      const id = `00000000-0000-4000-8000-${String(n + 1).padStart(12, '0')}`;
      yield {
        society: stories[si]!.society,
        event: {
          id,
          streamId: stories[si]!.stream,
          streamVersion: step[i]! + 1,
          type: st.type,
          schemaVersion: 1,
          occurredAt: iso(time[i]!),
          payload: st.payload,
          metadata: { correlationId: `c-${n + 1}` },
        },
      };
    }
  }
  return { length, events, streams: touched.size };
}
