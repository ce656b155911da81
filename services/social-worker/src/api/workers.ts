import { z } from 'zod';
import { assertInScope, commandContext, etagOf, historyRoute, ValidationError } from '@fivesoc/service-kit';
import {
  QUALIFICATION_LEVELS,
  SPECIALTIES,
  certificateNumber,
  communityCode,
  districtCode,
  maxCaseload,
  organizationId,
  placementIssue,
  stationCode,
  streetCode,
  workerId,
} from '../domain/worker/index.ts';
import type { HttpApp } from '@fivesoc/service-kit';
import { ADMINS, assertWorkerInScope, readerMaySeePersonal } from './access.ts';
import { releaseCertificate, reserveCertificate } from './certificates.ts';
import { loadWorker, type Deps, type WorkerState } from './deps.ts';
import { createdWorker, okWorker, commandOnWorker, workerView } from './views.ts';

const name = z.string().trim().min(1).max(50);
const phone = z.string().regex(/^\+?\d{5,20}$/, 'must be 5-20 digits, optionally after +');
const specialties = z.array(z.enum(SPECIALTIES)).min(1).max(SPECIALTIES.length);
const communities = z.array(communityCode).min(1).max(50);
const params = z.object({ workerId });
const tags = ['workers'];

const registerBody = z
  .strictObject({
    workerId,
    name,
    phone,
    qualificationLevel: z.enum(QUALIFICATION_LEVELS),
    certificateNumber,
    specialties,
    employerId: organizationId,
    districtCode,
    streetCode,
    stationCode,
    coveredCommunityCodes: communities,
    maxCaseload,
  })
  .superRefine((b, ctx) => {
    const issue = placementIssue(b);
    if (issue) ctx.addIssue({ code: 'custom', path: issue.field.split('.'), message: issue.message });
  });

const updateBody = z.strictObject({
  name: name.optional(),
  phone: phone.optional(),
  qualificationLevel: z.enum(QUALIFICATION_LEVELS).optional(),
  specialties: specialties.optional(),
  employerId: organizationId.optional(),
  coveredCommunityCodes: communities.optional(),
  maxCaseload: maxCaseload.optional(),
});

export function workerRoutes(app: HttpApp, deps: Deps): void {
  app.post(
    '/v1/workers',
    {
      config: { roles: ADMINS, scope: 'place' },
      schema: {
        response: createdWorker,
        summary: 'Register a social worker (社工) at a street station',
        tags,
        body: registerBody,
      },
    },
    async (req, reply) => {
      const { name: n, phone: ph, ...b } = req.body;
      assertInScope(req.principal, { districtCode: b.districtCode, streetCode: b.streetCode }, 'this worker');
      const held = await reserveCertificate(deps.certificates, b.certificateNumber, b.workerId);
      try {
        const personal = await deps.vault.seal(b.workerId, { name: n, phone: ph });
        const r = await deps.commands.worker.run(
          b.workerId,
          { kind: 'register', ...b, personal },
          commandContext(req),
        );
        return reply.status(201).header('etag', etagOf(r.version)).send(workerView(r.state));
      } catch (err) {
        if (held === 'reserved') await releaseCertificate(deps.certificates, b.certificateNumber, b.workerId);
        throw err;
      }
    },
  );

  app.patch(
    '/v1/workers/:workerId',
    {
      config: { roles: ADMINS, scope: 'place' },
      schema: {
        response: commandOnWorker,
        summary: "Change a worker's profile, coverage or maximum caseload",
        tags,
        params,
        body: updateBody,
      },
    },
    async (req, reply) => {
      const { state, profile } = await loadWorker(deps.store, req.params.workerId);
      assertWorkerInScope(req, profile);
      const { name: n, phone: ph, ...fields } = req.body;
      const issue = placementIssue({ ...profile, ...fields });
      if (issue) throw new ValidationError(`body.${issue.field}`, issue.message);
      // A new name or phone is sealed again as a whole, keeping the part that did not change.
      const changes =
        n === undefined && ph === undefined
          ? fields
          : { ...fields, personal: await resealed(deps, state, { name: n, phone: ph }) };
      const r = await deps.commands.worker.run(
        profile.workerId,
        { kind: 'update', changes },
        commandContext(req),
      );
      return reply.header('etag', etagOf(r.version)).send(workerView(r.state));
    },
  );

  app.get(
    '/v1/workers/:workerId',
    {
      config: { roles: [...ADMINS, 'integration_client', 'social_worker'], scope: 'place_or_own' },
      schema: {
        response: okWorker,
        summary: 'One worker with current load, capacity and talent records',
        tags,
        params,
      },
    },
    async (req, reply) => {
      const { state, profile, version } = await loadWorker(deps.store, req.params.workerId);
      const personal = readerMaySeePersonal(req, profile)
        ? await deps.vault.openFor<{ name: string; phone: string }>(state.personal!, {
            req,
            record: `worker ${req.params.workerId}`,
            place: profile,
          })
        : undefined;
      return reply.header('etag', etagOf(version)).send(workerView(state, personal));
    },
  );

  historyRoute(app, {
    url: '/v1/workers/:workerId/history',
    roles: [...ADMINS, 'integration_client', 'social_worker'],
    scope: 'place_or_own',
    record: 'worker',
    params,
    tags,
    read: async (req) => {
      const { profile, events } = await loadWorker(deps.store, req.params.workerId);
      readerMaySeePersonal(req, profile);
      return events;
    },
  });
}

async function resealed(
  deps: Deps,
  state: WorkerState,
  change: { name?: string | undefined; phone?: string | undefined },
) {
  const current = await deps.vault.open<{ name: string; phone: string }>(state.personal!);
  const personal = { name: change.name ?? current?.name ?? '', phone: change.phone ?? current?.phone ?? '' };
  return deps.vault.seal(state.profile!.workerId, personal);
}
