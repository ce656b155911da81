// What each role may open and do in the console. The services decide every call (the console adds no
// privilege); this only keeps the navigation and the buttons to what the signed-in role can use.

export type PageId = 'inbox' | 'workbench' | 'needs' | 'charity' | 'dashboard' | 'ops' | 'disclosure';

/** Who runs cases (linkage's CASE_RUNNERS less integrators) and who only reads them. */
const CASE_READERS = [
  'social_worker',
  'supervisor',
  'community_staff',
  'street_admin',
  'district_admin',
  'ops',
];
const CASE_RUNNERS = ['social_worker', 'community_staff', 'street_admin', 'district_admin'];
const SUPERVISORS = ['social_worker', 'street_admin', 'district_admin'];
/** Supervision (督导): approve or return a step, take an escalation. */
const APPROVERS = ['supervisor'];
/** The action inbox (待办): a worker's own cases, a supervisor's place. */
const INBOX_READERS = ['social_worker', 'supervisor'];
const NEED_ROLES = ['community_staff', 'street_admin', 'district_admin'];
const CHARITY_READERS = ['charity_coordinator', 'street_admin', 'district_admin'];
const ROUTERS = ['charity_coordinator', 'street_admin', 'district_admin'];
const ADMINS = ['district_admin', 'street_admin'];

const any = (roles: readonly string[], allowed: readonly string[]) => roles.some((r) => allowed.includes(r));

/** The pages of the navigation, in order: the first a role may open is its home (a worker's inbox). */
export const PAGES: { id: PageId; path: string; roles: readonly string[] | 'public' }[] = [
  { id: 'inbox', path: '/inbox', roles: INBOX_READERS },
  { id: 'workbench', path: '/cases', roles: CASE_READERS },
  { id: 'needs', path: '/needs', roles: NEED_ROLES },
  { id: 'charity', path: '/charity', roles: CHARITY_READERS },
  { id: 'dashboard', path: '/dashboard', roles: ADMINS },
  { id: 'ops', path: '/ops', roles: ['ops'] },
  { id: 'disclosure', path: '/disclosure', roles: 'public' },
];

export const canOpen = (roles: readonly string[], page: PageId): boolean => {
  const p = PAGES.find((x) => x.id === page);
  return !!p && (p.roles === 'public' || any(roles, p.roles));
};
export const canRunCases = (roles: readonly string[]) => any(roles, CASE_RUNNERS);
export const canSupervise = (roles: readonly string[]) => any(roles, SUPERVISORS);
export const canApprove = (roles: readonly string[]) => any(roles, APPROVERS);
export const canRoute = (roles: readonly string[]) => any(roles, ROUTERS);
export const canAllocate = (roles: readonly string[]) => roles.includes('charity_coordinator');
export const canReportNeeds = (roles: readonly string[]) => any(roles, NEED_ROLES);

/**
 * The lists a role may download (GET /v1/exports/<list>), as the services' `*_EXPORT_ROLES` allow:
 * community NEED_EXPORT_ROLES, linkage CASE_EXPORT_ROLES (cases and statistics), charity
 * DONATION_EXPORT_ROLES. Personal data (names, phones) in bulk: street and district offices only.
 */
export type ExportList = 'needs' | 'cases' | 'statistics' | 'donations';
const CASE_EXPORTERS = ['community_staff', 'street_admin', 'district_admin', 'supervisor'];
const EXPORT_ROLES: Record<ExportList, readonly string[]> = {
  needs: NEED_ROLES,
  cases: CASE_EXPORTERS,
  statistics: CASE_EXPORTERS,
  donations: ['charity_coordinator', 'district_admin', 'street_admin', 'community_staff'],
};
const PERSONAL_EXPORTS: Partial<Record<ExportList, readonly string[]>> = { needs: ADMINS };
export const canExport = (roles: readonly string[], list: ExportList) => any(roles, EXPORT_ROLES[list]);
export const canExportPersonal = (roles: readonly string[], list: ExportList) =>
  any(roles, PERSONAL_EXPORTS[list] ?? []);

/** The first page a role lands on after signing in. */
export function homeOf(roles: readonly string[]): string {
  return PAGES.find((p) => p.roles !== 'public' && any(roles, p.roles))?.path ?? '/disclosure';
}
