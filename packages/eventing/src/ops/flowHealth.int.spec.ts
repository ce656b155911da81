import { execFile } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDedicatedBroker, useInfra } from '@fivesoc/test-support';
import { until } from '../testing/fixtures.ts';
import { metricValue, startTallyService, type TallyService } from '../testing/tallyService.ts';

// The ops Must-show on the real broker and database: the outbox backlog during a Kafka outage, a poison
// message dead-lettered, fixed and replayed once, and the lag figure beside Kafka's own consumer-group tool.

let t: TallyService;
let ops: string;
let kafka: Kafka;

beforeAll(async () => {
  t = await startTallyService('ops');
  ops = await t.token(['ops']);
  kafka = new Kafka({ clientId: 'ops-test', brokers: useInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
}, 60_000);
afterAll(async () => {
  await t?.svc.close();
});

const scrape = async () => (await fetch(t.svc.metricsUrl)).text();
const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
  const res = await fetch(`${t.svc.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${ops}`, 'content-type': 'application/json' },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

/** Every event id on a topic, read from the start by a throwaway group. */
async function idsOnTopic(broker: string, topic: string, expected: number): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const consumer = new Kafka({
    clientId: 'ops-count',
    brokers: [broker],
    logLevel: logLevel.NOTHING,
  }).consumer({
    groupId: `ops-count-${Date.now()}`,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const id = message.headers?.['event-id']?.toString() ?? '';
      seen.set(id, (seen.get(id) ?? 0) + 1);
    },
  });
  await until('all events read back', () => seen.size >= expected, 60_000);
  await consumer.disconnect();
  return seen;
}

