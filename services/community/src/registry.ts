import { createEventRegistry } from '@fivesoc/eventing';
import { treeEvents } from './domain/tree/index.ts';

/** Every event this service publishes on its topic. */
export const registry = createEventRegistry([...treeEvents]);
