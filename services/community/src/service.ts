import type { ServiceDefinition } from '@fivesoc/service-kit';

/** 社区: the district → street → community tree, resident needs, venues and feedback. */
export const service: ServiceDefinition = {
  name: 'community',
  version: '0.1.0',
  defaultHttpPort: 4101,
};