describe('ops see and repair the event flow', () => {
  it('shows the outbox backlog and its age climb while Kafka is down, then drain to zero with nothing lost', async () => {
    // A broker of this test's own, stopped and started: the shared one keeps answering the other tests.
    const broker = await startDedicatedBroker();
    const o = await startTallyService('ops-outage', { kafkaBrokers: [broker.address] });
    try {
      const label = { messaging_destination_name: o.topic };
      const metric = async (name: string) =>
        metricValue(await (await fetch(o.svc.metricsUrl)).text(), name, label);
      const acknowledged: string[] = [];
      for (let i = 0; i < 10; i++) acknowledged.push(await o.increment(`load-${i % 3}`));
      await until('relay caught up', async () => (await metric('fivesoc_outbox_backlog')) === 0);

      const backlog: number[] = [];
      const ages: number[] = [];
      await broker.stop();
      try {
        for (let round = 0; round < 4; round++) {
          for (let i = 0; i < 10; i++) acknowledged.push(await o.increment(`load-${i % 3}`));
          await new Promise((r) => setTimeout(r, 1500));
          const page = await (await fetch(o.svc.metricsUrl)).text();
          if (process.env.OPS_DEBUG) console.log(page);
          backlog.push(metricValue(page, 'fivesoc_outbox_backlog', label) ?? -1);
          ages.push(metricValue(page, 'fivesoc_outbox_oldest_age_seconds', label) ?? -1);
        }
      } finally {
        await broker.start();
      }
      // Each round stored 10 more commits that Kafka could not take, and the oldest of them kept ageing.
      for (let i = 1; i < backlog.length; i++) {
        expect(backlog[i]).toBeGreaterThan(backlog[i - 1]!);
        expect(ages[i]).toBeGreaterThan(ages[i - 1]!);
      }
      expect(backlog.at(-1)).toBeGreaterThanOrEqual(40);
      expect(ages.at(-1)).toBeGreaterThan(4);

      await until('backlog drained', async () => (await metric('fivesoc_outbox_backlog')) === 0, 120_000);
      expect(await metric('fivesoc_outbox_oldest_age_seconds')).toBe(0);
      const onTopic = await idsOnTopic(broker.address, o.topic, acknowledged.length + 3);
      for (const id of acknowledged) expect(onTopic.has(id), id).toBe(true);
      expect(await metric('fivesoc_relay_published_total')).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await o.svc.close();
      await broker.close();
    }
  }, 360_000);

  it('dead-letters a poison message with its reason, and a replay after the fix applies it once', async () => {
    const group = { messaging_consumer_group_name: t.groupId };
    const poisonId = await t.increment('poison-1', 'poison');
    await until(
      'dead-lettered',
      async () => metricValue(await scrape(), 'fivesoc_dlq_depth', group) === 1,
      60_000,
    );
    const listed = await api<{
      depth: number;
      reasons: { reason: string; count: number }[];
      letters: { id: string; eventId: string; status: string }[];
    }>(`/v1/ops/dead-letters?group=${t.groupId}`);
    expect(listed.depth).toBe(1);
    expect(listed.reasons).toEqual([{ reason: 'Error: tally read model: reason poison rejected', count: 1 }]);
    const letter = listed.letters.find((l) => l.eventId === poisonId)!;
    expect(letter.status).toBe('pending');

    const dry = await api<{
      items: { id: string; action: string; wouldFailAgain?: string; note?: string }[];
    }>('/v1/ops/dead-letters/replay', {
      method: 'POST',
      body: JSON.stringify({ group: t.groupId, all: true, dryRun: true }),
    });
    expect(dry.items).toMatchObject([{ id: letter.id, action: 'send' }]);
    expect(dry.items[0]!.wouldFailAgain).toBeUndefined();
    expect(dry.items[0]!.note).toMatch(/failed in its handler/);
    expect(metricValue(await scrape(), 'fivesoc_dlq_depth', group)).toBe(1); // a dry run sends nothing

    t.broken.value = false; // the fix
    const replayed = await api<{ sent: string[] }>('/v1/ops/dead-letters/replay', {
      method: 'POST',
      body: JSON.stringify({ group: t.groupId, ids: [letter.id] }),
    });
    expect(replayed.sent).toEqual([letter.id]);
    const again = await api<{ sent: string[]; skipped: string[] }>('/v1/ops/dead-letters/replay', {
      method: 'POST',
      body: JSON.stringify({ group: t.groupId, ids: [letter.id] }),
    });
    expect(again).toMatchObject({ sent: [], skipped: [letter.id] });

    const tallies = t.svc.ctx.db.collection<{ _id: string; total: number }>('tallies');
    await until('applied', async () => (await tallies.findOne({ _id: 'poison-1' }))?.total === 1, 60_000);
    await until('depth 0', async () => metricValue(await scrape(), 'fivesoc_dlq_depth', group) === 0, 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await tallies.findOne({ _id: 'poison-1' }))?.total).toBe(1);
  }, 180_000);

  it('holds a letter replayed and dead-lettered again as often as the loop guard allows', async () => {
    t.broken.value = true;
    const eventId = await t.increment('poison-2', 'poison');
    const group = t.groupId;
    for (let round = 0; round < 3; round++) {
      const letters = async () =>
        (
          await api<{ letters: { id: string; eventId: string; status: string; replays: number }[] }>(
            `/v1/ops/dead-letters?group=${group}`,
          )
        ).letters.filter((l) => l.eventId === eventId && l.status !== 'replayed');
      await until(`dead-lettered (round ${round})`, async () => (await letters()).length === 1, 60_000);
      const [l] = await letters();
      expect(l!.replays).toBe(round);
      const r = await api<{ sent: string[] }>('/v1/ops/dead-letters/replay', {
        method: 'POST',
        body: JSON.stringify({ group, ids: [l!.id] }),
      });
      expect(r.sent).toEqual([l!.id]);
    }
    const held = async () =>
      (
        await api<{ letters: { id: string; eventId: string; status: string; replays: number }[] }>(
          `/v1/ops/dead-letters?group=${group}`,
        )
      ).letters.find((l) => l.eventId === eventId && l.status === 'held');
    await until('held', async () => (await held()) !== undefined, 60_000);
    const h = (await held())!;
    expect(h.replays).toBe(3);
    const r = await api<{ sent: string[]; held: string[] }>('/v1/ops/dead-letters/replay', {
      method: 'POST',
      body: JSON.stringify({ group, all: true }),
    });
    expect(r.held).toContain(h.id);
    expect(r.sent).not.toContain(h.id);
    t.broken.value = false;
  }, 240_000);

  it("reports each group's lag per partition exactly as Kafka's consumer-group tool does", async () => {
    // Messages on every partition (the keys load-0…2 spread over the three), so each has a committed offset.
    for (let i = 0; i < 9; i++) await t.increment(`load-${i % 3}`);
    const probe = `${t.dbName}.lag-probe`;
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(t.topic);
    await admin.setOffsets({
      groupId: probe,
      topic: t.topic,
      partitions: ends.map((p) => ({
        partition: p.partition,
        offset: String(Math.floor(Number(p.high) / 2)),
      })),
    });
    await admin.disconnect();
    await until(
      'projection caught up',
      async () =>
        (await api<{ lag: number }>(`/v1/ops/groups/${t.groupId}/lag`)).lag === 0 &&
        metricValue(await scrape(), 'fivesoc_consumer_lag', {
          messaging_consumer_group_name: t.groupId,
        }) === 0,
      60_000,
    );

    for (const groupId of [probe, t.groupId]) {
      const ours = await api<{
        partitions: { topic: string; partition: number; committed: string; end: string; lag: number }[];
      }>(`/v1/ops/groups/${groupId}/lag?topics=${t.topic}`);
      const tool = await brokerTool(groupId);
      const mine = ours.partitions
        .map((p) => `${p.topic} ${p.partition} ${p.committed} ${p.end} ${p.lag}`)
        .sort();
      expect(mine).toEqual(tool.filter((row) => row.startsWith(`${t.topic} `)).sort());
    }
    const probeLag = await api<{ lag: number }>(`/v1/ops/groups/${probe}/lag?topics=${t.topic}`);
    expect(probeLag.lag).toBeGreaterThan(0);
  }, 180_000);
});

/** `kafka-consumer-groups.sh --describe --group` from the broker's own jars: TOPIC PARTITION CURRENT END LAG rows. */
async function brokerTool(groupId: string): Promise<string[]> {
  const libs = process.env.FIVESOC_KAFKA_LIBS ?? join(homedir(), '.cache/fivesoc/kafka-3.9.2/libs');
  const { stdout } = await promisify(execFile)(
    'java',
    [
      '-cp',
      `${libs}/*`,
      'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
      '--timeout',
      '60000',
      '--bootstrap-server',
      useInfra().kafkaBrokers[0]!,
      '--describe',
      '--group',
      groupId,
    ],
    { timeout: 120_000 },
  );
  return stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((cols) => cols[0] === groupId && cols.length >= 6)
    .map((cols) => cols.slice(1, 6).join(' '));
}
