import { createHash, randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';
import {
  activeTraceHeaders,
  type EventStore,
  type HandleOptions,
  type MongoEventStore,
  type OutboxRelay,
} from '@fivesoc/eventing';
import {
  ForbiddenError,
  NotFoundError,
  assertInScope,
  commandHeaders,
  commandMetadata,
  type PersonalDataVault,
  type Principal,
} from '@fivesoc/service-kit';
import { z } from 'zod';
import type { EligibilityRules } from '../domain/organization/eligibility.ts';
import type { OrganizationEvent } from '../domain/organization/events.ts';
import type { LifecycleConfig } from '../domain/organization/lifecycle.ts';
import { streams } from '../domain/registry.ts';
import { evolve, initialState, type OrganizationState } from '../domain/organization/state.ts';

/** What the routes are built from (handed in by service.ts, or by a test). */
export interface Deps {
  store: MongoEventStore;
  relay: OutboxRelay;
  db: Db;
  vault: PersonalDataVault;
  lifecycle: LifecycleConfig;
  catalogue: EligibilityRules;
}

export const orgIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/);
export const idParams = z.object({ id: orgIdSchema });
export const streamOf = streams.organization;

/** The options every command route passes to handleCommand: time, who and why, If-Match, Idempotency-Key. */
export const commandOptions = (req: FastifyRequest, extra: Partial<HandleOptions> = {}): HandleOptions => ({
  now: new Date(),
  metadata: { ...commandMetadata(req), ...activeTraceHeaders() },
  ...commandHeaders(req),
  ...extra,
});

/**
 * The id of a new record (an organization made by staff, a purchase project): random, or derived from the caller and the Idempotency-Key so
 * a repeated request lands on the same stream and gets the first answer.
 */
export function newId(req: FastifyRequest): string {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string') return randomUUID();
  return createHash('sha256').update(`${req.principal.subject}\n${key}`).digest('hex').slice(0, 32);
}

export async function loadOrganization(store: EventStore, id: string) {
  const history = await store.readStream<OrganizationEvent>(streamOf(id));
  if (history.length === 0) throw new NotFoundError('organization', id);
  const state = history.reduce(evolve, initialState());
  return { state, version: history.at(-1)!.streamVersion, events: history };
}

/** An organization sees its own records (token subject = its id); staff see those in their scope. */
export function assertMayRead(principal: Principal, s: OrganizationState): void {
  if (principal.roles.includes('organization') && principal.subject === s.id) return;
  if (principal.roles.every((r) => r === 'organization'))
    throw new ForbiddenError('an organization sees only its own records');
  assertInScope(principal, s.place ?? {}, 'this organization');
}

export const STAFF_READERS = [
  'district_admin',
  'street_admin',
  'community_staff',
  'registration_authority',
  'evaluator',
  'ops',
  'integration_client',
] as const;
export const READERS = [...STAFF_READERS, 'organization'] as const;
