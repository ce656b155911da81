import {
  PersonalDataVault,
  parseMasterKey,
  personalDataAccessRoutes,
  type ServiceDefinition,
} from '@fivesoc/service-kit';
import { startEventing, startProjection } from '@fivesoc/eventing';
import { catalogueRoutes } from './api/catalogue.ts';
import { evaluationViewRoutes } from './api/evaluationView.ts';
import { localRulesRoutes } from './api/localRules.ts';
import { ventureRoutes } from './api/ventures.ts';
import { guidanceRoutes } from './api/guidance.ts';
import { hubRoutes } from './api/hubs.ts';
import { organizationImportRoutes } from './api/imports.ts';
import { legalRepresentativeRoutes } from './api/legalRepresentative.ts';
import { purchaseRoutes } from './api/purchases.ts';
import { organizationExportRoutes } from './api/exports.ts';
import { organizationRoutes } from './api/organizations.ts';
import { recordRoutes } from './api/records.ts';
import { referralRoutes } from './api/referrals.ts';
import { registrationRoutes } from './api/registrations.ts';
import { schedulerRoutes } from './api/scheduler.ts';
import { commandsOf, type Deps } from './api/deps.ts';
import { organizationConfigSchema, type OrganizationConfig } from './config.ts';
import { organizationRegistry } from './domain/registry.ts';
import { ensureTopic } from './projections/ensureTopic.ts';
import { derivedProjection } from './projections/derived.ts';
import { organizationsProjection, refreshDerived } from './projections/organizations.ts';
import { startResidentFeedback } from './projections/residentFeedback.ts';
import { runScheduler } from './scheduler.ts';

/** 社会组织: registration, credit archive, annual reports and the ways out, evaluations, the catalogue. */
export const service: ServiceDefinition<OrganizationConfig> = {
  name: 'organization',
  version: '0.1.0',
  defaultHttpPort: 4102,
  configSchema: organizationConfigSchema,
  start: async (app, ctx) => {
    personalDataAccessRoutes(app, ctx.db);
    const c = ctx.config;
    const eventing = await startEventing(ctx, organizationRegistry);
    const deps: Deps = {
      store: eventing.store,
      relay: eventing.relay,
      commands: commandsOf(eventing),
      db: ctx.db,
      vault: new PersonalDataVault(ctx.db, parseMasterKey(c.PII_MASTER_KEY)),
      lifecycle: {
        inactivityDays: c.ABNORMAL_INACTIVITY_DAYS,
        zombieAfterDays: c.ZOMBIE_AFTER_DAYS,
        exitNoticeAfterDays: c.EXIT_NOTICE_AFTER_DAYS,
        exitDeadlineDays: c.EXIT_DEADLINE_DAYS,
      },
      catalogue: { minRating: c.CATALOGUE_MIN_RATING },
    };
    await ensureTopic(ctx);
    const projection = await startProjection(
      ctx,
      'organizations',
      organizationRegistry,
      organizationsProjection(deps),
    );
    const derived = await startProjection(ctx, 'derived', organizationRegistry, derivedProjection(deps));
    const feedback = await startResidentFeedback(ctx, (ids) => refreshDerived(deps, ids, new Date()));
    registrationRoutes(app, deps);
    organizationRoutes(app, deps);
    organizationExportRoutes(app, deps);
    recordRoutes(app, deps);
    catalogueRoutes(app, deps);
    guidanceRoutes(app, deps);
    hubRoutes(app, deps);
    legalRepresentativeRoutes(app, deps);
    purchaseRoutes(app, deps);
    referralRoutes(app, deps);
    schedulerRoutes(app, deps);
    localRulesRoutes(app, deps);
    evaluationViewRoutes(app, deps);
    ventureRoutes(app, deps);
    await organizationImportRoutes(app, deps);

    const log = ctx.logger.child({ component: 'scheduler' });
    const tick = async () => {
      try {
        await runScheduler(deps, new Date());
      } catch (err) {
        log.warn({ err }, 'scheduler run failed; the next run catches up');
      }
    };
    const timer =
      c.SCHEDULER_INTERVAL_MS > 0 ? setInterval(() => void tick(), c.SCHEDULER_INTERVAL_MS) : undefined;

    return async () => {
      if (timer) clearInterval(timer);
      await feedback.stop();
      await derived.stop();
      await projection.stop();
      await eventing.stop();
    };
  },
};
