import type { Consumer, KafkaMessage, Message, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { ConsumerMetrics, type GroupFlow } from '../ops/flows.ts';
import { deadLetterMessage } from './deadLetters.ts';

/** Where a consumer's dead letters go: `<groupId>.dlq` unless told. */
export interface DeadLetterWriterOptions {
  producer: Producer;
  topic: string;
  groupId: string;
  logger: Logger;
  metrics: ConsumerMetrics;
}

/**
 * A consumer's dead-lettering: each letter is logged and counted, and carries the original message with
 * the `dlq-*` headers `listDeadLetters` and `replayDeadLetters` read. Letters are sent (acks -1) before
 * the offset past them is committed.
 */
export class DeadLetterWriter {
  private readonly o: DeadLetterWriterOptions;
  constructor(o: DeadLetterWriterOptions) {
    this.o = o;
  }

  get topic(): string {
    return this.o.topic;
  }

  letter(topic: string, partition: number, message: KafkaMessage, error: Error, attempts: number): Message {
    this.o.logger.error(
      {
        err: { name: error.name, message: error.message },
        topic,
        partition,
        offset: message.offset,
        attempts,
      },
      'message dead-lettered',
    );
    this.o.metrics.deadLettered(topic, error.name);
    return deadLetterMessage({ topic, partition, message, error, attempts, groupId: this.o.groupId });
  }

  async send(messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    await this.o.producer.send({ topic: this.o.topic, acks: -1, messages });
  }
}

/** What every consumer group member has beside its kafkajs consumer: its metrics and its dead letters. */
export interface MemberParts {
  deadLetterTopic: string;
  /** Sends the dead letters; connected and disconnected with the consumer. */
  producer: Producer;
  metrics: ConsumerMetrics;
  letters: DeadLetterWriter;
  /** Connects the member's consumer and its producer. */
  connect(consumer: Consumer): Promise<void>;
  /** Leaves the group (uncommitted offsets are redelivered to the next owner) and closes the rest. */
  disconnect(consumer: Consumer): Promise<void>;
}

export function memberParts(
  o: Omit<GroupFlow, 'partitions' | 'deadLetterTopic'> & { deadLetterTopic?: string; logger: Logger },
): MemberParts {
  const { kafka, groupId, topics, logger } = o;
  const deadLetterTopic = o.deadLetterTopic ?? `${groupId}.dlq`;
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  const metrics = new ConsumerMetrics({
    groupId,
    topics,
    deadLetterTopic,
    kafka,
    ...(o.db ? { db: o.db } : {}),
    ...(o.registry ? { registry: o.registry } : {}),
  });
  const letters = new DeadLetterWriter({ producer, topic: deadLetterTopic, groupId, logger, metrics });
  return {
    deadLetterTopic,
    producer,
    metrics,
    letters,
    connect: async (consumer) => {
      await Promise.all([consumer.connect(), producer.connect()]);
    },
    disconnect: async (consumer) => {
      await consumer.disconnect();
      await producer.disconnect();
      await metrics.close();
    },
  };
}
