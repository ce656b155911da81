import type { Producer } from 'kafkajs';
import type { StoredEvent } from '../eventStore/index.ts';
import { SpanKind, contextFrom, injectInto, tracer } from '../tracing/index.ts';
import type { Lease } from './lease.ts';
import { toMessage } from './messages.ts';
import type { OutboxRelayOptions } from './outboxRelay.ts';

export interface PublishTo {
  producer: Producer;
  topic: string;
  lease: Lease;
  instanceId: string;
  onPublished?: OutboxRelayOptions['onPublished'];
}

/**
 * Sends one batch to Kafka (all replicas acknowledge) while the lease is surely held, one PRODUCER span per
 * event, child of the span that appended it (its traceparent was stored).
 */
export async function publish(
  { producer, topic, lease, instanceId, onPublished }: PublishTo,
  events: readonly StoredEvent[],
): Promise<void> {
  // One PRODUCER span per event, child of the span that appended it (its traceparent was stored).
  const spans = events.map((e) =>
    tracer.startSpan(
      'fivesoc.relay publish',
      {
        kind: SpanKind.PRODUCER,
        attributes: { 'messaging.destination.name': topic, 'fivesoc.event.type': e.type },
      },
      contextFrom(e.metadata),
    ),
  );
  const messages = events.map((e, i) => {
    const headers: Record<string, string> = {};
    injectInto(spans[i]!, headers);
    return toMessage(e, headers);
  });
  try {
    // A paused holder may have lost the lease to another instance meanwhile: check right before sending,
    // renewing it (which finds a rival's newer epoch) when less than half its TTL is left.
    if (!lease.stillHeld(lease.ttlMs / 2)) await lease.acquire(new Date(), true);
    if (!lease.stillHeld(lease.ttlMs / 2)) throw new Error('lease ran short before sending');
    const startedAt = Date.now();
    await producer.send({ topic, messages, acks: -1, timeout: Math.floor(lease.ttlMs / 3) });
    onPublished?.({
      instanceId,
      events: events.length,
      startedAt,
      endedAt: Date.now(),
    });
  } catch (err) {
    for (const span of spans) span.recordException(err as Error);
    throw err;
  } finally {
    for (const span of spans) span.end();
  }
}
