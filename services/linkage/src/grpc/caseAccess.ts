import {
  ForbiddenError,
  inScope,
  scopeFilter,
  type DataScope,
  type Principal,
  type Role,
} from '@fivesoc/service-kit';
import { READERS } from '../api/lists.ts';
import type { LinkageServiceService } from '../gen/fivesoc/linkage/v1/linkage.ts';
import type { CaseState } from '../cases/domain/state.ts';

// Who may do what with a case, and which cases they see.

/** Read a case, list cases, watch one, the statistics: everyone who runs cases, integrators, and ops. */
export const CASE_READERS: readonly Role[] = [
  'social_worker',
  'supervisor',
  'community_staff',
  'street_admin',
  'district_admin',
  'integration_client',
  'ops',
];

/** Open a case and run its steps (assessment, plan, matches, deliveries, review, close). */
export const CASE_RUNNERS: readonly Role[] = [
  'social_worker',
  'community_staff',
  'street_admin',
  'district_admin',
  'integration_client',
];

/** Ask a worker to take a case: those who dispatch cases, not a worker picking one. */
export const DISPATCHERS: readonly Role[] = [
  'community_staff',
  'street_admin',
  'district_admin',
  'integration_client',
];

/** Transfer a case to another worker or escalate it a level: its worker or the admins above. */
export const SUPERVISORS: readonly Role[] = ['social_worker', 'street_admin', 'district_admin'];

/**
 * Refer a case to an organization without the resident's consent to `referral_to_partners` (with a reason,
 * recorded on the case): the admins above the case's worker and staff, never the worker alone.
 */
export const CONSENT_OVERRIDERS: readonly Role[] = ['street_admin', 'district_admin'];

/** Approve or return a supervised step, take an escalated case: the supervisors (督导) of its street or district. */
export const APPROVERS: readonly Role[] = ['supervisor'];

/** A district's case policy is set by its admins; read by everyone who runs cases there. */
export const POLICY_SETTERS: readonly Role[] = ['district_admin'];

/** The action inbox: a worker's own cases, a supervisor's place. */
export const INBOX_READERS: readonly Role[] = ['social_worker', 'supervisor'];

/** Route donations to cases in batch: charity coordinators, admins and integrators. */
export const ROUTERS: readonly Role[] = [
  'charity_coordinator',
  'street_admin',
  'district_admin',
  'integration_client',
];

const isWorkerOf = (p: Principal, workerId: string | null | undefined): boolean =>
  p.roles.includes('social_worker') && !!workerId && workerId === p.subject;

type Seen = Pick<CaseState, 'place' | 'workerId'> & { transfer?: CaseState['transfer'] };

/**
 * A case is seen by whoever's token scope holds its place (a worker's coverage, a community's staff, a
 * street's or the district's admins), by the social worker it is assigned to, wherever they sit, and by the
 * worker a transfer of it is offered to (who must read it to decide).
 */
export const canSeeCase = (p: Principal, s: Seen): boolean =>
  inScope(p, s.place) || isWorkerOf(p, s.workerId) || isWorkerOf(p, s.transfer?.toWorkerId);

export function assertCanSeeCase(p: Principal, s: Seen & Pick<CaseState, 'caseId'>): void {
  if (!canSeeCase(p, s))
    throw new ForbiddenError(
      `case ${s.caseId} is outside your ${p.scope.level} scope and not assigned to you`,
    );
}

/** The same rule as a filter on the case views. */
export function caseScopeFilter(p: Principal): Record<string, unknown> {
  const scope = scopeFilter(p);
  return p.roles.includes('social_worker') ? { $or: [scope, { workerId: p.subject }] } : scope;
}

/** Who may call an RPC and how its data is scoped: the same declaration as an HTTP route's `config`. */
export interface RpcAccess {
  roles: readonly Role[];
  scope: DataScope;
}

/**
 * Every RPC of LinkageService with its callers and scope (typed over the generated service, so a new RPC
 * does not compile without a line here; startGrpcServer also refuses a method without one at run time).
 */
export const RPC_ACCESS: Record<keyof typeof LinkageServiceService, RpcAccess> = {
  listNeeds: { roles: READERS, scope: 'place' },
  listWorkers: { roles: READERS, scope: 'place' },
  openCase: { roles: CASE_RUNNERS, scope: 'place' },
  getCase: { roles: CASE_READERS, scope: 'place_or_own' },
  listCases: { roles: CASE_READERS, scope: 'place_or_own' },
  assignWorker: { roles: DISPATCHERS, scope: 'place' },
  assess: { roles: CASE_RUNNERS, scope: 'place_or_own' },
  plan: { roles: CASE_RUNNERS, scope: 'place_or_own' },
  proposeMatches: { roles: CASE_RUNNERS, scope: 'place_or_own' },
  acceptMatch: { roles: CASE_RUNNERS, scope: 'place_or_own' },
  rejectMatch: { roles: CASE_RUNNERS, scope: 'place_or_own' },
  recordDelivery: { roles: CASE_RUNNERS, scope: 'place_or_own' },
  review: { roles: CASE_RUNNERS, scope: 'place_or_own' },
  closeCase: { roles: CASE_RUNNERS, scope: 'place_or_own' },
  transferCase: { roles: SUPERVISORS, scope: 'place_or_own' },
  escalateCase: { roles: SUPERVISORS, scope: 'place_or_own' },
  routeDonations: { roles: ROUTERS, scope: 'place' },
  watchCase: { roles: CASE_READERS, scope: 'place_or_own' },
  getDistrictStatistics: { roles: CASE_READERS, scope: 'place_or_own' },
  getCaseHistory: { roles: CASE_READERS, scope: 'place_or_own' },
  getCasePolicy: { roles: CASE_READERS, scope: 'place' },
  setCasePolicy: { roles: POLICY_SETTERS, scope: 'place' },
  approveStep: { roles: APPROVERS, scope: 'place' },
  returnStep: { roles: APPROVERS, scope: 'place' },
  getApprovalNote: { roles: CASE_READERS, scope: 'place_or_own' },
  answerTransfer: { roles: ['social_worker'], scope: 'own' },
  takeEscalation: { roles: APPROVERS, scope: 'place' },
  addTask: { roles: CASE_RUNNERS, scope: 'place_or_own' },
  completeTask: { roles: CASE_RUNNERS, scope: 'place_or_own' },
  listActions: { roles: INBOX_READERS, scope: 'place_or_own' },
  watchActions: { roles: INBOX_READERS, scope: 'place_or_own' },
};
