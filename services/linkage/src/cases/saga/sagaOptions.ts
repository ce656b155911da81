import type { Db } from 'mongodb';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { PersonalDataVault } from '@fivesoc/service-kit';
import type { ReadModelCollections } from '../../readModels/collections.ts';
import type { CaseApp } from '../app.ts';
import type { SocietyClient } from './societies.ts';

export const SAGA_ACTOR = 'system:case-saga';

export interface CaseSagaOptions {
  app: CaseApp;
  societies: SocietyClient;
  readModels: ReadModelCollections;
  db: Db;
  kafka: Kafka;
  logger: Logger;
  groupId: string;
  topics: { cases: string; community: string; volunteer: string; organization: string; charity: string };
  /** Open a case for every reported need (else staff open them with OpenCase). */
  autoOpen: boolean;
  /** linkage's keys: a case's notes are erased with its need's story. */
  vault?: PersonalDataVault;
  /** Ask the ranked workers for a new case (default true; else staff assign with AssignWorker). */
  autoAssign?: boolean;
  timerPollMs: number;
  /**
   * When every ranked worker refused a case, look again after this long (doubling up to an hour). A case
   * nobody covers waits for a worker event instead (`workersChanged`), with an hourly look as a fallback.
   */
  workerRetryMs: number;
}
