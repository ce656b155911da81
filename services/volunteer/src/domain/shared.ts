import { z } from 'zod';

/** The closed list of volunteer skills (技能). */
export const SKILLS = [
  'elder_care',
  'child_care',
  'disability_support',
  'medical',
  'psychological_support',
  'education_tutoring',
  'legal_aid',
  'culture_arts',
  'sports',
  'it_support',
  'logistics',
  'translation',
  'emergency_rescue',
  'other',
] as const;
export type Skill = (typeof SKILLS)[number];

const code = z.string().regex(/^[0-9A-Za-z_-]{1,20}$/, 'letters, digits, _ and - only (1-20)');

/** Where a record sits in the district → street → community tree (all three, for scoping). */
export const placeSchema = z.strictObject({
  districtCode: code,
  streetCode: code,
  communityCode: code,
});
export type PlaceCodes = z.infer<typeof placeSchema>;

export const skillSchema = z.enum(SKILLS);
export const idSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/, 'letters, digits, . _ : - only (1-80)');
/** An ISO-8601 instant with its offset, e.g. 2026-12-01T09:00:00Z. */
export const instantSchema = z.iso.datetime({ offset: true });
