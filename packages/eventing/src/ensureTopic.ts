import type { Kafka } from 'kafkajs';

/** Partitions of a topic this creates (a topic made by other tooling keeps what it has). */
export const TOPIC_PARTITIONS = 3;

/**
 * Creates a topic if it is missing (a consumer group cannot subscribe to a topic that does not exist yet),
 * and returns once its partitions have leaders. Several services start at once and ensure the same topics
 * (linkage reads every society's), so a creation racing another one, or metadata not yet propagated
 * (`UNKNOWN_TOPIC_OR_PARTITION`, `LEADER_NOT_AVAILABLE`), is retried rather than fatal.
 * Production clusters usually create topics by their own tooling; then this finds it there and does nothing.
 */
export async function ensureTopic(
  kafka: Kafka,
  topic: string,
  numPartitions = TOPIC_PARTITIONS,
  attempts = 20,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        if (!(await admin.listTopics()).includes(topic)) {
          await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
        }
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        const partitions = topics[0]?.partitions ?? [];
        if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) return;
        throw Object.assign(new Error(`topic ${topic} has no leaders yet`), { retriable: true });
      } catch (err) {
        const e = err as { retriable?: boolean; type?: string };
        const racing = e.retriable === true || e.type === 'TOPIC_ALREADY_EXISTS';
        if (!racing || attempt >= attempts) throw err;
        await new Promise((r) => setTimeout(r, Math.min(2000, 100 * attempt)));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
