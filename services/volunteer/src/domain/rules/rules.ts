import { z } from 'zod';
import { defineEvent, type Decider } from '@fivesoc/eventing';

// A district's local volunteer rules (stream `rules-<districtCode>`): the star thresholds and which hours
// count. Versioned as events, as linkage's case policy is: the reading names the version it used, so a star
// level always says which rule gave it. Provinces differ, so each district sets its own.

/** How an hours entry is classified when it is recorded (by the organizer, who knows the shift). */
export const HOURS_NATURES = [
  'voluntary', // 志愿服务: unpaid service given freely
  'work_duty', // 本职工作: a staff member's workday duties, paid by their employer
] as const;
export type HoursNature = (typeof HOURS_NATURES)[number];

const ascending = (xs: readonly number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

export const volunteerRulesSchema = z.strictObject({
  /** Cumulative counted hours for 1★, 2★ … (ascending; up to 10 tiers, so a province may add higher ones). */
  starThresholds: z
    .array(z.number().int().min(1).max(100_000))
    .min(1)
    .max(10)
    .refine(ascending, 'each threshold must be higher than the one before'),
  /** Which natures of hours count toward stars (and confirmed hours). */
  countedNatures: z
    .array(z.enum(HOURS_NATURES))
    .min(1)
    .refine((xs) => new Set(xs).size === xs.length, 'each nature once'),
});
export type VolunteerRules = z.infer<typeof volunteerRulesSchema>;

/** The 2012 《志愿服务记录办法》 (民政部): 100 / 300 / 600 / 1000 / 1500 h for one to five stars. */
export const DEFAULT_VOLUNTEER_RULES: VolunteerRules = {
  starThresholds: [100, 300, 600, 1000, 1500],
  countedNatures: ['voluntary'],
};
export const DEFAULT_RULES_SOURCE = 'default: 《志愿服务记录办法》2012';

export const rulesStreamOf = (districtCode: string): string => `rules-${districtCode}`;

const districtCode = z.string().regex(/^[0-9A-Za-z_-]{1,20}$/);
export const rulesEvents = [
  defineEvent({
    type: 'VolunteerRulesSet',
    description:
      "A district's volunteer rules (star thresholds, hours that count) from now on, and who set them.",
    version: 1,
    schema: z.strictObject({ districtCode, rules: volunteerRulesSchema, setBy: z.string().min(1).max(100) }),
  }),
];

export type RulesEvent = {
  type: 'VolunteerRulesSet';
  payload: { districtCode: string; rules: VolunteerRules; setBy: string };
};
export type RulesCommand = { kind: 'set'; districtCode: string; rules: VolunteerRules; setBy: string };
export interface RulesState {
  rules: VolunteerRules;
  set: boolean;
}

const same = (a: VolunteerRules, b: VolunteerRules) => JSON.stringify(a) === JSON.stringify(b);

export const rulesDecider: Decider<RulesState, RulesCommand, RulesEvent> = {
  initialState: () => ({ rules: DEFAULT_VOLUNTEER_RULES, set: false }),
  decide: (c, s) => {
    // Setting what is in force already changes nothing (a repeated request is not a new version).
    if (s.set && same(s.rules, c.rules)) return [];
    return [
      {
        type: 'VolunteerRulesSet',
        payload: { districtCode: c.districtCode, rules: c.rules, setBy: c.setBy },
      },
    ];
  },
  evolve: (_s, e) => ({ rules: e.payload.rules, set: true }),
};

/** Where the rules in force come from: a version of the district's stream, or the national default. */
export type RulesSource =
  | { kind: 'default'; text: string }
  | { kind: 'district'; districtCode: string; version: number; setBy: string; setAt: string };

export interface RulesInForce {
  rules: VolunteerRules;
  source: RulesSource;
}

/** The star level (0 = none) of `hours` counted hours under the thresholds. */
export const starLevelUnder = (thresholds: readonly number[], hours: number): number =>
  thresholds.filter((h) => hours >= h).length;
