import type { Db } from 'mongodb';
import { z } from 'zod';
import {
  applyOnce,
  EventConsumer,
  ensureTopic,
  PoisonMessageError,
  type EventEnvelope,
} from '@fivesoc/eventing';
import type { ServiceContext } from '@fivesoc/service-kit';
import type { CharityConfig } from '../config.ts';

/**
 * Where each reported need is (its place in the tree), as the community society publishes it. A reservation
 * states its need's community, and a donation designated for a community is checked against that statement,
 * so charity checks the statement against the need's real place. Only codes: no personal data.
 */
export interface NeedPlaceRow {
  _id: string;
  districtCode: string;
  streetCode: string;
  communityCode: string;
}

export const needPlaces = (db: Db) => db.collection<NeedPlaceRow>('need_places');

/** What charity reads of the community society's need events (its published contract holds more). */
const needPlace = z.object({
  needId: z.string().min(1).max(100),
  districtCode: z.string().regex(/^\d{6}$/),
  streetCode: z.string().regex(/^\d{9}$/),
  communityCode: z.string().regex(/^\d{12}$/),
});

/** NeedReported and NeedUpdated carry the need's place; every other community event is not charity's. */
export async function applyNeedPlace(db: Db, e: EventEnvelope): Promise<void> {
  if (e.type !== 'NeedReported' && e.type !== 'NeedUpdated') return;
  const parsed = needPlace.safeParse(e.payload);
  if (!parsed.success) throw new PoisonMessageError(`${e.type}: ${parsed.error.issues[0]?.message}`);
  const { needId, districtCode, streetCode, communityCode } = parsed.data;
  await applyOnce(needPlaces(db), needId, e.streamVersion, {
    $set: { districtCode, streetCode, communityCode },
  });
}

/** A consumer group of its own on the community society's topic, read from its start. */
export async function startNeedPlaces(ctx: ServiceContext<CharityConfig>): Promise<EventConsumer> {
  await ensureTopic(ctx.kafka, ctx.config.COMMUNITY_TOPIC);
  const consumer = new EventConsumer({
    kafka: ctx.kafka,
    groupId: `${ctx.config.MONGODB_DB}.community-need-places`,
    topics: [ctx.config.COMMUNITY_TOPIC],
    handle: (e) => applyNeedPlace(ctx.db, e),
    logger: ctx.logger.child({ component: 'projection:need-places' }),
    partitionsConsumedConcurrently: 3,
  });
  await consumer.start();
  return consumer;
}
