import type { Collection } from 'mongodb';
import type { FastifyRequest } from 'fastify';
import {
  activeTraceHeaders,
  aggregate,
  handleCommand,
  type MongoEventStore,
  type OutboxRelay,
} from '@fivesoc/eventing';
import { NotFoundError, commandHeaders, commandMetadata, type PersonalDataVault } from '@fivesoc/service-kit';
import { workerDecider, type WorkerCommand, type WorkerState } from '../domain/worker/index.ts';
import type { CertificateReservation } from './certificates.ts';
import type { WorkerRow } from '../projections/workers.ts';

/** What the routes are built from; handed in by service.ts so tests and main share one wiring. */
export interface Deps {
  store: MongoEventStore;
  relay: OutboxRelay;
  vault: PersonalDataVault;
  workers: Collection<WorkerRow>;
  certificates: Collection<CertificateReservation>;
}

export const streamOf = (workerId: string): string => `worker-${workerId}`;

/** The worker as its stream says now; a worker never registered is not found. */
export async function loadWorker(store: MongoEventStore, workerId: string) {
  const { state, version, events } = await aggregate(store, workerDecider, streamOf(workerId));
  if (!state.registered || !state.profile) throw new NotFoundError('worker', workerId);
  return { state, profile: state.profile, version, events };
}

/**
 * Runs a command on a worker's stream with the request's metadata, If-Match and Idempotency-Key. Without
 * If-Match, a writer that lost a race decides again on fresh state (capacity is never exceeded, because
 * each retry is a new decision).
 */
export async function runCommand(deps: Deps, req: FastifyRequest, workerId: string, command: WorkerCommand) {
  const r = await handleCommand(deps.store, workerDecider, streamOf(workerId), command, {
    now: new Date(),
    metadata: { ...commandMetadata(req), ...activeTraceHeaders() },
    retriesOnConflict: 20,
    ...commandHeaders(req),
  });
  deps.relay.notify();
  return { state: r.state, version: r.append?.toVersion ?? r.version };
}

export type { WorkerState };
