import type { Message } from 'kafkajs';
import { HEADER_NAMES as H, type EventEnvelope } from '../contracts/index.ts';

/** One Kafka message per event: key = stream id (order per stream), value = the envelope, metadata as headers. */
export function toMessage(e: EventEnvelope, traceHeaders: Record<string, string>): Message {
  const headers: Record<string, string> = {
    [H.eventId]: e.id,
    [H.eventType]: e.type,
    [H.schemaVersion]: String(e.schemaVersion),
    [H.streamId]: e.streamId,
    [H.streamVersion]: String(e.streamVersion),
    [H.occurredAt]: e.occurredAt,
    [H.correlationId]: e.metadata.correlationId,
    [H.contentType]: 'application/json',
    ...traceHeaders,
  };
  if (e.metadata.causationId) headers[H.causationId] = e.metadata.causationId;
  if (e.metadata.actor) headers[H.actor] = e.metadata.actor;
  const { position: _p, ...envelope } = e;
  return { key: e.streamId, value: JSON.stringify(envelope), headers };
}
