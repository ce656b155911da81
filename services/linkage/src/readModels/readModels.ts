import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import {
  ConsumerMetrics,
  DLQ_HEADERS,
  decodeEnvelope,
  ensureTopic,
  headersToStrings,
  inSpan,
  isTransient,
  linksFrom,
} from '@fivesoc/eventing';
import { BatchProjector, type ApplyResult } from './batch.ts';
import { COLLECTIONS, readModelCollections, type ReadModelCollections } from './collections.ts';
import type { Fold, Handlers } from './project/apply.ts';
import { charityHandlers } from './project/charity.ts';
import { communityHandlers } from './project/community.ts';
import { organizationHandlers } from './project/organization.ts';
import { socialWorkerHandlers } from './project/socialWorker.ts';
import { volunteerHandlers } from './project/volunteer.ts';

export interface Sources {
  community: string;
  socialWorker: string;
  volunteer: string;
  organization: string;
  charity: string;
}

export interface ReadModelsOptions {
  kafka: Kafka;
  db: Db;
  logger: Logger;
  sources: Sources;
  /** Consumer group prefix; the group is `<prefix>.g<generation>`. */
  groupPrefix: string;
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
  /** Attempts for a batch whose write fails non-transiently before its documents are written one by one. */
  maxAttempts?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** Called after a batch's documents were written, with its topic and the event types folded. */
  onFolded?: (topic: string, types: ReadonlySet<string>) => void;
}

interface Meta {
  _id: string;
  generation: number;
}

/**
 * Linkage's read models of the five societies, fed by their topics in one consumer group. Each fetched
 * batch of a partition is folded in memory and written once per document (`BatchProjector`), and its
 * offsets are committed only after the writes: a crash means redelivery, which `_v` turns into nothing.
 * Order is kept per stream: one stream is one key, one partition, one batch after another. Unknown event
 * types are skipped, since societies may add events; a malformed payload of a known type is
 * dead-lettered, as is an event whose document cannot be written after the retries.
 */
export class ReadModels {
  readonly collections: ReadModelCollections;
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private projector: BatchProjector | undefined;
  private stopping = false;
  private readonly byTopic: Map<string, Handlers>;
  private readonly meta;
  private busy: Promise<unknown> = Promise.resolve();
  private readonly logger: Logger;

  private readonly opts: ReadModelsOptions;
  private get maxAttempts(): number {
    return this.opts.maxAttempts ?? 5;
  }

  constructor(opts: ReadModelsOptions) {
    this.opts = opts;
    this.logger = opts.logger.child({ component: 'read-models' });
    this.collections = readModelCollections(opts.db);
    this.meta = opts.db.collection<Meta>('rm_meta');
    const m = this.collections;
    const s = opts.sources;
    this.byTopic = new Map([
      [s.community, communityHandlers(m)],
      [s.socialWorker, socialWorkerHandlers(m)],
      [s.volunteer, volunteerHandlers(m)],
      [s.organization, organizationHandlers(m)],
      [s.charity, charityHandlers(m)],
    ]);
  }

  /** The consumer group in use (changes with each rebuild). */
  groupId = '';
  private metrics: ConsumerMetrics | undefined;

  /** The five society topics the read models fold. */
  get topics(): string[] {
    return [...this.byTopic.keys()];
  }

  get deadLetterTopic(): string {
    return `${this.opts.groupPrefix}.dlq`;
  }

