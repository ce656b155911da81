import type { Consumer, EachBatchPayload, EachMessagePayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { EventEnvelope, EventRegistry } from '../contracts/index.ts';
import { SpanKind, contextFrom, headersToStrings, inSpan } from '../tracing/index.ts';
import { memberParts, type MemberParts } from './deadLetterWriter.ts';
import { runKeyed } from './keyedBatch.ts';
import { decodeEnvelope } from './decode.ts';
import { PoisonMessageError } from './errors.ts';
import { withRetries, type RetryPolicy } from './retry.ts';
import { withCause } from '../tracing/cause.ts';

export interface HandlerContext {
  topic: string;
  partition: number;
  offset: string;
  heartbeat(): Promise<void>;
}

export interface EventConsumerOptions extends RetryPolicy {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  /** Validates and upcasts payloads on consume; a message that fails goes to the dead-letter topic. */
  registry?: EventRegistry;
  /** Must be idempotent: the same event may arrive more than once (at-least-once delivery). */
  handle(event: EventEnvelope, ctx: HandlerContext): Promise<void>;
  logger: Logger;
  /** Defaults to `<groupId>.dlq`. */
  deadLetterTopic?: string;
  fromBeginning?: boolean;
  /** Partitions handled at once (order is kept within each partition, so within each stream). */
  partitionsConsumedConcurrently?: number;
  /**
   * Streams (message keys) of one partition handled at once, each stream's events still in order; the
   * batch's offset is committed once all of it is handled. Default 1: the partition one event after another.
   */
  streamsConcurrently?: number;
}

/**
 * A kafkajs consumer group member that hands each event to an idempotent handler. The offset is committed
 * only after the handler (or the dead-letter write) has finished, so a crash means redelivery, not loss.
 */
export class EventConsumer {
  readonly deadLetterTopic: string;
  private readonly consumer: Consumer;
  private readonly member: MemberParts;
  private stopping = false;
  private readonly opts: EventConsumerOptions;

  constructor(opts: EventConsumerOptions) {
    this.opts = opts;
    this.consumer = opts.kafka.consumer({ groupId: opts.groupId, allowAutoTopicCreation: true });
    this.member = memberParts(opts);
    this.deadLetterTopic = this.member.deadLetterTopic;
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.member.connect(this.consumer);
    await this.consumer.subscribe({
      topics: this.opts.topics,
      fromBeginning: this.opts.fromBeginning ?? true,
    });
    const partitionsConsumedConcurrently = this.opts.partitionsConsumedConcurrently ?? 1;
    const streams = this.opts.streamsConcurrently ?? 1;
    if (streams <= 1)
      return this.consumer.run({
        autoCommit: true,
        partitionsConsumedConcurrently,
        eachMessage: (p) => this.member.metrics.track(p, () => this.onMessage(p)),
      });
    await this.consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently,
      eachBatch: (b) => this.onBatch(b, streams),
    });
  }

  /** A partition's batch with its streams side by side; its offset resolved once all of it is handled. */
  private async onBatch(b: EachBatchPayload, streams: number): Promise<void> {
    const { topic, partition } = b.batch;
    const heartbeat = () => b.heartbeat();
    const pause = () => b.pause();
    const messages = b.batch.messages;
    await runKeyed(
      messages,
      (m) => m.key?.toString() ?? `#${m.offset}`,
      streams,
      async (message) => {
        const p = { topic, partition, message, heartbeat, pause };
        await this.member.metrics.track(p, () => this.onMessage(p));
        await heartbeat().catch(() => undefined);
      },
      () => b.isRunning() && !b.isStale(),
    );
    const last = messages.at(-1);
    if (last && b.isRunning() && !b.isStale()) b.resolveOffset(last.offset);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.member.disconnect(this.consumer);
  }

  private async onMessage(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = payload;
    const heartbeat = () => payload.heartbeat();
    const headers = headersToStrings(message.headers);
    const parent = contextFrom(headers);
    await inSpan(
      'fivesoc.consume',
      {
        kind: SpanKind.CONSUMER,
        parent,
        attributes: {
          'messaging.destination.name': topic,
          'messaging.kafka.offset': message.offset,
          'messaging.consumer.group.name': this.opts.groupId,
        },
      },
      async (span) => {
        let event: EventEnvelope;
        try {
          event = decodeEnvelope(message, this.opts.registry);
        } catch (err) {
          if (err instanceof PoisonMessageError) return this.deadLetter(topic, partition, message, err, 1);
          throw err;
        }
        span.setAttribute('fivesoc.event.type', event.type);
        span.setAttribute('fivesoc.event.id', event.id);
        const cause = {
          eventId: event.id,
          type: event.type,
          occurredAt: event.occurredAt,
          topic,
          partition,
          offset: message.offset,
          publishedAt: new Date(Number(message.timestamp)).toISOString(),
          consumedAt: new Date().toISOString(),
          group: this.opts.groupId,
        };
        await withCause(cause, () =>
          this.handleWithRetry(event, { topic, partition, offset: message.offset, heartbeat }, message),
        );
      },
    );
  }

  private async handleWithRetry(
    event: EventEnvelope,
    ctx: HandlerContext,
    message: EachMessagePayload['message'],
  ) {
    const outcome = await withRetries(() => this.opts.handle(event, ctx), this.opts, {
      logger: this.opts.logger,
      about: { eventId: event.id, type: event.type },
      stopping: () => this.stopping, // not committed: redelivered to whoever takes the partition
      heartbeat: () => ctx.heartbeat(),
      retried: () => this.member.metrics.retried(ctx.topic),
    });
    if (!outcome.ok)
      await this.deadLetter(ctx.topic, ctx.partition, message, outcome.error, outcome.attempts);
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: EachMessagePayload['message'],
    err: Error,
    attempts: number,
  ): Promise<void> {
    await this.member.letters.send([this.member.letters.letter(topic, partition, message, err, attempts)]);
  }
}
