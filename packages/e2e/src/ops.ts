import { Kafka, logLevel } from 'kafkajs';
import { MongoClient, type Document } from 'mongodb';
import { enterpriseCreditCode, rng } from '@fivesoc/seed';

// What the ops journeys need beside the browser: a service's Prometheus page, a topic read back whole, and
// a read-model row taken out and put back (the fault a replay repairs).

/** A valid unified social credit code of an enterprise (for a donor), the same for the same seed. */
export const anEnterpriseCreditCode = (seed: number): string => enterpriseCreditCode(rng(seed));

/** The value of the first sample of `name` whose labels include `labels`, from a Prometheus text page. */
export function metricValue(
  page: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of page.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

export async function scrape(metricsUrl: string): Promise<string> {
  return (await fetch(metricsUrl)).text();
}

export interface TopicMessage {
  key: string;
  eventId: string;
  eventType: string;
}

/**
 * Every message of a topic from its start, read by a throwaway group until `done` holds for what was read
 * (and then once more, so that nothing behind it is missed); the caller counts.
 */
export async function readTopic(
  brokers: string[],
  topic: string,
  done: (seen: TopicMessage[]) => boolean,
  timeoutMs = 120_000,
): Promise<TopicMessage[]> {
  const kafka = new Kafka({ clientId: 'e2e-read-topic', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  const seen: TopicMessage[] = [];
  const consumer = kafka.consumer({ groupId: `e2e-read-${topic}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push({
        key: message.key?.toString() ?? '',
        eventId: message.headers?.['event-id']?.toString() ?? '',
        eventType: message.headers?.['event-type']?.toString() ?? '',
      });
    },
  });
  const deadline = Date.now() + timeoutMs;
  // Everything the topic held when asked, and what the caller waits for.
  while (!(seen.length >= total && done(seen))) {
    if (Date.now() > deadline) {
      await consumer.disconnect();
      throw new Error(`read ${seen.length} of ${total} messages of ${topic} within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await consumer.disconnect();
  return seen;
}

/**
 * Takes a document out of a service's own database, as a restore from an older backup would have left it
 * out, and answers a function that puts it back as it was.
 */
export async function takeOutDocument(
  mongoUrl: string,
  dbName: string,
  collection: string,
  id: string,
): Promise<{ before: Document; putBack: () => Promise<void> }> {
  const client = await MongoClient.connect(mongoUrl);
  try {
    const c = client.db(dbName).collection<Document>(collection);
    const before = await c.findOne({ _id: id as never });
    if (!before) throw new Error(`no ${collection} ${id} in ${dbName}`);
    await c.deleteOne({ _id: id as never });
    return {
      before,
      putBack: async () => {
        const again = await MongoClient.connect(mongoUrl);
        try {
          await again.db(dbName).collection<Document>(collection).insertOne(before);
        } finally {
          await again.close();
        }
      },
    };
  } finally {
    await client.close();
  }
}

/** A document of a service's own database as it is now (null when absent). */
export async function findDocument(
  mongoUrl: string,
  dbName: string,
  collection: string,
  id: string,
): Promise<Document | null> {
  const client = await MongoClient.connect(mongoUrl);
  try {
    return await client
      .db(dbName)
      .collection<Document>(collection)
      .findOne({ _id: id as never });
  } finally {
    await client.close();
  }
}
