import { z } from 'zod';
import type { EventRegistry } from './registry.ts';

/** Kafka headers every message carries (see relay/messages.ts). */
export const HEADER_NAMES = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  streamId: 'stream-id',
  streamVersion: 'stream-version',
  occurredAt: 'occurred-at',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  actor: 'actor',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  contentType: 'content-type',
} as const;

export interface TopicContract {
  service: string;
  topic: string;
  version: string;
  registry: EventRegistry;
  description?: string;
}

/**
 * The published contract of a society's topic as an AsyncAPI 3.0 document: one message per event type
 * and schema version, payload as JSON Schema, headers as sent by the relay, key = stream id.
 */
export function asyncApiDocument(t: TopicContract): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  for (const c of t.registry.contracts) {
    messages[`${c.type}.v${c.version}`] = {
      name: c.type,
      title: `${c.type} v${c.version}`,
      ...(c.description ? { summary: c.description } : {}),
      contentType: 'application/json',
      headers: {
        type: 'object',
        required: [
          'event-id',
          'event-type',
          'schema-version',
          'stream-id',
          'stream-version',
          'correlation-id',
        ],
        properties: Object.fromEntries(Object.values(HEADER_NAMES).map((h) => [h, { type: 'string' }])),
      },
      payload: {
        type: 'object',
        description: 'the event envelope; `payload` holds the event data of this type and version',
        required: [
          'id',
          'streamId',
          'streamVersion',
          'type',
          'schemaVersion',
          'occurredAt',
          'payload',
          'metadata',
        ],
        properties: {
          id: { type: 'string', format: 'uuid' },
          streamId: { type: 'string' },
          streamVersion: { type: 'integer', minimum: 1 },
          type: { const: c.type },
          schemaVersion: { const: c.version },
          occurredAt: { type: 'string', format: 'date-time' },
          payload: z.toJSONSchema(c.schema, { target: 'draft-7', unrepresentable: 'any' }),
          metadata: { type: 'object' },
        },
      },
      bindings: { kafka: { key: { type: 'string', description: 'stream id: order is kept per stream' } } },
    };
  }
  const refs = Object.fromEntries(
    Object.keys(messages).map((k) => [k, { $ref: `#/components/messages/${k}` }]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: `fivesoc ${t.service} events`,
      version: t.version,
      ...(t.description ? { description: t.description } : {}),
    },
    channels: { [t.service]: { address: t.topic, messages: refs } },
    operations: {
      [`publish-${t.service}`]: { action: 'send', channel: { $ref: `#/channels/${t.service}` } },
    },
    components: { messages },
  };
}
