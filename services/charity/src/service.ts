import { hkdfSync } from 'node:crypto';
import { startEventing, startProjection } from '@fivesoc/eventing';
import {
  blindIndexKey,
  parseMasterKey,
  PeopleIndex,
  PersonalDataVault,
  personalDataAccessRoutes,
  type ServiceDefinition,
} from '@fivesoc/service-kit';
import { donorImportRoutes } from './api/imports.ts';
import { commandsOf, type Deps } from './api/deps.ts';
import { donationExportRoutes } from './api/donationExport.ts';
import { donationListRoutes } from './api/donationList.ts';
import { donationRoutes } from './api/donations.ts';
import { donorRoutes } from './api/donors.ts';
import { donorDuplicateRoutes } from './api/donorDuplicates.ts';
import { fundRoutes } from './api/funds.ts';
import { ledgerRoutes } from './api/ledger.ts';
import { reconciliationRoutes } from './api/reconciliation.ts';
import { transparencyRoutes } from './api/transparency.ts';
import { configSchema, type CharityConfig } from './config.ts';
import { registry } from './domain/registry.ts';
import { projectionHandler } from './projections/handler.ts';
import { startNeedPlaces } from './projections/needPlaces.ts';

/** 社会慈善资源: donors, donations, funds and the allocation ledger. */
export const service: ServiceDefinition<CharityConfig> = {
  name: 'charity',
  version: '0.1.0',
  defaultHttpPort: 4105,
  configSchema,
  start: async (app, ctx) => {
    personalDataAccessRoutes(app, ctx.db);
    const eventing = await startEventing(ctx, registry);
    const deps: Deps = {
      store: eventing.store,
      relay: eventing.relay,
      commands: commandsOf(eventing),
      db: ctx.db,
      vault: new PersonalDataVault(ctx.db, parseMasterKey(ctx.config.PII_MASTER_KEY)),
      people: new PeopleIndex(ctx.db, blindIndexKey(parseMasterKey(ctx.config.PII_MASTER_KEY), 'charity')),
    };
    donorDuplicateRoutes(app, deps);
    donorRoutes(app, deps);
    fundRoutes(app, deps);
    donationRoutes(app, deps);
    donationListRoutes(app, deps);
    donationExportRoutes(app, deps);
    ledgerRoutes(app, deps);
    transparencyRoutes(app, deps);
    reconciliationRoutes(app, deps);
    const master = parseMasterKey(ctx.config.PII_MASTER_KEY);
    await donorImportRoutes(
      app,
      deps,
      Buffer.from(hkdfSync('sha256', master, 'fivesoc-charity', 'donor-id', 32)),
    );
    const projection = await startProjection(ctx, 'read-models', registry, projectionHandler(ctx.db));
    const needs = await startNeedPlaces(ctx);
    return async () => {
      await needs.stop();
      await projection.stop();
      await eventing.stop();
    };
  },
};
