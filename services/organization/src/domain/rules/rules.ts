import { z } from 'zod';
import { defineEvent, type Decider } from '@fivesoc/eventing';
import { RATINGS, type Rating } from '../organization/values.ts';

// A district's local organization rules (stream `rules-<districtCode>`): the 1A–5A score bands, the
// catalogue's eligibility threshold and how residents' ratings (效果共评) weigh in the social benefit.
// Versioned as events, as linkage's case policy is: every derived answer names the version it used.

const score = z.number().int().min(0).max(100);

export const organizationRulesSchema = z.strictObject({
  /** Lowest mean indicator score (0-100) for each rating; each band above the one below. */
  ratingBands: z
    .strictObject({ '1A': score, '2A': score, '3A': score, '4A': score, '5A': score })
    .refine(
      (b) => RATINGS.every((r, i) => i === 0 || b[r] > b[RATINGS[i - 1]!]),
      'each band must be higher than the one below',
    ),
  catalogue: z.strictObject({
    /** Lowest rating level (1 = 1A … 5 = 5A) an organization of the eligible catalogue holds. */
    minRating: z.number().int().min(1).max(5),
    /** Lowest concluding score (0-100) of a venture project (公益创投) promoted into a catalogue item. */
    ventureMinScore: score,
  }),
  residentFeedback: z.strictObject({
    /** Fewer residents' ratings than this: the evaluator's benefit score stands alone. */
    minCount: z.number().int().min(1).max(10_000),
    /** Share (percent) of the social-benefit indicator that residents' ratings make once counted. */
    weightPercent: z.number().int().min(0).max(100),
  }),
});
export type OrganizationRules = z.infer<typeof organizationRulesSchema>;

export const DEFAULT_RATING_BANDS: Record<Rating, number> = {
  '1A': 50,
  '2A': 60,
  '3A': 70,
  '4A': 80,
  '5A': 90,
};
/** A venture project concluded with at least this score is mature (成熟) enough to be bought. */
export const DEFAULT_VENTURE_MIN_SCORE = 80;
export const DEFAULT_RESIDENT_FEEDBACK = { minCount: 5, weightPercent: 50 };
export const DEFAULT_RULES_SOURCE =
  'default: bands 50/60/70/80/90, CATALOGUE_MIN_RATING, venture score 80, 5 ratings at 50% (organization README)';

/** What a district has until it sets its own; the catalogue threshold comes from CATALOGUE_MIN_RATING. */
export const defaultRules = (minRating: number): OrganizationRules => ({
  ratingBands: DEFAULT_RATING_BANDS,
  catalogue: { minRating, ventureMinScore: DEFAULT_VENTURE_MIN_SCORE },
  residentFeedback: DEFAULT_RESIDENT_FEEDBACK,
});

export const rulesStreamOf = (districtCode: string): string => `rules-${districtCode}`;

const districtCode = z.string().regex(/^\d{6}$/);
export const rulesContracts = [
  defineEvent({
    type: 'OrganizationRulesSet',
    description:
      "A district's organization rules (rating bands, catalogue threshold, residents' share in the social benefit) from now on, and who set them.",
    version: 1,
    schema: z.strictObject({
      districtCode,
      rules: organizationRulesSchema,
      setBy: z.string().min(1).max(100),
    }),
  }),
];

export type RulesEvent = {
  type: 'OrganizationRulesSet';
  payload: { districtCode: string; rules: OrganizationRules; setBy: string };
};
export type RulesCommand = { kind: 'set'; districtCode: string; rules: OrganizationRules; setBy: string };
export interface RulesState {
  rules?: OrganizationRules;
}

const same = (a: OrganizationRules, b: OrganizationRules) => JSON.stringify(a) === JSON.stringify(b);

export const rulesDecider: Decider<RulesState, RulesCommand, RulesEvent> = {
  initialState: () => ({}),
  decide: (c, s) => {
    // Setting what is in force already changes nothing (a repeated request is not a new version).
    if (s.rules && same(s.rules, c.rules)) return [];
    return [
      {
        type: 'OrganizationRulesSet',
        payload: { districtCode: c.districtCode, rules: c.rules, setBy: c.setBy },
      },
    ];
  },
  evolve: (_s, e) => ({ rules: e.payload.rules }),
};

/** Where the rules in force come from: a version of the district's stream, or the service's defaults. */
export type RulesSource =
  | { kind: 'default'; text: string }
  | { kind: 'district'; districtCode: string; version: number; setBy: string; setAt: string };

export interface RulesInForce {
  rules: OrganizationRules;
  source: RulesSource;
}
