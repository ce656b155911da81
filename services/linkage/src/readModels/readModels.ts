import type { Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { BatchConsumer, ensureTopic, type BatchConsumerOptions, type FoldHandlers } from '@fivesoc/eventing';
import { COLLECTIONS, readModelCollections, type ReadModelCollections } from './collections.ts';
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

/** What the batching consumer takes as it is: sizes, retries and what to tell after each batch. */
type Tuning = Pick<
  BatchConsumerOptions,
  | 'partitionsConsumedConcurrently'
  | 'maxBytesPerPartition'
  | 'cacheSize'
  | 'maxAttempts'
  | 'backoff'
  | 'onFolded'
>;

export interface ReadModelsOptions extends Tuning {
  kafka: Kafka;
  db: Db;
  logger: Logger;
  sources: Sources;
  /** Consumer group prefix; the group is `<prefix>.g<generation>`. */
  groupPrefix: string;
}

interface Meta {
  _id: string;
  generation: number;
}

/**
 * Linkage's read models of the five societies, fed by their topics in one consumer group: eventing's
 * `BatchConsumer` folds each fetched batch of a partition and writes each document once, committing the
 * offsets after the writes. Linkage adds which topics, the handlers in `project/*` (tolerant readers:
 * unknown event types are skipped, since societies may add events; a malformed payload of a known type is
 * dead-lettered), and the generation of the consumer group that a rebuild moves on.
 */
export class ReadModels {
  readonly collections: ReadModelCollections;
  /** The consumer group in use (changes with each rebuild). */
  groupId = '';
  private consumer: BatchConsumer | undefined;
  private readonly byTopic: ReadonlyMap<string, FoldHandlers>;
  private readonly meta;
  private busy: Promise<unknown> = Promise.resolve();
  private readonly opts: ReadModelsOptions;

  constructor(opts: ReadModelsOptions) {
    this.opts = opts;
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

  /** The five society topics the read models fold. */
  get topics(): string[] {
    return [...this.byTopic.keys()];
  }

  get deadLetterTopic(): string {
    return `${this.opts.groupPrefix}.dlq`;
  }

  async start(): Promise<void> {
    const generation = (await this.meta.findOne({ _id: 'generation' }))?.generation ?? 0;
    for (const t of this.topics) await ensureTopic(this.opts.kafka, t);
    this.groupId = `${this.opts.groupPrefix}.g${generation}`;
    // Each generation is a group of its own, with its lag and dead letters on the metrics page and ops API.
    this.consumer = new BatchConsumer({
      ...this.opts,
      logger: this.opts.logger.child({ component: 'read-models' }),
      groupId: this.groupId,
      handlers: this.byTopic,
      deadLetterTopic: this.deadLetterTopic,
    });
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    const c = this.consumer;
    this.consumer = undefined;
    await c?.stop();
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
}
