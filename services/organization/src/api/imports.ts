import { z } from 'zod';
import {
  IllegalStateError,
  ValidationError,
  assertInScope,
  importRoute,
  migrationMetadata,
  type HttpApp,
} from '@fivesoc/service-kit';
import { checkMigratedHistory } from '../domain/organization/migration.ts';
import { CATEGORIES, FIELDS, KINDS, placeSchema } from '../domain/organization/values.ts';
import { streamOf, type Deps } from './deps.ts';
import { withCreditCode } from './reservations.ts';

const date = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
/** One organization of the district's existing registry (登记管理信息系统), as one NDJSON line. */
export const migratedOrganization = z.strictObject({
  creditCode: z.string().max(18),
  name: text(200),
  category: z.enum(CATEGORIES),
  kind: z.enum(KINDS),
  field: z.enum(FIELDS),
  place: placeSchema,
  /** 业务主管单位: required for the categories that are not registered directly. */
  supervisor: text(100).optional(),
  registeredOn: date,
  legalRepresentative: z.strictObject({
    name: text(50),
    phone: z.string().regex(/^\+?[0-9 -]{5,20}$/),
  }),
  annualReports: z
    .array(z.strictObject({ year: z.number().int().min(1990).max(2200), summary: text(2000), filedOn: date }))
    .max(100)
    .default([]),
  creditRecords: z
    .array(
      z.strictObject({
        recordId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
        polarity: z.enum(['positive', 'negative']),
        serious: z.boolean().default(false),
        source: text(200),
        date,
        description: text(1000),
      }),
    )
    .max(200)
    .default([]),
});

/**
 * 迁移导入: organizations with their registration, supervisor, annual reports and credit records. The
 * organization's id is its credit code (its stream `organization-<code>`, its account's token subject),
 * the line's Idempotency-Key `import:organization:<code>`: the same file again answers `duplicate` for
 * every line and appends nothing.
 */
export async function organizationImportRoutes(app: HttpApp, deps: Deps): Promise<void> {
  const { store, db, vault } = deps;
  await importRoute(app, {
    path: '/v1/imports/organizations',
    roles: ['registration_authority', 'district_admin'],
    scope: 'place',
    summary: 'Migrate organizations of an existing registry, with their reports and credit records (NDJSON)',
    tags: ['imports'],
    record: migratedOrganization,
    apply: async (req, o, line) => {
      const id = o.creditCode;
      const now = new Date();
      if (
        !o.place.streetCode.startsWith(o.place.districtCode) ||
        !o.place.communityCode.startsWith(o.place.streetCode)
      )
        throw new ValidationError(
          'place',
          'a street code starts with its district code, a community code with its street code',
        );
      assertInScope(req.principal, o.place, 'this organization');
      const history = {
        creditCode: o.creditCode,
        category: o.category,
        ...(o.supervisor ? { supervisor: o.supervisor } : {}),
        registeredOn: o.registeredOn,
        reports: o.annualReports,
        creditRecords: o.creditRecords,
      };
      // Everything is checked before anything is written: a refused line leaves no vault key, no claim.
      checkMigratedHistory(history, now);
      const idempotencyKey = `import:organization:${id}`;
      if (await store.previousAppend(streamOf(id), idempotencyKey)) return { id, status: 'duplicate' };
      if ((await store.streamVersion(streamOf(id))) > 0)
        throw new IllegalStateError('this organization has already applied or filed');
      await withCreditCode(db, o.creditCode, id, async () =>
        deps.commands.organization.run(
          id,
          {
            kind: 'migrateOrganization',
            organizationId: id,
            name: o.name,
            orgKind: o.kind,
            field: o.field,
            place: o.place,
            legalRepresentative: await vault.seal(`${id}:legal-representative`, o.legalRepresentative),
            history,
          },
          { now, metadata: migrationMetadata(req, line), idempotencyKey, idempotencyChecked: true },
        ),
      );
      return { id, status: 'accepted' };
    },
  });
}
