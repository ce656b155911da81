import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { freshTopicName, useInfra } from '@fivesoc/test-support';
import { ensureTopic } from './ensureTopic.ts';

describe('ensureTopic', () => {
  it('lets many services racing to create the same topic all go on, with one topic and leaders', async () => {
    const topic = freshTopicName('ensure-race');
    const clients = Array.from(
      { length: 8 },
      (_, i) =>
        new Kafka({ clientId: `race-${i}`, brokers: useInfra().kafkaBrokers, logLevel: logLevel.NOTHING }),
    );
    const results = await Promise.allSettled(clients.map((k) => ensureTopic(k, topic)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const admin = clients[0]!.admin();
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(topics[0]?.partitions).toHaveLength(3);
    expect(topics[0]?.partitions.every((p) => p.leader >= 0)).toBe(true);
    // And once it exists, ensuring it again is a no-op.
    await ensureTopic(clients[1]!, topic);
  });
});
