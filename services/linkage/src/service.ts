import {
  PersonalDataVault,
  createTokenVerifier,
  parseMasterKey,
  personalDataAccessRoutes,
  type ServiceDefinition,
} from '@fivesoc/service-kit';
import { startEventing } from '@fivesoc/eventing';
import { exportRoutes } from './api/exports.ts';
import { listRoutes } from './api/lists.ts';
import { rebuildRoutes } from './api/rebuild.ts';
import { CaseApp } from './cases/app.ts';
import { caseRegistry } from './cases/domain/events.ts';
import { startCaseProjection } from './cases/projection/projection.ts';
import { CaseSaga } from './cases/saga/caseSaga.ts';
import { SocietyClient } from './cases/saga/societies.ts';
import { configSchema, sourcesOf, type LinkageConfig } from './config.ts';
import { startGrpcServer } from './grpc/server.ts';
import { ReadModels } from './readModels/readModels.ts';
import { caseViewsOf } from './cases/projection/caseView.ts';
import { linkageOpsRoutes } from './ops/routes.ts';
import { SagaGauges } from './ops/sagaMetrics.ts';

/** Social-worker events after which a worker may take a case they could not before. */
const WORKER_CAPACITY_EVENTS = new Set([
  'WorkerRegistered',
  'WorkerUpdated',
  'WorkerReinstated',
  'CaseReleased',
]);

/** 联动: read models of the five societies, cases and resource matching. */
export const service: ServiceDefinition<LinkageConfig> = {
  name: 'linkage',
  version: '0.2.0',
  defaultHttpPort: 4106,
  configSchema,
  start: async (app, ctx) => {
    const c = ctx.config;
    const stops: (() => Promise<void>)[] = [];
    const stopAll = async () => {
      for (const stop of stops.reverse()) await stop();
    };
    let saga: CaseSaga | undefined;
    try {
      const readModels = new ReadModels({
        kafka: ctx.kafka,
        db: ctx.db,
        logger: ctx.logger,
        sources: sourcesOf(c),
        groupPrefix: c.READ_MODEL_GROUP ?? `${c.MONGODB_DB}.read-models`,
        // A worker who can take more cases: the cases waiting for one are looked at again.
        onFolded: (topic, types) => {
          if (topic === c.SOCIAL_WORKER_TOPIC && [...types].some((t) => WORKER_CAPACITY_EVENTS.has(t)))
            saga?.workersChanged();
        },
      });
      listRoutes(app, readModels.collections);
      exportRoutes(app, caseViewsOf(ctx.db));
      rebuildRoutes(app, readModels, ctx.kafka);
      await readModels.start();
      stops.push(() => readModels.stop());

      // The case stream is linkage's own event store, published to its own topic like every society's.
      const eventing = await startEventing(ctx, caseRegistry);
      stops.push(() => eventing.stop());
      const vault = new PersonalDataVault(ctx.db, parseMasterKey(c.PII_MASTER_KEY));
      personalDataAccessRoutes(app, ctx.db);
      const cases = new CaseApp({
        store: eventing.store,
        relay: eventing.relay,
        matchTimeoutMs: c.MATCH_TIMEOUT_MS,
      });
      const sagaGauges = new SagaGauges(caseViewsOf(ctx.db), ctx.db.collection('case_timers'));
      sagaGauges.observe();
      linkageOpsRoutes(app, { cases, saga: sagaGauges });

      saga = new CaseSaga({
        app: cases,
        societies: new SocietyClient({
          socialWorker: c.SOCIAL_WORKER_URL,
          volunteer: c.VOLUNTEER_URL,
          organization: c.ORGANIZATION_URL,
          charity: c.CHARITY_URL,
          token: c.SOCIETY_TOKEN ? { value: c.SOCIETY_TOKEN } : { file: c.SOCIETY_TOKEN_FILE ?? '' },
        }),
        readModels: readModels.collections,
        db: ctx.db,
        kafka: ctx.kafka,
        logger: ctx.logger,
        groupId: c.CASE_SAGA_GROUP ?? `${c.MONGODB_DB}.case-saga`,
        topics: {
          cases: c.KAFKA_TOPIC,
          community: c.COMMUNITY_TOPIC,
          volunteer: c.VOLUNTEER_TOPIC,
          organization: c.ORGANIZATION_TOPIC,
          charity: c.CHARITY_TOPIC,
        },
        vault,
        autoOpen: c.AUTO_OPEN_CASES,
        autoAssign: c.AUTO_ASSIGN_WORKERS,
        timerPollMs: c.CASE_TIMER_POLL_MS,
        workerRetryMs: c.WORKER_RETRY_MS,
      });
      const started = saga;
      await started.start();
      stops.push(() => started.stop());
      const projection = await startCaseProjection(ctx, (id, after) => cases.history(id, after));
      stops.push(() => projection.stop());

      const grpc = await startGrpcServer({
        host: c.GRPC_HOST,
        port: c.GRPC_PORT,
        verifier: await createTokenVerifier(c),
        collections: readModels.collections,
        cases,
        caseViews: projection.views,
        vault,
        logger: ctx.logger,
      });
      stops.push(() => grpc.stop());
    } catch (err) {
      await stopAll();
      throw err;
    }
    return stopAll;
  },
};
