import {
  PersonalDataVault,
  parseMasterKey,
  personalDataAccessRoutes,
  type ServiceDefinition,
} from '@fivesoc/service-kit';
import { startEventing, startProjection } from '@fivesoc/eventing';
import { workerImportRoutes } from './api/imports.ts';
import { caseloadRoutes } from './api/caseload.ts';
import type { CertificateReservation } from './api/certificates.ts';
import { commandsOf, type Deps } from './api/deps.ts';
import { listRoutes } from './api/list.ts';
import { statusRoutes } from './api/status.ts';
import { talentRoutes } from './api/talent.ts';
import { workerRoutes } from './api/workers.ts';
import { configSchema, type SocialWorkerConfig } from './config.ts';
import { workerRegistry } from './domain/worker/index.ts';
import { projectWorkers, type WorkerRow } from './projections/workers.ts';

/** 社会工作者: qualified social workers, their coverage and caseload. */
export const service: ServiceDefinition<SocialWorkerConfig> = {
  name: 'social-worker',
  version: '0.1.0',
  defaultHttpPort: 4103,
  configSchema,
  start: async (app, ctx) => {
    personalDataAccessRoutes(app, ctx.db);
    const vault = new PersonalDataVault(ctx.db, parseMasterKey(ctx.config.PII_MASTER_KEY));
    const eventing = await startEventing(ctx, workerRegistry);
    const workers = ctx.db.collection<WorkerRow>('workers');
    const deps: Deps = {
      store: eventing.store,
      relay: eventing.relay,
      commands: commandsOf(eventing),
      vault,
      workers,
      certificates: ctx.db.collection<CertificateReservation>('certificate_reservations'),
    };
    workerRoutes(app, deps);
    statusRoutes(app, deps);
    caseloadRoutes(app, deps);
    talentRoutes(app, deps);
    listRoutes(app, deps);
    await workerImportRoutes(app, deps);
    const projection = await startProjection(ctx, 'workers', workerRegistry, projectWorkers(workers));
    return async () => {
      await projection.stop();
      await eventing.stop();
    };
  },
};
