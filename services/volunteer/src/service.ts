import { hkdfSync } from 'node:crypto';
import {
  blindIndexKey,
  parseMasterKey,
  PeopleIndex,
  PersonalDataVault,
  personalDataAccessRoutes,
  type ServiceDefinition,
} from '@fivesoc/service-kit';
import { startEventing, startProjection } from '@fivesoc/eventing';
import { assignmentRoutes } from './api/assignments.ts';
import { certificateRoutes } from './api/certificate.ts';
import { commandsOf, type Deps } from './api/deps.ts';
import { hoursRoutes } from './api/hours.ts';
import { volunteerImportRoutes } from './api/imports.ts';
import { exportRoutes } from './api/exports.ts';
import { listRoutes } from './api/lists.ts';
import { rulesRoutes } from './api/rules.ts';
import { taskRoutes } from './api/tasks.ts';
import { teamRoutes } from './api/teams.ts';
import { volunteerRoutes } from './api/volunteers.ts';
import { volunteerDuplicateRoutes } from './api/duplicates.ts';
import { volunteerConfigSchema, type VolunteerConfig } from './config.ts';
import { volunteerRegistry } from './domain/registry.ts';
import { ensureTopic } from './projections/ensureTopic.ts';
import { listsProjection } from './projections/lists.ts';

/** 社区志愿者: volunteers, teams, tasks and the service-hours ledger. */
export const service: ServiceDefinition<VolunteerConfig> = {
  name: 'volunteer',
  version: '0.1.0',
  defaultHttpPort: 4104,
  configSchema: volunteerConfigSchema,
  start: async (app, ctx) => {
    personalDataAccessRoutes(app, ctx.db);
    const master = parseMasterKey(ctx.config.PII_MASTER_KEY);
    const eventing = await startEventing(ctx, volunteerRegistry);
    const deps: Deps = {
      store: eventing.store,
      relay: eventing.relay,
      commands: commandsOf(eventing),
      db: ctx.db,
      vault: new PersonalDataVault(ctx.db, master),
      // A key of its own for ID-number hashes, so the vault's master key is never used for two things.
      idNumberKey: Buffer.from(hkdfSync('sha256', master, 'fivesoc-volunteer', 'id-number-reservation', 32)),
      autoConfirmDays: ctx.config.HOURS_AUTO_CONFIRM_DAYS,
      people: new PeopleIndex(ctx.db, blindIndexKey(master, 'volunteer')),
    };
    await ensureTopic(ctx);
    const lists = await startProjection(ctx, 'lists', volunteerRegistry, listsProjection(ctx.db));
    volunteerDuplicateRoutes(app, deps);
    volunteerRoutes(app, deps);
    teamRoutes(app, deps);
    taskRoutes(app, deps);
    assignmentRoutes(app, deps);
    hoursRoutes(app, deps);
    certificateRoutes(app, deps);
    listRoutes(app, deps);
    exportRoutes(app, deps);
    rulesRoutes(app, deps);
    await volunteerImportRoutes(app, deps);
    return async () => {
      await lists.stop();
      await eventing.stop();
    };
  },
};
