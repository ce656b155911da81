import type { KafkaMessage, Message, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { ConsumerMetrics } from '../ops/flows.ts';
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
