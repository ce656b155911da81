import { Kafka, logLevel } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { pino } from 'pino';
import { createTestTopics, freshDbName, freshTopicName, useInfra } from '@fivesoc/test-support';
import { COLLECTIONS } from '../readModels/collections.ts';
import { ReadModels, type Sources } from '../readModels/readModels.ts';
import type { Sample } from './sampleEvents.ts';

export const silent = pino({ level: 'silent' });

export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Five fresh topics (3 partitions each), a Kafka client and a MongoDB client. */
export async function readModelFixture() {
  const infra = useInfra();
  const kafka = new Kafka({
    clientId: 'linkage-test',
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const mongo = new MongoClient(infra.mongoUrl);
  const sources: Sources = {
    community: freshTopicName('lk-community'),
    socialWorker: freshTopicName('lk-sw'),
    volunteer: freshTopicName('lk-volunteer'),
    organization: freshTopicName('lk-org'),
    charity: freshTopicName('lk-charity'),
  };
  await createTestTopics(useInfra().kafkaBrokers, Object.values(sources) as string[], 3);
  const dbs: Db[] = [];
  const models: ReadModels[] = [];
  return {
    kafka,
    sources,
    /** Read models over a fresh database (not started). */
    readModels(label: string) {
      const db = mongo.db(freshDbName(`lk-${label}`));
      dbs.push(db);
      const rm = new ReadModels({ kafka, db, logger: silent, sources, groupPrefix: `${db.databaseName}.rm` });
      models.push(rm);
      return { models: rm, db };
    },
    /** Sends samples keyed by stream id, each to its society's topic. */
    async produce(samples: Sample[]) {
      const producer = kafka.producer();
      await producer.connect();
      for (const s of samples) {
        await producer.send({
          topic: sources[s.society],
          acks: -1,
          messages: [
            {
              key: s.event.streamId,
              value: JSON.stringify(s.event),
              headers: { 'event-id': s.event.id, 'event-type': s.event.type },
            },
          ],
        });
      }
      await producer.disconnect();
    },
    async close() {
      for (const m of models) await m.stop();
      for (const db of dbs) await db.dropDatabase().catch(() => undefined);
      await mongo.close();
    },
  };
}

/** Every read-model collection, sorted by `_id`. */
export async function snapshot(db: Db) {
  const out: Record<string, unknown[]> = {};
  for (const name of Object.values(COLLECTIONS))
    out[name] = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
  return out;
}

/** True when every document shows the last version of its stream that linkage reads. */
export async function caughtUp(db: Db, expected: Map<string, number>): Promise<boolean> {
  const seen = new Map<string, number>();
  for (const name of Object.values(COLLECTIONS))
    for (const d of await db.collection<{ _id: string; _v: number }>(name).find({}).toArray())
      seen.set(d._id, d._v);
  if (seen.size !== expected.size) return false;
  for (const [id, v] of expected) if (seen.get(id) !== v) return false;
  return true;
}
