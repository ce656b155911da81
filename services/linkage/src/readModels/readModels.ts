import type { Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { EventConsumer, ensureTopic, type EventEnvelope, type HandlerContext } from '@fivesoc/eventing';
import { COLLECTIONS, readModelCollections, type ReadModelCollections } from './collections.ts';
import type { Handlers } from './project/apply.ts';
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
}

interface Meta {
  _id: string;
  generation: number;
}

/**
 * Linkage's read models of the five societies, fed by their topics in one consumer group (order kept
 * per stream: one stream is one key, one partition). Unknown event types are skipped, since societies
 * may add events; a malformed payload of a known type is dead-lettered.
 */
export class ReadModels {
  readonly collections: ReadModelCollections;
  private consumer: EventConsumer | undefined;
  private readonly byTopic: Map<string, Handlers>;
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

  /** The consumer group in use (changes with each rebuild). */
  groupId = '';

  async start(): Promise<void> {
    const generation = (await this.meta.findOne({ _id: 'generation' }))?.generation ?? 0;
    const topics = [...this.byTopic.keys()];
    for (const t of topics) await ensureTopic(this.opts.kafka, t);
    this.groupId = `${this.opts.groupPrefix}.g${generation}`;
    this.consumer = new EventConsumer({
      kafka: this.opts.kafka,
      groupId: this.groupId,
      deadLetterTopic: `${this.opts.groupPrefix}.dlq`,
      topics,
      handle: (event, ctx) => this.handle(event, ctx),
      logger: this.opts.logger.child({ component: 'read-models' }),
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
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

  private async handle(event: EventEnvelope, ctx: HandlerContext): Promise<void> {
    const handler = this.byTopic.get(ctx.topic)?.[event.type];
    if (handler) await handler(event);
  }
}
