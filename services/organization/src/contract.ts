/**
 * The one door to the organization society's event contract: every event it publishes on its topic, each type with its
 * payload schema and versions. The AsyncAPI document (`./fivesoc contracts`), the end-to-end tests and
 * linkage's consumer-driven test read it here (`@fivesoc/organization/contract`), never by a path into the service.
 */
export { organizationRegistry as eventRegistry } from './domain/registry.ts';

/** The topic it publishes to unless configured otherwise (`KAFKA_TOPIC`). */
export const DEFAULT_TOPIC = 'fivesoc.organization.events';
