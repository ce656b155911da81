// Plain input types. The callers (linkage's read models) map their documents onto these; the engine never
// loads anything itself.

/** A point in the district → street → community tree (区-街-社), with optional coordinates (WGS-84 degrees). */
export interface Place {
  readonly districtCode: string;
  readonly streetCode: string;
  readonly communityCode: string;
  readonly lat?: number;
  readonly lon?: number;
}

/** A time instant: epoch milliseconds or an ISO-8601 string. */
export type Instant = number | string;

export interface TimeWindow {
  readonly start: Instant;
  readonly end: Instant;
}

export type PlanItemKind = 'volunteer_task' | 'organization_service' | 'money' | 'goods';

/** One required item of a case's service plan. */
export interface PlanItem {
  readonly id: string;
  readonly kind: PlanItemKind;
  /** Skills (volunteers) or specialties (workers) asked for; any one admits a candidate. */
  readonly requiredSkills: readonly string[];
  /** Organization field (领域), e.g. elder_care. */
  readonly field?: string;
  readonly place: Place;
  readonly window?: TimeWindow;
  /** How many volunteers the task needs in all, and how many are already confirmed. */
  readonly headcount?: number;
  readonly filled?: number;
  readonly quantity?: number;
  readonly category?: string;
}

/** A weekly availability slot, in local time: weekday 0 = Sunday … 6 = Saturday, minutes after midnight. */
export interface WeeklySlot {
  readonly weekday: number;
  readonly startMinute: number;
  readonly endMinute: number;
}

export interface VolunteerCandidate {
  readonly id: string;
  readonly skills: readonly string[];
  readonly place: Place;
  readonly radiusKm: number;
  readonly availability: readonly WeeklySlot[];
  readonly bookedWindows: readonly TimeWindow[];
  readonly maxHoursPerWeek: number;
  readonly hoursThisWeek: number;
  /** Active tasks the volunteer already holds. */
  readonly load: number;
  /** Members a volunteer team (志愿服务队) sends; 1 for a person. */
  readonly teamSize?: number;
}

export type CreditStanding = 'good' | 'warning' | 'serious';

export interface OrganizationCandidate {
  readonly id: string;
  readonly fields: readonly string[];
  readonly place: Place;
  /** Evaluation rating 0..5 (1A–5A; 0 = not rated). */
  readonly rating: number;
  readonly creditStanding: CreditStanding;
  /** In the catalogue of organizations eligible for government purchase (两个目录 (2)). */
  readonly eligible: boolean;
  readonly activeProjects: number;
  readonly capacity: number;
}

export type WorkerStatus = 'active' | 'suspended' | 'left';

export interface WorkerCandidate {
  readonly id: string;
  readonly specialties: readonly string[];
  readonly coveredCommunities: readonly string[];
  readonly streetCode: string;
  readonly activeCases: number;
  readonly maxCaseload: number;
  readonly status: WorkerStatus;
}

/** Donor restriction (定向捐赠): a community, a need category, or both; absent = unrestricted. */
export interface DonorRestriction {
  readonly communityCode?: string;
  readonly category?: string;
}

export interface Donation {
  readonly id: string;
  /** Available amount, an integer: fen for money, units for goods. */
  readonly available: number;
  /** 'fen' for money, else the goods unit/item (e.g. 'rice_kg'); only equal measures are routed. */
  readonly measure: string;
  readonly restriction?: DonorRestriction;
  /** Where the resource sits (a community foundation, a store), when known. */
  readonly place?: Place;
}

export interface Need {
  readonly id: string;
  readonly place: Place;
  readonly category: string;
  /** Requested amount, an integer in the same measure. */
  readonly requested: number;
  readonly measure: string;
  /** 1 (low) … 5 (emergency). */
  readonly urgency: number;
}
