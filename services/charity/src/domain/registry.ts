import { createEventRegistry } from '@fivesoc/eventing';
import { donationEvents } from './donation/events.ts';
import { donorEvents } from './donor/events.ts';
import { fundEvents } from './fund/events.ts';

/** Every event the charity service stores and publishes on its topic. */
export const registry = createEventRegistry([...donorEvents, ...fundEvents, ...donationEvents]);
