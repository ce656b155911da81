import type { Db } from 'mongodb';
import type { PeopleIndex, PersonalDataVault } from '@fivesoc/service-kit';
import { commandHandler } from '@fivesoc/eventing';
import type { CommandTarget, ServiceCommands } from '@fivesoc/eventing';
import { ledgerDecider } from '../domain/ledger/decider.ts';
import { streams } from '../domain/registry.ts';
import { rulesDecider, rulesStreamOf } from '../domain/rules/rules.ts';
import { scheduleDecider } from '../domain/schedule/decider.ts';
import { taskDecider } from '../domain/task/decider.ts';
import { teamDecider } from '../domain/team/decider.ts';
import { volunteerDecider } from '../domain/volunteer/decider.ts';

/**
 * The aggregates the routes run commands on, each bound once to its decider and stream naming, the store
 * and the relay. Retries are per command: rules like headcount and overlap decide again on fresh state.
 */
export const commandsOf = (on: CommandTarget) => ({
  volunteer: commandHandler(on, { decider: volunteerDecider, streamOf: streams.volunteer }),
  team: commandHandler(on, { decider: teamDecider, streamOf: streams.team }),
  task: commandHandler(on, { decider: taskDecider, streamOf: streams.task }),
  schedule: commandHandler(on, { decider: scheduleDecider, streamOf: streams.schedule }),
  ledger: commandHandler(on, { decider: ledgerDecider, streamOf: streams.ledger }),
  rules: commandHandler(on, { decider: rulesDecider, streamOf: rulesStreamOf }),
});

/** What the routes are built from (handed in by service.ts, so tests and main build them the same way). */
export interface Deps extends ServiceCommands<ReturnType<typeof commandsOf>> {
  vault: PersonalDataVault;
  db: Db;
  /** HMAC key for ID-number reservations, derived from PII_MASTER_KEY. */
  idNumberKey: Buffer;
  /** The blind index of volunteers (duplicate search: HMACs of ID number, phone, name), issue 15. */
  people: PeopleIndex;
  autoConfirmDays: number;
}
