import type { Db } from 'mongodb';
import { commandHandler } from '@fivesoc/eventing';
import type { CommandTarget, ServiceCommands } from '@fivesoc/eventing';
import { etagOf, type PeopleIndex, type PersonalDataVault } from '@fivesoc/service-kit';
import { donationDecider, donationStreamId } from '../domain/donation/index.ts';
import { donorDecider, donorStreamId } from '../domain/donor/index.ts';
import { fundDecider, fundStreamId } from '../domain/fund/index.ts';

/** The aggregates the routes run commands on, each bound once to its decider, its streams and the relay. */
export const commandsOf = (on: CommandTarget) => ({
  donor: commandHandler(on, { decider: donorDecider, streamOf: donorStreamId }),
  fund: commandHandler(on, { decider: fundDecider, streamOf: fundStreamId }),
  donation: commandHandler(on, { decider: donationDecider, streamOf: donationStreamId }),
});

/** What the routes are built from (handed in by service.ts). */
export interface Deps extends ServiceCommands<ReturnType<typeof commandsOf>> {
  db: Db;
  vault: PersonalDataVault;
  /** The blind index of person donors (duplicate search: HMACs of ID number, phone, name), issue 15. */
  people: PeopleIndex;
}

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
