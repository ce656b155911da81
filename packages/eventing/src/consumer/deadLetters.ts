import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage, Message } from 'kafkajs';
import { headersToStrings } from '../tracing/index.ts';

/** Headers a dead letter carries besides the original message's own. */
export const DLQ_HEADERS = {
  error: 'dlq-error',
  errorName: 'dlq-error-name',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  groupId: 'dlq-group-id',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;
const DLQ_PREFIX = 'dlq-';

export function deadLetterMessage(f: {
  topic: string;
  partition: number;
  message: KafkaMessage;
  error: Error;
  attempts: number;
  groupId: string;
}): Message {
  return {
    key: f.message.key,
    value: f.message.value,
    headers: {
      ...headersToStrings(f.message.headers),
      [DLQ_HEADERS.error]: f.error.message.slice(0, 2000),
      [DLQ_HEADERS.errorName]: f.error.name,
      [DLQ_HEADERS.originalTopic]: f.topic,
      [DLQ_HEADERS.originalPartition]: String(f.partition),
      [DLQ_HEADERS.originalOffset]: f.message.offset,
      [DLQ_HEADERS.groupId]: f.groupId,
      [DLQ_HEADERS.attempts]: String(f.attempts),
      [DLQ_HEADERS.failedAt]: new Date().toISOString(),
    },
  };
}

export interface DeadLetter {
  /** `<dlq partition>:<dlq offset>`: what `replayDeadLetters` takes. */
  id: string;
  error: string;
  errorName: string;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  groupId: string;
  attempts: number;
  failedAt: string;
  eventId?: string;
  eventType?: string;
  key?: string;
  /** The original message, as it was. */
  value: string | null;
  headers: Record<string, string>;
}

function toDeadLetter(partition: number, m: KafkaMessage): DeadLetter {
  const h = headersToStrings(m.headers);
  const original = Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith(DLQ_PREFIX)));
  return {
    id: `${partition}:${m.offset}`,
    error: h[DLQ_HEADERS.error] ?? '',
    errorName: h[DLQ_HEADERS.errorName] ?? '',
    originalTopic: h[DLQ_HEADERS.originalTopic] ?? '',
    originalPartition: Number(h[DLQ_HEADERS.originalPartition] ?? -1),
    originalOffset: h[DLQ_HEADERS.originalOffset] ?? '',
    groupId: h[DLQ_HEADERS.groupId] ?? '',
    attempts: Number(h[DLQ_HEADERS.attempts] ?? 0),
    failedAt: h[DLQ_HEADERS.failedAt] ?? '',
    ...(h['event-id'] ? { eventId: h['event-id'] } : {}),
    ...(h['event-type'] ? { eventType: h['event-type'] } : {}),
    ...(m.key ? { key: m.key.toString() } : {}),
    value: m.value?.toString() ?? null,
    headers: original,
  };
}

/**
 * Reads a dead-letter topic from its start to its current end (a throwaway consumer group, deleted after),
 * so ops can see what failed and why without moving anybody's offsets.
 */
export async function listDeadLetters(kafka: Kafka, topic: string, limit = 1000): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const exists = (await admin.listTopics()).includes(topic);
    if (!exists) return [];
    const ends = await admin.fetchTopicOffsets(topic);
    const pending = new Map(
      ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high) - 1n]),
    );
    if (pending.size === 0) return [];
    const groupId = `fivesoc-dlq-reader-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId });
    const out: DeadLetter[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`reading ${topic} took too long`)), 60_000);
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const last = pending.get(partition);
              if (last === undefined) return;
              if (out.length < limit) out.push(toDeadLetter(partition, message));
              if (BigInt(message.offset) >= last) pending.delete(partition);
              if (pending.size === 0 || out.length >= limit) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return out.sort((a, b) => a.failedAt.localeCompare(b.failedAt));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Sends chosen dead letters back to their original topic with their original key, value and headers.
 * Every consumer group sees them again; handlers are idempotent, so only the one that failed acts.
 */
export async function replayDeadLetters(kafka: Kafka, letters: readonly DeadLetter[]): Promise<number> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (const l of letters) {
      await producer.send({
        topic: l.originalTopic,
        acks: -1,
        messages: [
          { key: l.key ?? null, value: l.value, headers: { ...l.headers, 'dlq-replayed-from': l.id } },
        ],
      });
    }
    return letters.length;
  } finally {
    await producer.disconnect();
  }
}
