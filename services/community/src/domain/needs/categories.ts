/**
 * The closed list of need categories (需求类别). It is versioned: events carry the list version they were
 * chosen from, so a later list (v2) can rename or split a category without rewriting history.
 */
export const NEED_CATEGORY_LIST_VERSION = 1;
export const NEED_CATEGORIES = [
  'elder_care',
  'child_care',
  'disability',
  'poverty_relief',
  'mental_health',
  'emergency',
  'property_management',
  'education',
  'culture_sports',
  'health',
  'other',
] as const;
export type NeedCategory = (typeof NEED_CATEGORIES)[number];

export const URGENCIES = ['low', 'normal', 'high', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Who gave consent to record and use the people's data (PIPL 个人信息处理同意). */
export const CONSENT_GIVERS = ['self', 'guardian', 'relative', 'legal_representative'] as const;
/** What the consent covers. */
export const CONSENT_SCOPES = [
  'needs_assessment',
  'case_handling',
  'referral_to_partners',
  'statistics',
] as const;

export const WITHDRAW_REASONS = [
  'resident_request',
  'resolved_elsewhere',
  'duplicate',
  'reported_in_error',
  'other',
] as const;
