import type { ServiceDefinition } from '@fivesoc/service-kit';

/** 社会工作者: qualified social workers, their coverage and caseload. */
export const service: ServiceDefinition = {
  name: 'social-worker',
  version: '0.1.0',
  defaultHttpPort: 4103,
};
