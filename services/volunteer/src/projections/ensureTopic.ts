import type { ServiceContext } from '@fivesoc/service-kit';

/**
 * Makes the service's topic before its projection subscribes: a consumer that subscribes to a topic the
 * broker has not made yet fails its first metadata request, even with topic auto-creation on.
 */
export async function ensureTopic(ctx: ServiceContext): Promise<void> {
  const admin = ctx.kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic: ctx.config.KAFKA_TOPIC }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}
