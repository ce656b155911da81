import { createHash, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';
import {
  activeTraceHeaders,
  type HandleOptions,
  type MongoEventStore,
  type OutboxRelay,
} from '@fivesoc/eventing';
import { commandHeaders, commandMetadata, type PersonalDataVault } from '@fivesoc/service-kit';

/** What the routes are built from (handed in by service.ts, or by a test). */
export interface Deps {
  store: MongoEventStore;
  relay: OutboxRelay;
  db: Db;
  vault: PersonalDataVault;
  /** The key of people's blind indexes (duplicate search), derived from the master key. */
  blindIndexKey: Buffer;
}

/** The options every command route passes to handleCommand: time, who and why, If-Match, Idempotency-Key. */
export const commandOptions = (req: FastifyRequest, extra: Partial<HandleOptions> = {}): HandleOptions => ({
  now: new Date(),
  metadata: { ...commandMetadata(req), ...activeTraceHeaders() },
  ...commandHeaders(req),
  ...extra,
});

export const ALL_ROLES = [
  'district_admin',
  'street_admin',
  'community_staff',
  'social_worker',
  'volunteer',
  'organization',
  'charity_coordinator',
  'ops',
  'integration_client',
] as const;

/**
 * A new aggregate's id from the caller's Idempotency-Key (so a retried create lands on the same stream and
 * the store replays the first answer), or a fresh UUID without one.
 */
export const newIdFor = (subject: string, key: string | undefined): string =>
  key ? `k${createHash('sha256').update(`${subject}|${key}`).digest('hex').slice(0, 31)}` : randomUUID();
