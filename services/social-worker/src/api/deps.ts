import type { Collection } from 'mongodb';
import { aggregate, commandHandler } from '@fivesoc/eventing';
import type { CommandTarget, MongoEventStore, ServiceCommands } from '@fivesoc/eventing';
import { NotFoundError, type PersonalDataVault } from '@fivesoc/service-kit';
import { workerDecider, type WorkerState } from '../domain/worker/index.ts';
import type { CertificateReservation } from './certificates.ts';
import type { WorkerRow } from '../projections/workers.ts';

/** What the routes are built from; handed in by service.ts so tests and main share one wiring. */
export interface Deps extends ServiceCommands<ReturnType<typeof commandsOf>> {
  vault: PersonalDataVault;
  workers: Collection<WorkerRow>;
  certificates: Collection<CertificateReservation>;
}

export const streamOf = (workerId: string): string => `worker-${workerId}`;

/**
 * The aggregate the routes run commands on, bound once. Without If-Match, a writer that lost a race
 * decides again on fresh state (capacity is never exceeded, because each retry is a new decision).
 */
export const commandsOf = (on: CommandTarget) => ({
  worker: commandHandler(on, { decider: workerDecider, streamOf, retriesOnConflict: 20 }),
});

/** The worker as its stream says now; a worker never registered is not found. */
export async function loadWorker(store: MongoEventStore, workerId: string) {
  const { state, version, events } = await aggregate(store, workerDecider, streamOf(workerId));
  if (!state.registered || !state.profile) throw new NotFoundError('worker', workerId);
  return { state, profile: state.profile, version, events };
}

export type { WorkerState };
