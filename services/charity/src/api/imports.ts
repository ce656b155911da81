import { createHmac } from 'node:crypto';
import { z } from 'zod';
import {
  IllegalStateError,
  ValidationError,
  assertCreditCode,
  assertInScope,
  importRoute,
  migrationMetadata,
  type HttpApp,
} from '@fivesoc/service-kit';
import {
  creditCode,
  donorStreamId,
  personalDataSchema,
  type DonorRegisteredPayload,
} from '../domain/donor/index.ts';
import { placeSchema, shortText } from '../domain/shared.ts';
import type { Deps } from './deps.ts';

/** Old registries write ID numbers with spaces and a lower-case x, phones as `+86 139-…`. */
const cleaned =
  (strip: RegExp, upper = false) =>
  (v: unknown) =>
    typeof v === 'string' ? (upper ? v.replace(strip, '').toUpperCase() : v.replace(strip, '')) : v;
const person = z.strictObject({
  name: personalDataSchema.shape.name,
  phone: z.preprocess(cleaned(/[\s-]+/g), personalDataSchema.shape.phone),
  idNumber: z.preprocess(cleaned(/\s+/g, true), personalDataSchema.shape.idNumber),
});
/** The donor's number in the earlier registry: the key of an organization without a credit code. */
const registryId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and - (1-40)');
const common = { disclosureConsent: z.boolean().default(false), ...placeSchema.shape };
/** One donor of the district's earlier registry (NDJSON line). */
export const migratedDonor = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('person'), person, ...common }),
  z.strictObject({ kind: z.literal('enterprise'), name: shortText, creditCode, ...common }),
  z.strictObject({
    kind: z.literal('charity_organization'),
    name: shortText,
    creditCode: creditCode.optional(),
    registryId: registryId.optional(),
    ...common,
  }),
]);
type MigratedDonor = z.infer<typeof migratedDonor>;

/**
 * The donor's id from the record's own key: `d-<credit code>` for a body, `d-<keyed hash of the ID
 * number>` for a person (the clear number never names a stream), `d-r-<registry number>` otherwise.
 */
function donorIdOf(d: MigratedDonor, idKey: Buffer): string {
  if (d.kind === 'person')
    return `d-${createHmac('sha256', idKey).update(d.person.idNumber).digest('hex').slice(0, 32)}`;
  if (d.creditCode) {
    assertCreditCode(d.creditCode, 'creditCode');
    return `d-${d.creditCode}`;
  }
  if (d.kind === 'charity_organization' && d.registryId) return `d-r-${d.registryId}`;
  throw new ValidationError('registryId', 'required for an organization without a credit code');
}

/**
 * 迁移导入: donors of an existing registry; a person's name, phone and ID number are sealed as on
 * registration. The line's key is `import:donor:<id>`, so the same file again is `duplicate` throughout
 * and seals and appends nothing. `idKey` keys the hash of ID numbers (derived from PII_MASTER_KEY).
 */
export async function donorImportRoutes(app: HttpApp, deps: Deps, idKey: Buffer): Promise<void> {
  const { store, vault } = deps;
  await importRoute(app, {
    path: '/v1/imports/donors',
    roles: ['charity_coordinator', 'district_admin'],
    scope: 'place',
    summary: 'Migrate donors of an existing registry: people, enterprises and charity organizations (NDJSON)',
    tags: ['imports'],
    record: migratedDonor,
    apply: async (req, d, line) => {
      assertInScope(req.principal, d, 'the donor’s place');
      const donorId = donorIdOf(d, idKey);
      const stream = donorStreamId(donorId);
      const idempotencyKey = `import:donor:${donorId}`;
      if (await store.previousAppend(stream, idempotencyKey)) return { id: donorId, status: 'duplicate' };
      if ((await store.streamVersion(stream)) > 0)
        throw new IllegalStateError('this donor is already registered');
      const { districtCode, streetCode, communityCode, disclosureConsent } = d;
      const place = {
        districtCode,
        ...(streetCode ? { streetCode } : {}),
        ...(communityCode ? { communityCode } : {}),
      };
      const donor: DonorRegisteredPayload =
        d.kind === 'person'
          ? {
              donorId,
              kind: d.kind,
              personal: await vault.seal(donorId, d.person),
              disclosureConsent,
              ...place,
            }
          : {
              donorId,
              kind: d.kind,
              name: d.name,
              ...(d.creditCode ? { creditCode: d.creditCode } : {}),
              disclosureConsent,
              ...place,
            };
      await deps.commands.donor.run(
        donorId,
        { kind: 'register', donor },
        { now: new Date(), metadata: migrationMetadata(req, line), idempotencyKey, idempotencyChecked: true },
      );
      return { id: donorId, status: 'accepted' };
    },
  });
}
