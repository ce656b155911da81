import type { ServiceDefinition } from '@fivesoc/service-kit';

/** 联动: read models of the five societies, cases and resource matching. */
export const service: ServiceDefinition = {
  name: 'linkage',
  version: '0.1.0',
  defaultHttpPort: 4106,
};
