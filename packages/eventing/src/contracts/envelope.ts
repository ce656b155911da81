import type { EventCause } from '../tracing/cause.ts';
/**
 * The envelope every event travels in, from the store to Kafka to a consumer. The payload is the domain's;
 * everything else is the platform's. Personal data never goes in a payload in clear text (DOMAIN.md).
 */
export interface EventMetadata {
  /** The request or workflow this event belongs to; copied from cause to effect. */
  correlationId: string;
  /** The id of the command or event that caused this one. */
  causationId?: string;
  /** Who acted: a token subject, or `system:<process>` for schedulers and sagas. */
  actor?: string;
  /** The roles of the actor's token, comma-separated (a record's history shows them). */
  roles?: string;
  /** The command that appended it: an HTTP route (`POST /v1/needs/:id/withdrawal`) or an RPC name. */
  command?: string;
  /** Where the record came from when it was not made here: `migration` (an import of an existing registry). */
  source?: string;
  /** W3C trace context of the span that appended the event. */
  traceparent?: string;
  tracestate?: string;
  /** The consumed event this one answers, as Kafka delivered it (see `activeCause`). */
  cause?: EventCause;
}

export interface EventEnvelope<P = unknown, T extends string = string> {
  /** UUID; consumers deduplicate by it. */
  id: string;
  streamId: string;
  /** 1-based version of the stream after this event. */
  streamVersion: number;
  type: T;
  schemaVersion: number;
  /** ISO-8601 instant the command was decided (passed in, never read from the clock in domain code). */
  occurredAt: string;
  payload: P;
  metadata: EventMetadata;
  /** Position of the event's commit in the store's total order (set by the store). */
  position?: number;
}

/** What a decider emits: type and payload. The store adds the rest. */
export interface NewEvent<P = unknown, T extends string = string> {
  type: T;
  payload: P;
}
