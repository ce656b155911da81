/**
 * The one door to linkage's event contract: every event it publishes on its topic, each type with its
 * payload schema and versions. The AsyncAPI document (`./fivesoc contracts`), the end-to-end tests and
 * its consumers read it here (`@fivesoc/linkage/contract`), never by a path into the service.
 */
export { caseRegistry as eventRegistry } from './cases/domain/events.ts';

/** The topic it publishes to unless configured otherwise (`KAFKA_TOPIC`). */
export const DEFAULT_TOPIC = 'fivesoc.linkage.events';
