import { startEventing, startProjection } from '@fivesoc/eventing';
import {
  blindIndexKey,
  parseMasterKey,
  PersonalDataVault,
  personalDataAccessRoutes,
  type ServiceDefinition,
} from '@fivesoc/service-kit';
import { treeRoutes } from './api/tree.ts';
import { unitListRoutes } from './api/unitList.ts';
import { needRoutes } from './api/needs.ts';
import { needExportRoutes } from './api/needExport.ts';
import { needListRoutes } from './api/needList.ts';
import { peopleRoutes } from './api/people.ts';
import { duplicateRoutes } from './api/duplicates.ts';
import { venueRoutes } from './api/venues.ts';
import { feedbackRoutes } from './api/feedback.ts';
import { importRoutes } from './api/imports.ts';
import { feedbackListRoutes } from './api/feedbackList.ts';
import { commandsOf, type Deps } from './api/deps.ts';
import { configSchema } from './config.ts';
import { unitsProjection } from './projections/units.ts';
import { needsProjection } from './projections/needs.ts';
import { feedbackProjection } from './projections/feedback.ts';
import { personPlacesProjection } from './projections/personPlaces.ts';
import { registry } from './registry.ts';

/** 社区: the district → street → community tree, resident needs, venues and feedback. */
export const service: ServiceDefinition = {
  name: 'community',
  version: '0.1.0',
  defaultHttpPort: 4101,
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
      blindIndexKey: blindIndexKey(parseMasterKey(ctx.config.PII_MASTER_KEY), 'community'),
    };
    const units = unitsProjection(ctx.db);
    const needs = needsProjection(ctx.db);
    const feedback = feedbackProjection(ctx.db);
    const projection = await startProjection(ctx, 'community-read-models', registry, async (e) => {
      await units(e);
      await needs(e);
      await feedback(e);
    });
    // Its own group, so that it reads the topic from the start once: people reported before it get a place.
    const people = await startProjection(
      ctx,
      'community-person-places',
      registry,
      personPlacesProjection(ctx.db),
    );
    treeRoutes(app, deps);
    unitListRoutes(app, deps);
    needRoutes(app, deps);
    needListRoutes(app, deps);
    needExportRoutes(app, deps);
    peopleRoutes(app, deps);
    duplicateRoutes(app, deps);
    venueRoutes(app, deps);
    feedbackRoutes(app, deps);
    feedbackListRoutes(app, deps);
    await importRoutes(app, deps);
    return async () => {
      await people.stop();
      await projection.stop();
      await eventing.stop();
    };
  },
};
