import type { FastifyRequest } from 'fastify';
import { ForbiddenError, assertInScope, type Role } from '@fivesoc/service-kit';
import type { WorkerState } from '../domain/worker/index.ts';

export const ADMINS: Role[] = ['district_admin', 'street_admin'];
export const CASELOAD_CALLERS: Role[] = ['integration_client', ...ADMINS];

/** Admins and integration clients act on workers inside their scope (the worker's district and street). */
export function assertWorkerInScope(req: FastifyRequest, profile: NonNullable<WorkerState['profile']>) {
  assertInScope(
    req.principal,
    { districtCode: profile.districtCode, streetCode: profile.streetCode },
    'this worker',
  );
}

/**
 * Who may read one worker: admins and integration clients in scope, and the worker themself (token
 * subject = worker id). Returns whether the caller may see the worker's name and phone.
 */
export function readerMaySeePersonal(
  req: FastifyRequest,
  profile: NonNullable<WorkerState['profile']>,
): boolean {
  const { roles, subject } = req.principal;
  if (roles.includes('social_worker') && subject === profile.workerId) return true;
  const admin = roles.some((r) => ADMINS.includes(r));
  if (admin || roles.includes('integration_client')) {
    assertWorkerInScope(req, profile);
    return admin;
  }
  throw new ForbiddenError('a social worker reads only their own record');
}
