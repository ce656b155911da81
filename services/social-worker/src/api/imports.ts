import { z } from 'zod';
import { assertInScope, importRoute, migrationMetadata, type HttpApp } from '@fivesoc/service-kit';
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
  talentRecord,
  type WorkerCommand,
} from '../domain/worker/index.ts';
import { releaseCertificate, reserveCertificate } from './certificates.ts';
import { streamOf, type Deps } from './deps.ts';

/** Old registries write phones as `+86 139-0000-0000`: spaces and dashes go before the check. */
const phone = z.preprocess(
  (v) => (typeof v === 'string' ? v.replace(/[\s-]+/g, '') : v),
  z.string().regex(/^\+?\d{5,20}$/, 'must be 5-20 digits, optionally after +'),
);
/** One social worker of the district's earlier registry (人才库), with their talent records (NDJSON line). */
export const migratedWorker = z
  .strictObject({
    name: z.string().trim().min(1).max(50),
    phone,
    qualificationLevel: z.enum(QUALIFICATION_LEVELS),
    certificateNumber,
    specialties: z.array(z.enum(SPECIALTIES)).min(1).max(SPECIALTIES.length),
    employerId: organizationId,
    districtCode,
    streetCode,
    stationCode,
    coveredCommunityCodes: z.array(communityCode).min(1).max(50),
    maxCaseload,
    talentRecords: z.array(talentRecord).max(50).default([]),
  })
  .superRefine((b, ctx) => {
    const issue = placementIssue(b);
    if (issue) ctx.addIssue({ code: 'custom', path: issue.field.split('.'), message: issue.message });
  });

/**
 * 迁移导入: social workers with their certifications, titles and secondments. The worker's id is
 * `sw-<certificate number>` (the number is unique across workers), the registration's key
 * `import:worker:<id>` and each talent record's `import:talent:<id>:<recordId>`: the same file again is
 * `duplicate` for every line and appends nothing; a line cut between its appends is finished next time.
 */
export async function workerImportRoutes(app: HttpApp, deps: Deps): Promise<void> {
  await importRoute(app, {
    path: '/v1/imports/workers',
    roles: ['district_admin'],
    scope: 'place',
    summary: 'Migrate social workers of an existing registry, with their talent records (NDJSON)',
    tags: ['imports'],
    record: migratedWorker,
    apply: async (req, w, line) => {
      const { name, phone: ph, talentRecords, ...profile } = w;
      assertInScope(req.principal, { districtCode: w.districtCode, streetCode: w.streetCode }, 'this worker');
      const workerId = `sw-${w.certificateNumber}`;
      const run = (command: WorkerCommand, key: string, checked = false) =>
        deps.commands.worker.run(workerId, command, {
          now: new Date(),
          metadata: migrationMetadata(req, line),
          idempotencyKey: `import:${key}`,
          retriesOnConflict: 5,
          idempotencyChecked: checked,
        });
      let fresh = false;
      const key = `worker:${workerId}`;
      if (!(await deps.store.previousAppend(streamOf(workerId), `import:${key}`))) {
        const held = await reserveCertificate(deps.certificates, w.certificateNumber, workerId);
        try {
          const personal = await deps.vault.seal(workerId, { name, phone: ph });
          const r = await run({ kind: 'register', workerId, ...profile, personal }, key, true);
          fresh = !r.append?.replayed;
        } catch (err) {
          if (held === 'reserved') await releaseCertificate(deps.certificates, w.certificateNumber, workerId);
          throw err;
        }
      }
      for (const record of talentRecords) {
        const r = await run({ kind: 'addTalentRecord', record }, `talent:${workerId}:${record.recordId}`);
        fresh ||= !r.append?.replayed;
      }
      return { id: workerId, status: fresh ? 'accepted' : 'duplicate' };
    },
  });
}
