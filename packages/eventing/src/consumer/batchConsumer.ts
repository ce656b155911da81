import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Message } from 'kafkajs';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { EventRegistry } from '../contracts/index.ts';
import { SpanKind, inSpan, linksFrom } from '../tracing/index.ts';
import { BatchProjector, type ApplyResult } from './batchProjector.ts';
import { memberParts, type MemberParts } from './deadLetterWriter.ts';
import { decodeEnvelope } from './decode.ts';
import type { Fold, FoldHandlers } from './fold.ts';
import { withRetries, type RetryPolicy } from './retry.ts';

export interface BatchConsumerOptions extends RetryPolicy {
  kafka: Kafka;
  groupId: string;
  /** The topics consumed, each with its handlers by event type. */
  handlers: ReadonlyMap<string, FoldHandlers>;
  /** The database the folds' documents are in (and the group's replay ledger, for the metrics). */
  db: Db;
  logger: Logger;
  /**
   * Validates and upcasts payloads, dead-lettering what fails; without it, the handlers read the payload
   * as they can (a consumer of other services' topics with tolerant readers).
   */
  registry?: EventRegistry;
  /** Defaults to `<groupId>.dlq`. */
  deadLetterTopic?: string;
  fromBeginning?: boolean;
  /** Partitions folded at once (order is kept within each partition, so within each stream). Default 3. */
  partitionsConsumedConcurrently?: number;
  /**
   * Bytes fetched per partition at once: the most a batch can hold (a fetch holds at most 64 MiB). Default
   * 16 MiB, about 40,000 events: during a replay, the more of a stream's events one batch holds, the
   * fewer writes (live, a batch is what arrived since the last fetch).
   */
  maxBytesPerPartition?: number;
  /** Documents remembered between batches (see `BatchProjector`). Default 50,000. */
  cacheSize?: number;
  /** Called after a batch's documents were written, with its topic and the event types folded. */
  onFolded?: (topic: string, types: ReadonlySet<string>) => void;
}

/** What one batch asks of the projector, and the message each fold came from. */
interface Folded {
  folds: Fold[];
  origins: KafkaMessage[];
  types: Set<string>;
  letters: Message[];
}

/**
 * A consumer group member that folds each fetched batch of a partition into read-model documents and
 * writes each document once (`BatchProjector`); the offsets are committed only after the writes, so a
 * crash means redelivery, which `_v` turns into nothing. Order is kept per stream: one stream is one key,
 * one partition, one batch after another. Event types without a handler are skipped. A message that
 * cannot be decoded, or that its handler refuses, is dead-lettered at once; a batch whose write fails is
 * retried (`withRetries`, as `EventConsumer` does), then written one document at a time, and the events
 * of a document that still fails are dead-lettered, so one bad document never stalls its partition.
 */
export class BatchConsumer {
  readonly deadLetterTopic: string;
  private readonly opts: BatchConsumerOptions;
  private readonly consumer: Consumer;
  private readonly member: MemberParts;
  private readonly projector: BatchProjector;
  private readonly logger: Logger;
  private stopping = false;

  constructor(opts: BatchConsumerOptions) {
    this.opts = opts;
    this.logger = opts.logger;
    this.consumer = opts.kafka.consumer({
      groupId: opts.groupId,
      allowAutoTopicCreation: true,
      maxBytesPerPartition: opts.maxBytesPerPartition ?? 16 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
    });
    this.projector = new BatchProjector({ db: opts.db, cacheSize: opts.cacheSize ?? 50_000 });
    // Partitions may move on every join: what another member wrote meanwhile is not in the cache.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => this.projector.clear());
    this.member = memberParts({ ...opts, topics: this.topics });
    this.deadLetterTopic = this.member.deadLetterTopic;
  }

  get topics(): string[] {
    return [...this.opts.handlers.keys()];
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.member.connect(this.consumer);
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: this.opts.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 3,
      eachBatch: (p) => this.onBatch(p),
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.member.disconnect(this.consumer);
  }

