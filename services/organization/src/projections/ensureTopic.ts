import type { ServiceContext } from '@fivesoc/service-kit';

/**
 * Makes the service's topic before its projection subscribes: on a fresh broker a consumer subscribing to a
 * topic nobody has written yet fails its first metadata request, even with auto-creation on. Creating a
 * topic that exists is a no-op.
 */
export async function ensureTopic(ctx: ServiceContext): Promise<void> {
  const admin = ctx.kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic: ctx.config.KAFKA_TOPIC, numPartitions: 3 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}
