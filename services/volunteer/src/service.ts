import type { ServiceDefinition } from '@fivesoc/service-kit';

/** 社区志愿者: volunteers, teams, tasks and the service-hours ledger. */
export const service: ServiceDefinition = {
  name: 'volunteer',
  version: '0.1.0',
  defaultHttpPort: 4104,
};
