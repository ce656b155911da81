import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Message } from 'kafkajs';
import type { MongoClient } from 'mongodb';
import type { Scenario } from './scenario.ts';
import { SOCIETIES } from './endpoints.ts';
import type { System } from './system.ts';

/** Polls `probe` until it holds (linkage and the societies react asynchronously). */
export async function settled(probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not settled within ${timeoutMs} ms`);
}

const kafkaOf = (brokers: string[]) =>
  new Kafka({
    clientId: `e2e-redeliver-${randomBytes(3).toString('hex')}`,
    brokers,
    logLevel: logLevel.NOTHING,
  });

/**
 * Reads every message the topics hold now and produces each again, unchanged (key, value, headers): what a
 * consumer sees when a producer retries or a group rebalances before committing. Returns how many.
 */
export async function redeliverEverything(brokers: string[], topics: string[]): Promise<number> {
  const kafka = kafkaOf(brokers);
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, number>();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}:${p.partition}`, Number(p.high));
  }
  await admin.disconnect();
  const copies = new Map<string, Message[]>();
  const pending = new Set([...ends].filter(([, high]) => high > 0).map(([k]) => k));
  const consumer = kafka.consumer({ groupId: `e2e-redeliver-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    if (pending.size === 0) resolve();
    void consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const at = `${topic}:${partition}`;
        if (Number(message.offset) >= (ends.get(at) ?? 0)) return;
        const list = copies.get(topic) ?? [];
        list.push({ key: message.key, value: message.value, headers: message.headers ?? {} });
        copies.set(topic, list);
        if (Number(message.offset) === (ends.get(at) ?? 0) - 1) {
          pending.delete(at);
          if (pending.size === 0) resolve();
        }
      },
    });
  });
  await done;
  await consumer.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  let n = 0;
  for (const [topic, messages] of copies) {
    for (let i = 0; i < messages.length; i += 500) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 500) });
    }
    n += messages.length;
  }
  await producer.disconnect();
  return n;
}

/** True when each group has committed up to the end of each of its topics. */
export async function caughtUp(brokers: string[], groups: Record<string, string[]>): Promise<boolean> {
  const admin = kafkaOf(brokers).admin();
  await admin.connect();
  try {
    for (const [groupId, topics] of Object.entries(groups)) {
      for (const topic of topics) {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        for (const end of ends) {
          const c = committed?.partitions.find((p) => p.partition === end.partition);
          if (Number(end.high) > 0 && Number(c?.offset ?? -1) < Number(end.high)) return false;
        }
      }
    }
    return true;
  } finally {
    await admin.disconnect();
  }
}

/**
 * What a redelivery must not change: every service's streams (how many events each holds), linkage's read
 * models and timers, and what the societies report for the scenario's worker, donations and volunteers.
 */
export async function snapshot(sys: System, mongo: MongoClient, scenario: Scenario) {
  const streams: Record<string, Record<string, number>> = {};
  for (const svc of [...SOCIETIES, 'linkage']) {
    const commits = await mongo
      .db(sys.db(svc))
      .collection<{ streamId: string; events: unknown[] }>('es_commits')
      .find({})
      .toArray();
    const counts: Record<string, number> = {};
    for (const c of commits) counts[c.streamId] = (counts[c.streamId] ?? 0) + c.events.length;
    streams[svc] = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
  }
  const db = mongo.db(sys.db('linkage'));
  const readModels: Record<string, unknown[]> = {};
  for (const name of (await db.listCollections().toArray()).map((c) => c.name).sort()) {
    if (!name.startsWith('rm_') && name !== 'case_timers' && name !== 'cases') continue;
    readModels[name] = await db.collection(name).find({}).sort({ _id: 1 }).toArray();
  }
  const admin = await sys.token(['district_admin']);
  const coordinator = await sys.token(['charity_coordinator']);
  const societies = {
    worker: await sys.ok('social-worker', 'GET', `/v1/workers/${scenario.workerId}`, admin),
    donations: await Promise.all(
      scenario.donationIds.map((d) => sys.ok('charity', 'GET', `/v1/donations/${d}`, coordinator)),
    ),
    schedules: await Promise.all(
      scenario.volunteerIds.map((v) => sys.ok('volunteer', 'GET', `/v1/volunteers/${v}/schedule`, admin)),
    ),
  };
  return { streams, readModels, societies };
}
