import type { Sealed } from '@fivesoc/service-kit';
import type { CreditRecord, Evaluation, OrganizationEvent } from './events.ts';
import type { Category, Field, Kind, OrgPlace } from './values.ts';

export type Registration = 'none' | 'applied' | 'pre_approved' | 'registered' | 'rejected' | 'filed';
/** 正常 → 活动异常名录 → 僵尸型 → 退出公告 → 已退出. */
export type Activity = 'normal' | 'abnormal' | 'zombie' | 'exit_notice' | 'exited';

export interface OrganizationState {
  id?: string;
  registration: Registration;
  route?: 'direct' | 'supervisor' | 'street_filing';
  name?: string;
  category?: Category;
  kind?: Kind;
  hub: boolean;
  field?: Field;
  place?: OrgPlace;
  creditCode?: string;
  legalRepresentative?: Sealed;
  registeredAt?: string;
  rejectionReason?: string;
  activity: Activity;
  /** When the organization entered its current activity state. */
  activitySince?: string;
  exitDeadline?: string;
  lastActivityAt?: string;
  reports: { year: number; at: string }[];
  credit: (CreditRecord & { revokedReason?: string })[];
  evaluations: Evaluation[];
  /** When it was brought over from the district's existing registry (its earlier dates are the registry's). */
  migratedAt?: string;
}

export const initialState = (): OrganizationState => ({
  registration: 'none',
  hub: false,
  activity: 'normal',
  reports: [],
  credit: [],
  evaluations: [],
});

export function evolve(s: OrganizationState, e: OrganizationEvent): OrganizationState {
  switch (e.type) {
    case 'ApplicationSubmitted': {
      const p = e.payload;
      return {
        ...s,
        id: p.organizationId,
        registration: 'applied',
        route: p.route,
        name: p.name,
        category: p.category,
        kind: p.kind,
        field: p.field,
        place: p.place,
        creditCode: p.creditCode,
        legalRepresentative: p.legalRepresentative,
      };
    }
    case 'SupervisorPreApproved':
      return { ...s, registration: 'pre_approved' };
    case 'RegistrationApproved':
      return { ...s, registration: 'registered', registeredAt: e.payload.at, lastActivityAt: e.payload.at };
    case 'RegistrationRejected':
      return { ...s, registration: 'rejected', rejectionReason: e.payload.reason };
    case 'CommunityOrganizationFiled': {
      const p = e.payload;
      return {
        ...s,
        id: p.organizationId,
        registration: 'filed',
        route: 'street_filing',
        name: p.name,
        field: p.field,
        place: p.place,
        legalRepresentative: p.legalRepresentative,
        registeredAt: p.at,
        lastActivityAt: p.at,
      };
    }
    case 'CreditRecordAdded':
      return { ...s, credit: [...s.credit, e.payload] };
    case 'AnnualReportFiled':
      return {
        ...s,
        reports: [...s.reports, { year: e.payload.year, at: e.payload.at }],
        lastActivityAt: e.payload.at,
      };
    case 'MarkedAbnormal':
      return { ...s, activity: 'abnormal', activitySince: e.payload.at };
    case 'FlaggedZombie':
      return { ...s, activity: 'zombie', activitySince: e.payload.at };
    case 'ExitNoticeIssued':
      return { ...s, activity: 'exit_notice', activitySince: e.payload.at, exitDeadline: e.payload.deadline };
    case 'OrganizationExited':
      return { ...s, activity: 'exited', activitySince: e.payload.at };
    case 'ActivityRestored': {
      const { exitDeadline: _gone, ...rest } = s;
      return { ...rest, activity: 'normal', activitySince: e.payload.at, lastActivityAt: e.payload.at };
    }
    case 'CreditRecordRevoked':
      return {
        ...s,
        credit: s.credit.map((r) =>
          r.recordId === e.payload.recordId ? { ...r, revokedReason: e.payload.reason } : r,
        ),
      };
    case 'HubDesignated':
      return { ...s, hub: true };
    case 'EvaluationRecorded':
      return { ...s, evaluations: [...s.evaluations, e.payload] };
    case 'OrganizationMigrated':
      return { ...s, migratedAt: e.payload.at };
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}
