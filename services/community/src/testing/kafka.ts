import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';

/** Reads a topic from the beginning until `done` says enough was seen (or the timeout passes). */
export async function readTopic(
  brokers: string[],
  topic: string,
  done: (messages: KafkaMessage[]) => boolean,
  timeoutMs = 20_000,
): Promise<KafkaMessage[]> {
  const consumer = new Kafka({ brokers, logLevel: logLevel.NOTHING }).consumer({
    groupId: `reader-${topic}-${Date.now()}`,
  });
  const got: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
  const deadline = Date.now() + timeoutMs;
  while (!done(got) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  await consumer.disconnect();
  return got;
}
