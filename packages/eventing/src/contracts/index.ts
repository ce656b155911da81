export type { EventEnvelope, EventMetadata, NewEvent } from './envelope.ts';
export { createEventRegistry, defineEvent, type EventContract, type EventRegistry } from './registry.ts';
export { eventsOf } from './eventsOf.ts';
export { asyncApiDocument, HEADER_NAMES, type TopicContract } from './asyncapi.ts';