  private async onBatch(p: EachBatchPayload): Promise<void> {
    const { batch } = p;
    const first = batch.messages[0];
    const last = batch.messages.at(-1);
    if (!first || !last || !p.isRunning() || p.isStale()) return;
    const span = {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.destination.name': batch.topic,
        'messaging.kafka.partition': batch.partition,
        'messaging.consumer.group.name': this.opts.groupId,
        'messaging.batch.message_count': batch.messages.length,
      },
      // One write answers many events: the batch links to each event's trace.
      links: linksFrom(batch.messages),
    };
    const where = { topic: batch.topic, partition: batch.partition, message: first };
    await this.member.metrics.track(
      where,
      () => inSpan('fivesoc.consume.batch', span, () => this.foldBatch(p)),
      last.timestamp,
    );
  }

  private async foldBatch(p: EachBatchPayload): Promise<void> {
    const { batch } = p;
    const began = performance.now();
    const folded = this.foldsOf(batch.topic, batch.partition, batch.messages);
    // Stay in the group while a large batch is written (heartbeat only sends once its interval passed).
    const beat = setInterval(() => void p.heartbeat().catch(() => undefined), 1000);
    let result: ApplyResult & { attempts: number };
    try {
      result = await this.write(folded.folds, p);
    } finally {
      clearInterval(beat);
    }
    const refused = new Map<KafkaMessage, Error>();
    for (const [i, err] of result.failed) refused.set(folded.origins[i]!, err);
    for (const [message, err] of refused)
      folded.letters.push(
        this.member.letters.letter(batch.topic, batch.partition, message, err, result.attempts),
      );
    await this.member.letters.send(folded.letters);
    p.resolveOffset(batch.messages.at(-1)!.offset);
    if (this.opts.onFolded && folded.types.size > 0) this.opts.onFolded(batch.topic, folded.types);
    await p.heartbeat();
    const { written, inserted, read } = result;
    this.logger.debug(
      {
        topic: batch.topic,
        partition: batch.partition,
        messages: batch.messages.length,
        folded: folded.folds.length,
        written,
        inserted,
        read,
        deadLettered: folded.letters.length,
        ms: Math.round(performance.now() - began),
      },
      'batch folded',
    );
  }

  /** Decodes each message and asks its handler for its folds; what fails there fails every time. */
  private foldsOf(topic: string, partition: number, messages: KafkaMessage[]): Folded {
    const handlers = this.opts.handlers.get(topic) ?? {};
    const out: Folded = { folds: [], origins: [], types: new Set(), letters: [] };
    for (const message of messages) {
      try {
        const event = decodeEnvelope(message, this.opts.registry);
        // Own keys only: a type named like an Object method is just another unread type.
        const handler = Object.hasOwn(handlers, event.type) ? handlers[event.type] : undefined;
        if (!handler) continue;
        const folds = handler(event) ?? [];
        for (const fold of Array.isArray(folds) ? folds : [folds]) {
          out.folds.push(fold);
          out.origins.push(message);
        }
        out.types.add(event.type);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        out.letters.push(this.member.letters.letter(topic, partition, message, error, 1));
      }
    }
    return out;
  }

  /**
   * Applies a batch's folds with the consumer's retries; once they give up, each document is written on
   * its own, and the folds of those that still fail are answered for the dead-letter topic.
   */
  private async write(folds: Fold[], p: EachBatchPayload): Promise<ApplyResult & { attempts: number }> {
    const { topic, partition } = p.batch;
    const attempt = async () => {
      try {
        return await this.projector.apply(folds);
      } catch (err) {
        this.projector.forget(folds); // the store may be ahead of the cache
        throw err;
      }
    };
    const outcome = await withRetries(attempt, this.opts, {
      logger: this.logger,
      about: { topic, partition, folds: folds.length },
      stopping: () => this.stopping || !p.isRunning(), // not committed: redelivered to the next owner
      heartbeat: () => p.heartbeat(),
      retried: () => this.member.metrics.retried(topic),
    });
    if (outcome.ok) return { ...outcome.value, attempts: 1 };
    this.logger.error(
      { err: outcome.error, attempts: outcome.attempts },
      'batch write failed; writing its documents one by one',
    );
    const result = await this.projector.apply(folds, true);
    this.projector.forget([...result.failed.keys()].map((i) => folds[i]!));
    return { ...result, attempts: outcome.attempts };
  }
}
