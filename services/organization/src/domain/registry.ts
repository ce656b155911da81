import { createEventRegistry } from '@fivesoc/eventing';
import { guidanceContracts } from './guidance/events.ts';
import { organizationContracts } from './organization/events.ts';
import { purchaseContracts } from './purchase/events.ts';

/** Every event this service stores and publishes. */
export const organizationRegistry = createEventRegistry([
  ...organizationContracts,
  ...guidanceContracts,
  ...purchaseContracts,
]);
