import {
  ForbiddenError,
  inScope,
  NotFoundError,
  type Place,
  type Principal,
  type Role,
} from '@fivesoc/service-kit';
import { type VolunteerState } from '../domain/volunteer/decider.ts';
import type { TaskDefinition } from '../domain/task/events.ts';
import type { Deps } from './deps.ts';

/** Community staff and street / district admins: register and read volunteers within their scope. */
export const ADMINS: Role[] = ['community_staff', 'street_admin', 'district_admin'];

const isAdminInScope = (p: Principal, place: Place | undefined) =>
  place !== undefined && p.roles.some((r) => ADMINS.includes(r)) && inScope(p, place);

/** The volunteer as stored (active or erased), or 404. */
export async function loadVolunteer(deps: Deps, id: string) {
  const { state, version, events } = await deps.commands.volunteer.load(id);
  if (state.status === 'none') throw new NotFoundError('volunteer', id);
  return { state, version, events };
}

/** The volunteer themselves (token subject = volunteer id), or an admin whose scope holds their community. */
export function assertSelfOrAdmin(
  p: Principal,
  volunteerId: string,
  state: VolunteerState & { status: 'active' | 'erased' },
) {
  if (p.roles.includes('volunteer') && p.subject === volunteerId) return;
  if (isAdminInScope(p, state.profile.place)) return;
  throw new ForbiddenError('only the volunteer or an admin of their community may see this');
}

/**
 * Who organizes a task: the organization that created it (token subject = creator id), staff and admins
 * whose scope holds the task's community, and, for a task of a case, social workers and the linkage
 * service's integration client in scope.
 */
export function assertOrganizer(p: Principal, task: TaskDefinition) {
  const { creator, place } = task;
  if (creator.kind === 'organization' && p.roles.includes('organization') && p.subject === creator.id) return;
  if (isAdminInScope(p, place)) return;
  if (
    creator.kind === 'case' &&
    p.roles.some((r) => r === 'social_worker' || r === 'integration_client') &&
    inScope(p, place)
  )
    return;
  throw new ForbiddenError('only the organizer of this task may do this');
}

/** The creator named in a new task must be the caller. */
export function assertMayCreateAs(p: Principal, creator: TaskDefinition['creator']) {
  const ok =
    creator.kind === 'organization'
      ? p.roles.includes('organization') && p.subject === creator.id
      : creator.kind === 'community_staff'
        ? p.roles.some((r) => ADMINS.includes(r)) && p.subject === creator.id
        : p.roles.some((r) => r === 'social_worker' || r === 'integration_client');
  if (!ok) throw new ForbiddenError(`you cannot create a task as ${creator.kind} ${creator.id}`);
}
