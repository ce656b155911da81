import type { Db } from 'mongodb';
import { aggregate, commandHandler } from '@fivesoc/eventing';
import type { CommandTarget, EventStore, ServiceCommands } from '@fivesoc/eventing';
import {
  ForbiddenError,
  NotFoundError,
  assertInScope,
  type PersonalDataVault,
  type Principal,
} from '@fivesoc/service-kit';
import { z } from 'zod';
import { GUIDANCE_STREAM, guidanceDecider } from '../domain/guidance/decider.ts';
import { organizationDecider } from '../domain/organization/decider.ts';
import type { EligibilityRules } from '../domain/organization/eligibility.ts';
import type { LifecycleConfig } from '../domain/organization/lifecycle.ts';
import type { OrganizationState } from '../domain/organization/state.ts';
import { purchaseDecider } from '../domain/purchase/decider.ts';
import { referralDecider } from '../domain/referral/decider.ts';
import { streams } from '../domain/registry.ts';
import { rulesDecider, rulesStreamOf } from '../domain/rules/rules.ts';
import { ventureDecider } from '../domain/venture/decider.ts';

/**
 * The aggregates the routes run commands on, each bound once to its decider, its streams and the relay.
 * Everything but an organization's own stream decides again after a lost race (3 times); the
 * organization's commands say so one by one.
 */
export const commandsOf = (on: CommandTarget) => ({
  organization: commandHandler(on, { decider: organizationDecider, streamOf }),
  purchase: commandHandler(on, {
    decider: purchaseDecider,
    streamOf: streams.purchase,
    retriesOnConflict: 3,
  }),
  referral: commandHandler(on, {
    decider: referralDecider,
    streamOf: streams.referral,
    retriesOnConflict: 3,
  }),
  rules: commandHandler(on, { decider: rulesDecider, streamOf: rulesStreamOf, retriesOnConflict: 3 }),
  venture: commandHandler(on, { decider: ventureDecider, streamOf: streams.venture, retriesOnConflict: 3 }),
  /** The city's one guidance catalogue: its stream is named by no id (`'catalogue'`). */
  guidance: commandHandler(on, {
    decider: guidanceDecider,
    streamOf: (_: 'catalogue') => GUIDANCE_STREAM,
    retriesOnConflict: 3,
  }),
});

/** What the routes are built from (handed in by service.ts, or by a test). */
export interface Deps extends ServiceCommands<ReturnType<typeof commandsOf>> {
  db: Db;
  vault: PersonalDataVault;
  lifecycle: LifecycleConfig;
  catalogue: EligibilityRules;
}

export const orgIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/);
export const idParams = z.object({ id: orgIdSchema });
export const streamOf = streams.organization;

/** An organization as its stream says now; one that never applied or filed is not found. */
export async function loadOrganization(store: EventStore, id: string) {
  const loaded = await aggregate(store, organizationDecider, streamOf(id));
  if (loaded.version === 0) throw new NotFoundError('organization', id);
  return loaded;
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
