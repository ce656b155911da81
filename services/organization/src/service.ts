import type { ServiceDefinition } from '@fivesoc/service-kit';

/** 社会组织: registration, credit archive, evaluations and the two catalogues. */
export const service: ServiceDefinition = {
  name: 'organization',
  version: '0.1.0',
  defaultHttpPort: 4102,
};
