import type { Db } from 'mongodb';
import { commandHandler } from '@fivesoc/eventing';
import type { CommandTarget, ServiceCommands } from '@fivesoc/eventing';
import type { PersonalDataVault } from '@fivesoc/service-kit';
import { feedbackDecider, feedbackStreamId } from '../domain/feedback/decider.ts';
import { needDecider, needStreamId, personStreamId } from '../domain/needs/index.ts';
import { pairDecider, pairStreamId, personDecider } from '../domain/people/decider.ts';
import { unitDecider, unitStreamId, type Level } from '../domain/tree/index.ts';
import { venueDecider, venueStreamId } from '../domain/venues/index.ts';

/** The aggregates the routes run commands on, each bound once to its decider, its streams and the relay. */
export const commandsOf = (on: CommandTarget) => ({
  need: commandHandler(on, { decider: needDecider, streamOf: needStreamId }),
  unit: commandHandler(on, {
    decider: unitDecider,
    streamOf: (u: { level: Level; code: string }) => unitStreamId(u.level, u.code),
  }),
  venue: commandHandler(on, { decider: venueDecider, streamOf: venueStreamId }),
  person: commandHandler(on, { decider: personDecider, streamOf: personStreamId }),
  /** Two people said to be distinct: one stream per pair, whichever order they are named in. */
  pair: commandHandler(on, {
    decider: pairDecider,
    streamOf: ([a, b]: readonly [string, string]) => pairStreamId(a, b),
  }),
  /** A resident's feedback on one subject: one stream per subject and resident. */
  feedback: commandHandler(on, {
    decider: feedbackDecider,
    streamOf: (f: { kind: string; subjectId: string; residentId: string }) =>
      feedbackStreamId(f.kind, f.subjectId, f.residentId),
  }),
});

/** What the routes are built from (handed in by service.ts, or by a test). */
export interface Deps extends ServiceCommands<ReturnType<typeof commandsOf>> {
  db: Db;
  vault: PersonalDataVault;
  /** The key of people's blind indexes (duplicate search), derived from the master key. */
  blindIndexKey: Buffer;
}

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
