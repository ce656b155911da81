import type { Collection, Db } from 'mongodb';

/** Every read-model document is keyed by its source stream id and remembers the version it applied. */
export interface SourceDoc {
  _id: string;
  _v?: number;
}

export interface Scoped {
  districtCode: string;
  streetCode: string | null;
  communityCode: string | null;
}

export interface TreeUnitDoc extends SourceDoc, Scoped {
  level: 'district' | 'street' | 'community';
  code: string;
  name: string;
  parentCode: string | null;
  status: 'open' | 'merged';
  mergedInto: string | null;
}

export interface NeedDoc extends SourceDoc, Scoped {
  needId: string;
  category: string;
  urgency: string;
  status: 'open' | 'withdrawn';
  consentScope: string[];
  reportedAt: string;
  updatedAt: string;
}

export interface WorkerDoc extends SourceDoc, Scoped {
  workerId: string;
  qualificationLevel: string;
  specialties: string[];
  employerId: string;
  stationCode: string;
  coveredCommunityCodes: string[];
  maxCaseload: number;
  activeCases: number;
  activeCaseIds: string[];
  status: 'active' | 'suspended' | 'left';
  registeredAt: string;
}

export interface Window {
  weekday: number;
  start: string;
  end: string;
}

export interface VolunteerDoc extends SourceDoc, Scoped {
  volunteerId: string;
  skills: string[];
  languages: string[];
  availability: Window[];
  serviceRadiusKm: number;
  maxHoursPerWeek: number;
  status: 'active' | 'erased';
  registeredAt: string;
}

/** A volunteer's booked windows (`schedule-<volunteerId>` stream). */
export interface ScheduleDoc extends SourceDoc {
  volunteerId: string;
  windows: { taskId: string; startAt: string; endAt: string }[];
}

export interface TaskDoc extends SourceDoc, Scoped {
  taskId: string;
  creator: { kind: string; id: string };
  requiredSkills: string[];
  startAt: string;
  endAt: string;
  headcount: number;
  signedUp: string[];
  assigned: string[];
  status: 'open' | 'cancelled';
}

export interface CreditEntry {
  recordId: string;
  polarity: 'positive' | 'negative';
  serious: boolean;
  revoked: boolean;
}

export interface OrganizationDoc extends SourceDoc, Scoped {
  organizationId: string;
  name: string;
  category: string | null;
  kind: string | null;
  field: string;
  registration: 'applied' | 'pre_approved' | 'registered' | 'rejected' | 'filed';
  activity: 'normal' | 'abnormal' | 'zombie' | 'exit_notice' | 'exited';
  hub: boolean;
  rating: string | null;
  ratingValidUntil: string | null;
  credit: CreditEntry[];
  creditStanding: 'good' | 'negative' | 'serious';
  eligible: boolean;
}

export interface LedgerTotals {
  received: number;
  reserved: number;
  allocated: number;
  disbursed: number;
  confirmed: number;
  released: number;
  reversed: number;
}

export interface DonationDoc extends SourceDoc, Scoped {
  donationId: string;
  donorKind: string;
  fundId: string | null;
  giftKind: 'money' | 'goods' | 'service';
  /** `fen`, `hour`, or `<item>/<unit>` for goods: amounts are counted in it. */
  measure: string;
  pledged: number;
  restriction: { purpose: string | null; communityCode: string | null; category: string | null } | null;
  totals: LedgerTotals;
  /** received − reserved − allocated: what can still be reserved. */
  available: number;
  entries: { entryId: string; quantity: number; needId: string; communityCode: string; status: string }[];
  registeredAt: string;
}

export interface FundDoc extends SourceDoc, Scoped {
  fundId: string;
  kind: string;
  name: string;
}

export const COLLECTIONS = {
  treeUnits: 'rm_tree_units',
  needs: 'rm_needs',
  workers: 'rm_workers',
  volunteers: 'rm_volunteers',
  schedules: 'rm_volunteer_schedules',
  tasks: 'rm_volunteer_tasks',
  organizations: 'rm_organizations',
  donations: 'rm_donations',
  funds: 'rm_funds',
} as const;

export interface ReadModelCollections {
  treeUnits: Collection<TreeUnitDoc>;
  needs: Collection<NeedDoc>;
  workers: Collection<WorkerDoc>;
  volunteers: Collection<VolunteerDoc>;
  schedules: Collection<ScheduleDoc>;
  tasks: Collection<TaskDoc>;
  organizations: Collection<OrganizationDoc>;
  donations: Collection<DonationDoc>;
  funds: Collection<FundDoc>;
}

export function readModelCollections(db: Db): ReadModelCollections {
  const c = <T extends SourceDoc>(name: string) => db.collection<T>(name);
  return {
    treeUnits: c(COLLECTIONS.treeUnits),
    needs: c(COLLECTIONS.needs),
    workers: c(COLLECTIONS.workers),
    volunteers: c(COLLECTIONS.volunteers),
    schedules: c(COLLECTIONS.schedules),
    tasks: c(COLLECTIONS.tasks),
    organizations: c(COLLECTIONS.organizations),
    donations: c(COLLECTIONS.donations),
    funds: c(COLLECTIONS.funds),
  };
}