  async start(): Promise<void> {
    const generation = (await this.meta.findOne({ _id: 'generation' }))?.generation ?? 0;
    const topics = [...this.byTopic.keys()];
    for (const t of topics) await ensureTopic(this.opts.kafka, t);
    this.groupId = `${this.opts.groupPrefix}.g${generation}`;
    const projector = new BatchProjector({ cacheSize: this.opts.cacheSize ?? 50_000 });
    const consumer = this.opts.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: true,
      maxBytesPerPartition: this.opts.maxBytesPerPartition ?? 16 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
    });
    const producer = this.opts.kafka.producer({ allowAutoTopicCreation: true });
    // Partitions may move on every join: what another member wrote meanwhile is not in the cache.
    consumer.on(consumer.events.GROUP_JOIN, () => projector.clear());
    this.stopping = false;
    this.consumer = consumer;
    this.producer = producer;
    this.projector = projector;
    // Lag and dead letters of this generation's group on the metrics page and in the ops API.
    this.metrics = new ConsumerMetrics({
      groupId: this.groupId,
      topics,
      deadLetterTopic: this.deadLetterTopic,
      kafka: this.opts.kafka,
      db: this.opts.db,
    });
    await Promise.all([consumer.connect(), producer.connect()]);
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 3,
      eachBatch: (p) => this.onBatch(p, projector, producer),
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const c = this.consumer;
    const p = this.producer;
    this.consumer = undefined;
    this.producer = undefined;
    await c?.disconnect();
    await p?.disconnect();
    await this.metrics?.close();
    this.metrics = undefined;
  }

  /**
   * Drops every read model and replays the five topics from offset zero in a fresh consumer group. The
   * answer comes once the new group is consuming; the models fill as it catches up.
   */
  rebuild(): Promise<{ groupId: string }> {
    const run = this.busy.then(async () => {
      await this.stop();
      for (const name of [...Object.values(COLLECTIONS)]) {
        await this.opts.db
          .collection(name)
          .drop()
          .catch(() => undefined);
      }
      const current = (await this.meta.findOne({ _id: 'generation' }))?.generation ?? 0;
      await this.meta.updateOne(
        { _id: 'generation' },
        { $set: { generation: current + 1 } },
        { upsert: true },
      );
      await this.start();
      return { groupId: this.groupId };
    });
    this.busy = run.catch(() => undefined);
    return run;
  }

  private async onBatch(p: EachBatchPayload, projector: BatchProjector, producer: Producer): Promise<void> {
    const { batch } = p;
    const last = batch.messages.at(-1);
    if (!last || !p.isRunning() || p.isStale()) return;
    await inSpan(
      'fivesoc.read-models.batch',
      {
        attributes: {
          'messaging.destination.name': batch.topic,
          'messaging.kafka.partition': batch.partition,
          'messaging.batch.message_count': batch.messages.length,
        },
        // One write answers many events: the batch links to each event's trace.
        links: linksFrom(batch.messages),
      },
      async () => {
        const began = performance.now();
        const handlers = this.byTopic.get(batch.topic) ?? {};
        const folds: Fold[] = [];
        const types = new Set<string>();
        const sources: KafkaMessage[] = [];
        const letters: Message[] = [];
        for (const message of batch.messages) {
          try {
            const event = decodeEnvelope(message, undefined);
            // Own keys only: a type named like an Object method is just another unread type.
            const handler = Object.hasOwn(handlers, event.type) ? handlers[event.type] : undefined;
            if (!handler) continue;
            folds.push(handler(event));
            types.add(event.type);
            sources.push(message);
          } catch (err) {
            // Handlers only read the payload: what fails there fails every time.
            letters.push(this.deadLetter(batch.topic, batch.partition, message, err as Error, 1));
          }
        }
        // Stay in the group while a large batch is written (heartbeat only sends once its interval passed).
        const beat = setInterval(() => void p.heartbeat().catch(() => undefined), 1000);
        let result: ApplyResult;
        try {
          result = await this.applyWithRetry(folds, projector, p);
        } finally {
          clearInterval(beat);
        }
        const { written, inserted, read, failed } = result;
        for (const [i, err] of failed)
          letters.push(this.deadLetter(batch.topic, batch.partition, sources[i]!, err, this.maxAttempts));
        if (letters.length > 0)
          await producer.send({ topic: this.deadLetterTopic, acks: -1, messages: letters });
        p.resolveOffset(last.offset);
        if (this.opts.onFolded && sources.length > 0) this.opts.onFolded(batch.topic, types);
        await p.heartbeat();
        this.logger.debug(
          {
            topic: batch.topic,
            partition: batch.partition,
            messages: batch.messages.length,
            folded: folds.length,
            written,
            inserted,
            read,
            deadLettered: letters.length,
            ms: Math.round(performance.now() - began),
          },
          'batch folded',
        );
      },
    );
  }

  /**
   * Applies a batch's folds, retrying on failure: transient failures (the server away) without end,
   * others `maxAttempts` times; then each document is written on its own and the events of a document
   * that still fails are answered for the dead-letter topic, so one bad document never stalls a partition.
   */
  private async applyWithRetry(
    folds: Fold[],
    projector: BatchProjector,
    p: EachBatchPayload,
  ): Promise<ApplyResult> {
    const maxAttempts = this.maxAttempts;
    const { initialMs, maxMs } = this.opts.backoff ?? { initialMs: 100, maxMs: 10_000 };
    for (let attempt = 1; ; attempt++) {
      try {
        return await projector.apply(folds);
      } catch (err) {
        projector.forget(folds);
        if (this.stopping || !p.isRunning()) throw err; // not committed: redelivered to the next owner
        const transient = isTransient(err);
        if (!transient && attempt >= maxAttempts) {
          this.logger.error(
            { err, attempts: attempt },
            'batch write failed; writing its documents one by one',
          );
          const result = await projector.apply(folds, true);
          const { failed } = result;
          projector.forget([...failed.keys()].map((i) => folds[i]!));
          return result;
        }
        const delay = Math.min(maxMs, initialMs * 2 ** (attempt - 1));
        this.logger.warn({ err, attempt, transient, delay }, 'batch write failed; retrying');
        await new Promise((r) => setTimeout(r, delay));
        await p.heartbeat().catch(() => undefined);
      }
    }
  }

  /** The message as it came, with the `dlq-*` headers `listDeadLetters` and `replayDeadLetters` read. */
  private deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    err: Error,
    attempts: number,
  ): Message {
    this.logger.error(
      { err: { name: err.name, message: err.message }, topic, partition, offset: message.offset, attempts },
      'message dead-lettered',
    );
    return {
      key: message.key,
      value: message.value,
      headers: {
        ...headersToStrings(message.headers),
        [DLQ_HEADERS.error]: err.message.slice(0, 2000),
        [DLQ_HEADERS.errorName]: err.name,
        [DLQ_HEADERS.originalTopic]: topic,
        [DLQ_HEADERS.originalPartition]: String(partition),
        [DLQ_HEADERS.originalOffset]: message.offset,
        [DLQ_HEADERS.groupId]: this.groupId,
        [DLQ_HEADERS.attempts]: String(attempts),
        [DLQ_HEADERS.failedAt]: new Date().toISOString(),
      },
    };
  }
}
