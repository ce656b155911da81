import { z } from 'zod';

/** The four categories registered directly, without a business supervisor's pre-approval (直接登记). */
export const DIRECT_CATEGORIES = [
  'industry_association_chamber', // 行业协会商会
  'science_technology', // 科技类
  'public_welfare_charity', // 公益慈善类
  'urban_rural_community_service', // 城乡社区服务类
] as const;
export const CATEGORIES = [
  ...DIRECT_CATEGORIES,
  'education',
  'culture_sports',
  'health',
  'legal',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** 社会团体, 社会服务机构 (民办非企业单位), 基金会. */
export const KINDS = ['social_group', 'social_service_agency', 'foundation'] as const;
/** Field of service, the classification hub organizations lead. */
export const FIELDS = [
  'elderly',
  'children',
  'disability',
  'poverty_relief',
  'culture',
  'mutual_aid',
  'public_welfare',
  'other',
] as const;

export type Field = (typeof FIELDS)[number];
export type Kind = (typeof KINDS)[number];

export const isDirectCategory = (c: Category): boolean =>
  (DIRECT_CATEGORIES as readonly string[]).includes(c);

export const placeSchema = z.strictObject({
  districtCode: z.string().regex(/^\d{6}$/),
  streetCode: z.string().regex(/^\d{9}$/),
  communityCode: z.string().regex(/^\d{12}$/),
});
export type OrgPlace = z.infer<typeof placeSchema>;

export const RATINGS = ['1A', '2A', '3A', '4A', '5A'] as const;
export type Rating = (typeof RATINGS)[number];
export const ratingLevel = (r: Rating): number => RATINGS.indexOf(r) + 1;

export const indicatorScoresSchema = z.strictObject({
  serviceCapacity: z.number().int().min(0).max(100),
  efficiency: z.number().int().min(0).max(100),
  compliance: z.number().int().min(0).max(100),
  benefit: z.number().int().min(0).max(100),
});
export type IndicatorScores = z.infer<typeof indicatorScoresSchema>;

export const DAY_MS = 86_400_000;
