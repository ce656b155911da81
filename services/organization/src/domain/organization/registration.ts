import { assertCreditCode, IllegalStateError } from '@fivesoc/service-kit';
import { ev, type CommandOf } from './commands.ts';
import type { OrganizationEvent } from './events.ts';
import type { OrganizationState } from './state.ts';
import { isDirectCategory } from './values.ts';

/** The ways in (登记): apply, supervisor pre-approval where needed, the authority's decision, or street filing. */
export function submitApplication(
  c: CommandOf<'submitApplication'>,
  s: OrganizationState,
): OrganizationEvent[] {
  if (s.registration !== 'none')
    throw new IllegalStateError('this organization has already applied or filed');
  assertCreditCode(c.creditCode);
  const { organizationId, name, category, field, place, creditCode, legalRepresentative } = c;
  const route = isDirectCategory(category) ? 'direct' : 'supervisor';
  return [
    ev('ApplicationSubmitted', {
      organizationId,
      name,
      category,
      kind: c.orgKind,
      field,
      place,
      creditCode,
      legalRepresentative,
      route,
    }),
  ];
}

export function preApprove(c: CommandOf<'preApprove'>, s: OrganizationState): OrganizationEvent[] {
  if (s.registration !== 'applied') throw new IllegalStateError(`nothing to pre-approve (${s.registration})`);
  if (s.route !== 'supervisor')
    throw new IllegalStateError(`category ${s.category} is registered directly, without pre-approval`);
  return [ev('SupervisorPreApproved', { supervisor: c.supervisor })];
}

export function approve(s: OrganizationState, now: Date): OrganizationEvent[] {
  if (s.registration === 'applied' && s.route === 'supervisor')
    throw new IllegalStateError('the business supervisor must pre-approve this category first');
  if (s.registration !== 'applied' && s.registration !== 'pre_approved')
    throw new IllegalStateError(`nothing to approve (${s.registration})`);
  return [ev('RegistrationApproved', { at: now.toISOString() })];
}

export function reject(c: CommandOf<'reject'>, s: OrganizationState): OrganizationEvent[] {
  if (s.registration !== 'applied' && s.registration !== 'pre_approved')
    throw new IllegalStateError(`nothing to reject (${s.registration})`);
  return [ev('RegistrationRejected', { reason: c.reason })];
}

export function fileCommunityOrganization(
  c: CommandOf<'fileCommunityOrganization'>,
  s: OrganizationState,
  now: Date,
): OrganizationEvent[] {
  if (s.registration !== 'none')
    throw new IllegalStateError('this organization has already applied or filed');
  const { organizationId, name, field, place, legalRepresentative } = c;
  return [
    ev('CommunityOrganizationFiled', {
      organizationId,
      name,
      field,
      place,
      legalRepresentative,
      at: now.toISOString(),
    }),
  ];
}
