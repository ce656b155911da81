import type { Sealed } from '@fivesoc/service-kit';
import type { CreditRecord, OrganizationEvent } from './events.ts';
import type { LifecycleConfig } from './lifecycle.ts';
import type { MigratedHistory } from './migration.ts';
import type { Category, Field, IndicatorScores, Kind, OrgPlace, Rating } from './values.ts';

export type OrganizationCommand =
  | {
      kind: 'submitApplication';
      organizationId: string;
      name: string;
      category: Category;
      orgKind: Kind;
      field: Field;
      place: OrgPlace;
      creditCode: string;
      legalRepresentative: Sealed;
    }
  | { kind: 'preApprove'; supervisor: string }
  | { kind: 'approve' }
  | { kind: 'reject'; reason: string }
  | {
      kind: 'fileCommunityOrganization';
      organizationId: string;
      name: string;
      field: Field;
      place: OrgPlace;
      legalRepresentative: Sealed;
    }
  | { kind: 'addCreditRecord'; record: CreditRecord }
  | { kind: 'revokeCreditRecord'; recordId: string; reason: string }
  | { kind: 'fileAnnualReport'; year: number; summary: string }
  | { kind: 'applyDueTransitions'; config: LifecycleConfig }
  | { kind: 'designateHub'; by: string }
  | {
      /** 迁移: an organization of the district's existing registry, with its past. */
      kind: 'migrateOrganization';
      organizationId: string;
      name: string;
      orgKind: Kind;
      field: Field;
      place: OrgPlace;
      legalRepresentative: Sealed;
      history: MigratedHistory;
    }
  | {
      kind: 'recordEvaluation';
      round: string;
      scores: IndicatorScores;
      evaluator: string;
      validYears: number;
      /** The district's rating bands in force (the service's default bands when absent). */
      bands?: Record<Rating, number>;
    };

type Event<T extends OrganizationEvent['type']> = Extract<OrganizationEvent, { type: T }>;

/** An event of type `type`, typed by its payload. */
export const ev = <T extends OrganizationEvent['type']>(type: T, payload: Event<T>['payload']) =>
  ({ type, payload }) as Event<T>;

export type CommandOf<K extends OrganizationCommand['kind']> = Extract<OrganizationCommand, { kind: K }>;
