import type { Db } from 'mongodb';
import type { FastifyRequest } from 'fastify';
import {
  commandHeaders,
  commandMetadata,
  type PeopleIndex,
  type PersonalDataVault,
} from '@fivesoc/service-kit';
import {
  activeTraceHeaders,
  aggregate,
  handleCommand,
  type Decider,
  type MongoEventStore,
  type NewEvent,
  type OutboxRelay,
} from '@fivesoc/eventing';

/** What the routes are built from (handed in by service.ts, so tests and main build them the same way). */
export interface Deps {
  store: MongoEventStore;
  relay: OutboxRelay;
  vault: PersonalDataVault;
  db: Db;
  /** HMAC key for ID-number reservations, derived from PII_MASTER_KEY. */
  idNumberKey: Buffer;
  /** The blind index of volunteers (duplicate search: HMACs of ID number, phone, name), issue 15. */
  people: PeopleIndex;
  autoConfirmDays: number;
}

/**
 * Runs a command through its decider. `headers` honours If-Match and Idempotency-Key; `retries` decides
 * again on fresh state when another writer got in first (for rules like headcount and overlap).
 */
export async function run<S, C, E extends NewEvent>(
  deps: Deps,
  req: FastifyRequest,
  decider: Decider<S, C, E>,
  streamId: string,
  command: C,
  opts: { headers?: boolean; retries?: number } = {},
) {
  const r = await handleCommand(deps.store, decider, streamId, command, {
    now: new Date(),
    metadata: { ...commandMetadata(req), ...activeTraceHeaders() },
    ...(opts.headers ? commandHeaders(req) : {}),
    retriesOnConflict: opts.retries ?? 0,
  });
  if (r.append) deps.relay.notify();
  return r;
}

/** The current state and version of a stream. */
export async function load<S, C, E extends NewEvent>(
  deps: Deps,
  decider: Decider<S, C, E>,
  streamId: string,
) {
  return aggregate(deps.store, decider, streamId);
}
