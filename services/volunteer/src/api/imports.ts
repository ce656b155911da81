import { z } from 'zod';
import { isDuplicateKey } from '@fivesoc/eventing';
import {
  AlreadyExistsError,
  ValidationError,
  assertInScope,
  importRoute,
  migrationMetadata,
  type HttpApp,
} from '@fivesoc/service-kit';
import { streams } from '../domain/registry.ts';
import { profileShape, type PersonalData } from '../domain/volunteer/events.ts';
import type { Deps } from './deps.ts';
import { personalShape } from './schemas.ts';
import { idHash, reservations } from './volunteers.ts';

/** Old registries write ID numbers with spaces and a lower-case check character: normalized first. */
const idNumber = z.preprocess(
  (v) => (typeof v === 'string' ? v.replace(/\s+/g, '').toUpperCase() : v),
  personalShape.idNumber,
);
/** One volunteer of the district's earlier registry, with the hours it had confirmed (NDJSON line). */
export const migratedVolunteer = z.strictObject({
  ...personalShape,
  idNumber,
  ...profileShape,
  languages: profileShape.languages.default([]),
  availability: profileShape.availability.default([]),
  serviceRadiusKm: profileShape.serviceRadiusKm.default(3),
  maxHoursPerWeek: profileShape.maxHoursPerWeek.default(20),
  /** Hours confirmed in the earlier registry (志愿服务时长), in quarter hours; 0 for none. */
  confirmedHours: z.number().multipleOf(0.25).min(0).max(100_000),
  /** The date the registry's hours were confirmed up to (YYYY-MM-DD). */
  hoursAsOf: z.iso.date(),
});

/**
 * 迁移导入: volunteers with their past confirmed hours as an opening balance (marked `migrated`, counted
 * for stars). The volunteer's id is made from the keyed hash of the ID number (`v-<32 hex>`), so the
 * same person in the same file lands on the same streams: a second upload is `duplicate` and appends
 * nothing. Someone already registered here with that ID number is refused (the reservation is theirs).
 */
export async function volunteerImportRoutes(app: HttpApp, deps: Deps): Promise<void> {
  await importRoute(app, {
    path: '/v1/imports/volunteers',
    roles: ['district_admin'],
    scope: 'place',
    summary:
      'Migrate volunteers of an existing registry, with their confirmed hours as opening balances (NDJSON)',
    tags: ['imports'],
    record: migratedVolunteer,
    apply: async (req, v, line) => {
      const { name, phone, idNumber, confirmedHours, hoursAsOf, ...profile } = v;
      assertInScope(req.principal, profile.place, 'the home community');
      const asOf = new Date(`${hoursAsOf}T00:00:00+08:00`).toISOString();
      if (Date.parse(asOf) > Date.now()) throw new ValidationError('hoursAsOf', 'is in the future');
      const hash = idHash(deps, idNumber);
      const id = `v-${hash.slice(0, 32)}`;
      const options = (key: string) => ({
        now: new Date(),
        metadata: migrationMetadata(req, line),
        idempotencyKey: `import:${key}:${id}`,
      });
      let fresh = false;
      if (!(await deps.store.previousAppend(streams.volunteer(id), `import:volunteer:${id}`))) {
        const reserved = await reserve(deps, hash, id);
        try {
          const personal = await deps.vault.seal(id, { name, phone, idNumber } satisfies PersonalData);
          const r = await deps.commands.volunteer.run(
            id,
            { kind: 'register', volunteerId: id, personal, profile },
            { ...options('volunteer'), idempotencyChecked: true },
          );
          fresh = !r.append?.replayed;
        } catch (err) {
          if (reserved) {
            await reservations(deps).deleteOne({ _id: hash });
            await deps.vault.erase(id);
          }
          throw err;
        }
      }
      // Its own key: an upload cut between the two appends gets its opening balance on the next one.
      if (confirmedHours > 0) {
        const r = await deps.commands.ledger.run(
          id,
          {
            kind: 'migrateOpeningBalance',
            minutes: Math.round(confirmedHours * 60),
            asOf,
            recordedBy: req.principal.subject,
          },
          options('hours'),
        );
        fresh ||= !r.append?.replayed;
      }
      return { id, status: fresh ? 'accepted' : 'duplicate' };
    },
  });
}

/** Claims the ID number for `id`; false when an earlier, interrupted import of this line holds it already. */
async function reserve(deps: Deps, hash: string, id: string): Promise<boolean> {
  try {
    await reservations(deps).insertOne({ _id: hash, volunteerId: id });
    return true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const held = await reservations(deps).findOne({ _id: hash });
    if (held?.volunteerId === id) return false;
    throw new AlreadyExistsError('a volunteer with this ID number', '(not shown)');
  }
}
