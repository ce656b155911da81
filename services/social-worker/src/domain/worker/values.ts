import { z } from 'zod';

/** 助理社会工作师 / 社会工作师 / 高级社会工作师 */
export const QUALIFICATION_LEVELS = ['assistant', 'social_worker', 'senior'] as const;
export type QualificationLevel = (typeof QUALIFICATION_LEVELS)[number];

export const SPECIALTIES = [
  'elderly',
  'children',
  'disability',
  'mental_health',
  'community_development',
  'correction', // 社区矫正
  'family',
  'medical',
  'school',
  'other',
] as const;
export type Specialty = (typeof SPECIALTIES)[number];

export const WORKER_STATUSES = ['active', 'suspended', 'left'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];

/** 挂职交流 is a secondment; certifications and titles are the other talent records. */
export const TALENT_RECORD_KINDS = ['certification', 'title', 'secondment'] as const;

/** Administrative codes: district 6 digits, street 9 (district + 3), community 12 (street + 3). */
export const districtCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit district code');
export const streetCode = z.string().regex(/^\d{9}$/, 'must be a 9-digit street code');
export const communityCode = z.string().regex(/^\d{12}$/, 'must be a 12-digit community code');
/** A street social-work station (街道社工站): its street code, then `-` and a 1-3 digit station number. */
export const stationCode = z
  .string()
  .regex(/^\d{9}-\d{1,3}$/, 'must be <9-digit street code>-<1-3 digits>, e.g. 330102001-1');

/**
 * Certificate number (证书编号): 1-4 capital letters naming the issuer, then 8-16 digits (year and
 * serial), e.g. ZJ2024000123. Unique across workers.
 */
export const certificateNumber = z
  .string()
  .regex(/^[A-Z]{1,4}\d{8,16}$/, 'must be 1-4 capital letters then 8-16 digits, e.g. ZJ2024000123');

export const workerId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 . _ : -');
export const organizationId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be an organization id');
export const caseId = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 . _ : -');
export const isoDate = z.iso.date();
export const maxCaseload = z.number().int().min(1).max(100);

/**
 * Where a worker sits must be one branch of the tree: the street inside the district, the station on the
 * street, every covered community on the street. Returns the first offending field, or undefined.
 */
export function placementIssue(p: {
  districtCode?: string;
  streetCode: string;
  stationCode?: string;
  coveredCommunityCodes?: readonly string[];
}): { field: string; message: string } | undefined {
  if (p.districtCode !== undefined && !p.streetCode.startsWith(p.districtCode))
    return { field: 'streetCode', message: 'must start with the district code' };
  if (p.stationCode !== undefined && !p.stationCode.startsWith(`${p.streetCode}-`))
    return { field: 'stationCode', message: "must start with the worker's street code" };
  const i = (p.coveredCommunityCodes ?? []).findIndex((c) => !c.startsWith(p.streetCode));
  if (i >= 0)
    return { field: `coveredCommunityCodes.${i}`, message: "must start with the station's street code" };
  return undefined;
}
