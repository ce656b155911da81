import { createHash, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';
import {
  activeTraceHeaders,
  type HandleOptions,
  type MongoEventStore,
  type OutboxRelay,
} from '@fivesoc/eventing';
import {
  commandHeaders,
  commandMetadata,
  etagOf,
  type PeopleIndex,
  type PersonalDataVault,
} from '@fivesoc/service-kit';

/** What the routes are built from (handed in by service.ts). */
export interface Deps {
  store: MongoEventStore;
  relay: OutboxRelay;
  db: Db;
  vault: PersonalDataVault;
  /** The blind index of person donors (duplicate search: HMACs of ID number, phone, name), issue 15. */
  people: PeopleIndex;
}

/** The options every command route passes to handleCommand: time, who and why, If-Match, Idempotency-Key. */
export const commandOptions = (req: FastifyRequest, extra: Partial<HandleOptions> = {}): HandleOptions => ({
  now: new Date(),
  metadata: { ...commandMetadata(req), ...activeTraceHeaders() },
  ...commandHeaders(req),
  ...extra,
});

export { etagOf };

/** Who registers donors, funds and donations, and records what was received. */
export const INTAKE_ROLES = [
  'charity_coordinator',
  'district_admin',
  'street_admin',
  'community_staff',
] as const;
/** Who moves resources through the ledger (allocates, disburses, reverses). */
export const LEDGER_ROLES = ['charity_coordinator'] as const;
/**
 * Who reserves and releases: the coordinator, and the linkage service's integration client, which reserves
 * for a case and releases when the case closes or the reservation expires (the coordinator allocates).
 */
export const RESERVE_ROLES = [...LEDGER_ROLES, 'integration_client'] as const;
/** Who may read donors, donations and ledgers (still within their data scope). */
export const READ_ROLES = [...INTAKE_ROLES, 'ops'] as const;

/**
 * The id a creating command gives its new record. With an Idempotency-Key it is derived from the caller
 * and the key, so a repeat lands on the same stream (or entry) and gets the first answer back.
 */
export function newIdFor(req: FastifyRequest): string {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string') return randomUUID();
  return createHash('sha256').update(`${req.principal.subject}|${req.url}|${key}`).digest('hex').slice(0, 32);
}
