import type { ServiceContext } from '@fivesoc/service-kit';
import type { EventRegistry } from './contracts/index.ts';
import { EventConsumer, type EventConsumerOptions } from './consumer/index.ts';
import { ensureTopic } from './ensureTopic.ts';

/**
 * A service's own query models, fed by its own topic (the same events any integrator sees), in a consumer
 * group of their own. Lists and searches lag the command by the relay's and consumer's latency; the
 * command's answer carries what the caller needs at once.
 */
export async function startProjection(
  ctx: ServiceContext,
  name: string,
  registry: EventRegistry,
  handle: EventConsumerOptions['handle'],
): Promise<EventConsumer> {
  await ensureTopic(ctx.kafka, ctx.config.KAFKA_TOPIC);
  const consumer = new EventConsumer({
    kafka: ctx.kafka,
    groupId: `${ctx.config.MONGODB_DB}.${name}`,
    topics: [ctx.config.KAFKA_TOPIC],
    registry,
    handle,
    logger: ctx.logger.child({ component: `projection:${name}` }),
    partitionsConsumedConcurrently: 3,
  });
  await consumer.start();
  return consumer;
}
