import type { ServiceDefinition } from '@fivesoc/service-kit';

/** 社会慈善资源: donors, donations, funds and the allocation ledger. */
export const service: ServiceDefinition = {
  name: 'charity',
  version: '0.1.0',
  defaultHttpPort: 4105,
};
