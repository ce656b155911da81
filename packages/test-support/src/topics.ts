import { Kafka, logLevel } from 'kafkajs';

/**
 * Creates a test's fresh topics and returns once every partition has a leader. On a busy broker the
 * creation's own wait for leaders can answer `UNKNOWN_TOPIC_OR_PARTITION` (the metadata not propagated yet)
 * although the topic was made: that, like a leader not elected yet, is waited out rather than failing.
 */
export async function createTestTopics(
  brokers: string[],
  topics: readonly string[],
  numPartitions = 1,
  timeoutMs = 60_000,
): Promise<void> {
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const deadline = Date.now() + timeoutMs;
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = topics.filter((t) => !existing.has(t));
        if (missing.length > 0)
          await admin.createTopics({
            topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
          });
        const { topics: meta } = await admin.fetchTopicMetadata({ topics: [...topics] });
        if (
          meta.length === topics.length &&
          meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))
        )
          return;
      } catch (err) {
        const e = err as { retriable?: boolean; type?: string };
        if (!(e.retriable === true || e.type === 'TOPIC_ALREADY_EXISTS') || Date.now() > deadline) throw err;
      }
      if (Date.now() > deadline)
        throw new Error(`topics ${topics.join(', ')} have no leaders after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, Math.min(1_000, 100 * attempt)));
    }
  } finally {
    await admin.disconnect();
  }
}
