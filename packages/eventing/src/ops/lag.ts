import type { Admin } from 'kafkajs';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's committed offset (the next message it will read); null when it never committed. */
  committed: string | null;
  /** The log end offset (high watermark) and the earliest offset still kept. */
  end: string;
  start: string;
  /** Messages behind: end − committed, or end − start while nothing was committed. */
  lag: number;
}

export interface TopicOffsets {
  topic: string;
  partitions: { partition: number; start: string; end: string }[];
  /** Messages the topic holds now (sum of end − start). */
  messages: number;
  /** Sum of the end offsets: messages ever written (its change over time is the write rate). */
  endTotal: number;
}

/** Per partition of a topic: its start and end offsets, as the broker reports them. */
export async function topicOffsets(admin: Admin, topic: string): Promise<TopicOffsets> {
  const parts = await admin.fetchTopicOffsets(topic);
  const partitions = parts
    .map((p) => ({ partition: p.partition, start: p.low, end: p.high }))
    .sort((a, b) => a.partition - b.partition);
  return {
    topic,
    partitions,
    messages: partitions.reduce((n, p) => n + Number(BigInt(p.end) - BigInt(p.start)), 0),
    endTotal: partitions.reduce((n, p) => n + Number(p.end), 0),
  };
}

/**
 * A consumer group's lag per partition as the broker sees it: its committed offsets beside the topics' end
 * offsets, the figures Kafka's own `kafka-consumer-groups.sh --describe` prints (CURRENT-OFFSET,
 * LOG-END-OFFSET, LAG). Two requests per topic; nothing is read from the topics themselves.
 */
export async function groupLag(
  admin: Admin,
  groupId: string,
  topics: readonly string[],
): Promise<PartitionLag[]> {
  const [committed, ends] = await Promise.all([
    admin.fetchOffsets({ groupId, topics: [...topics] }),
    Promise.all(topics.map((t) => topicOffsets(admin, t))),
  ]);
  const out: PartitionLag[] = [];
  for (const t of ends) {
    const mine = committed.find((c) => c.topic === t.topic)?.partitions ?? [];
    for (const p of t.partitions) {
      const c = mine.find((x) => x.partition === p.partition)?.offset;
      const has = c !== undefined && BigInt(c) >= 0n;
      out.push({
        topic: t.topic,
        partition: p.partition,
        committed: has ? c : null,
        end: p.end,
        start: p.start,
        lag: Number(BigInt(p.end) - (has ? BigInt(c) : BigInt(p.start))),
      });
    }
  }
  return out;
}
