export * from './contracts/index.ts';
export * from './eventStore/index.ts';
export * from './commandHandling/index.ts';
export * from './relay/index.ts';
export * from './consumer/index.ts';
export {
  activeTraceHeaders,
  contextFrom,
  headersToStrings,
  inSpan,
  linksFrom,
  SpanKind,
} from './tracing/index.ts';
export { activeCause, withCause, type EventCause } from './tracing/cause.ts';
export { startEventing, type Eventing } from './startEventing.ts';
export { startProjection } from './startProjection.ts';
export { TOPIC_PARTITIONS, ensureTopic } from './ensureTopic.ts';
export * from './ops/index.ts';
