/**
 * The one door to the volunteer society's event contract: every event it publishes on its topic, each type with its
 * payload schema and versions. The AsyncAPI document (`./fivesoc contracts`), the end-to-end tests and
 * linkage's consumer-driven test read it here (`@fivesoc/volunteer/contract`), never by a path into the service.
 */
export { volunteerRegistry as eventRegistry } from './domain/registry.ts';

/** The topic it publishes to unless configured otherwise (`KAFKA_TOPIC`). */
export const DEFAULT_TOPIC = 'fivesoc.volunteer.events';
