import { createEventRegistry } from '@fivesoc/eventing';
import { feedbackEvents } from './domain/feedback/index.ts';
import { needEvents } from './domain/needs/index.ts';
import { peopleEvents } from './domain/people/index.ts';
import { treeEvents } from './domain/tree/index.ts';
import { venueEvents } from './domain/venues/index.ts';

/** Every event this service publishes on its topic. */
export const registry = createEventRegistry([
  ...treeEvents,
  ...needEvents,
  ...peopleEvents,
  ...venueEvents,
  ...feedbackEvents,
]);
