import type { Kafka } from 'kafkajs';

/**
 * Creates a topic if it is missing (a consumer group cannot subscribe to a topic that does not exist yet).
 * Production clusters usually create topics by their own tooling; then this finds it there and does nothing.
 */
export async function ensureTopic(kafka: Kafka, topic: string, numPartitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(topic)) return;
    await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}
