import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind, context, propagation, trace, type SpanContext } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { pino } from 'pino';
import { EventConsumer } from '../consumer/index.ts';
import { MongoEventStore } from '../eventStore/index.ts';
import { OutboxRelay } from '../relay/index.ts';
import { createTopic, fixture, until, type Fixture } from '../testing/fixtures.ts';
import { inc, sampleRegistry } from '../testing/sampleDomain.ts';
import { activeTraceHeaders } from './index.ts';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
let f: Fixture;

beforeAll(async () => {
  // What the service kit's SDK registers in a running service, with spans kept in memory to look at.
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  f = await fixture('trace');
});
afterAll(async () => {
  await f.close();
  trace.disable();
  context.disable();
  propagation.disable();
});

describe('trace context across the bus', () => {
  it("continues the HTTP request's trace in the relay's produce and in the consumer's handling", async () => {
    const store = new MongoEventStore({ db: f.db, registry: sampleRegistry });
    const topic = await createTopic(f.kafka, 'trace', 1);
    const logger = pino({ level: 'silent' });

    // The request: a SERVER span like the one HTTP instrumentation starts, and an append inside it.
    const tracer = trace.getTracer('test');
    await tracer.startActiveSpan('POST /v1/tallies', { kind: SpanKind.SERVER }, async (span) => {
      await store.append('t-1', 'no_stream', [inc(1)], {
        metadata: { correlationId: 'c-1', ...activeTraceHeaders() },
        occurredAt: new Date(),
      });
      span.end();
    });

    let seenInHandler: SpanContext | undefined;
    const relay = new OutboxRelay({ store, kafka: f.kafka, topic, logger });
    const consumer = new EventConsumer({
      kafka: f.kafka,
      groupId: `g-${topic}`,
      topics: [topic],
      registry: sampleRegistry,
      logger,
      handle: async () => {
        seenInHandler = trace.getActiveSpan()?.spanContext();
      },
    });
    await relay.start();
    await consumer.start();
    await until('the event handled', () => seenInHandler !== undefined);
    await consumer.stop();
    await relay.stop();

    const spans = exporter.getFinishedSpans();
    const server = spans.find((s) => s.name === 'POST /v1/tallies')!;
    const produce = spans.find((s) => s.name === 'fivesoc.relay publish')!;
    const consume = spans.find((s) => s.name === 'fivesoc.consume')!;
    expect(produce.kind).toBe(SpanKind.PRODUCER);
    expect(consume.kind).toBe(SpanKind.CONSUMER);
    const traceId = server.spanContext().traceId;
    expect(produce.spanContext().traceId).toBe(traceId);
    expect(consume.spanContext().traceId).toBe(traceId);
    expect(produce.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(consume.parentSpanContext?.spanId).toBe(produce.spanContext().spanId);
    expect(seenInHandler?.spanId).toBe(consume.spanContext().spanId);
  });
});
