/**
 * The one door to the social-worker society's event contract: every event it publishes on its topic, each type with its
 * payload schema and versions. The AsyncAPI document (`./fivesoc contracts`), the end-to-end tests and
 * linkage's consumer-driven test read it here (`@fivesoc/social-worker/contract`), never by a path into the service.
 */
export { workerRegistry as eventRegistry } from './domain/worker/events.ts';

/** The topic it publishes to unless configured otherwise (`KAFKA_TOPIC`). */
export const DEFAULT_TOPIC = 'fivesoc.social-worker.events';
