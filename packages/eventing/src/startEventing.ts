import type { ServiceContext } from '@fivesoc/service-kit';
import type { EventRegistry } from './contracts/index.ts';
import { MongoEventStore } from './eventStore/index.ts';
import { OutboxRelay } from './relay/index.ts';
import { ensureTopic } from './ensureTopic.ts';
import { registerRelay, relayPublished } from './ops/flows.ts';
import { opsRoutes } from './ops/routes.ts';

export interface Eventing {
  store: MongoEventStore;
  relay: OutboxRelay;
  stop: () => Promise<void>;
}

/**
 * What an event-sourced service starts in its `start` hook: its store in its own database, and the relay
 * that publishes the store to its own topic. The instance id names the lease holder (host name and pid).
 */
export async function startEventing(ctx: ServiceContext, registry: EventRegistry): Promise<Eventing> {
  await ensureTopic(ctx.kafka, ctx.config.KAFKA_TOPIC);
  const store = await new MongoEventStore({ db: ctx.db, registry }).init();
  const relay = new OutboxRelay({
    store,
    kafka: ctx.kafka,
    topic: ctx.config.KAFKA_TOPIC,
    logger: ctx.logger.child({ component: 'relay' }),
    instanceId: `${process.env.HOSTNAME ?? 'local'}:${process.pid}`,
    onPublished: (p) => relayPublished(ctx.config.KAFKA_TOPIC, p.instanceId, p.events),
  });
  const unregister = registerRelay({ topic: ctx.config.KAFKA_TOPIC, store, relay, kafka: ctx.kafka });
  if (ctx.app) opsRoutes(ctx.app, { kafka: ctx.kafka, db: ctx.db });
  await relay.start();
  return {
    store,
    relay,
    stop: async () => {
      await relay.stop();
      await unregister();
      await store.close();
    },
  };
}
