import { createHash } from 'node:crypto';
import type { Db, Collection } from 'mongodb';
import { z } from 'zod';
import {
  EventConsumer,
  ensureTopic,
  isDuplicateKey,
  PoisonMessageError,
  type EventEnvelope,
} from '@fivesoc/eventing';
import type { ServiceContext } from '@fivesoc/service-kit';
import type { OrganizationConfig } from '../config.ts';

// Residents' ratings (效果共评) attributed to the organizations that delivered what was rated. Three
// collections, written by inserts only (FerretDB loses concurrent updates of one document, and inserts
// decide races): the ratings as community publishes them, which organization delivered each subject, and
// their join. Each side inserts its own row first and then looks for the other side's, so a rating that
// comes before the referral's acceptance (or after it) is joined either way.

/** A subject is what a resident rated: `service:<referralId or purchase projectId>` or `case:<caseId>`. */
export const subjectKeyOf = (kind: string, id: string) => `${kind}:${id}`;

export interface FeedbackRatingRow {
  /** The community society's feedback stream id (one per resident and subject). */
  _id: string;
  subjectKey: string;
  subjectKind: 'service' | 'case';
  subjectId: string;
  rating: number;
  districtCode: string;
  communityCode: string;
  at: string;
}
export interface AttributionRow {
  /** `<subjectKey>|<organizationId>` */
  _id: string;
  subjectKey: string;
  organizationId: string;
  /** The referral or purchase that makes the subject the organization's. */
  via: string;
}
export interface OrganizationRatingRow {
  /** `<organizationId>|sha256(feedbackId)` */
  _id: string;
  organizationId: string;
  feedbackId: string;
  subjectKind: 'service' | 'case';
  subjectId: string;
  rating: number;
  at: string;
  via: string;
}

export const feedbackRatings = (db: Db) => db.collection<FeedbackRatingRow>('feedback_ratings');
export const attributions = (db: Db) => db.collection<AttributionRow>('feedback_attributions');
export const organizationRatings = (db: Db) => db.collection<OrganizationRatingRow>('organization_ratings');

/** Inserts, treating "already there" as done: every row here is written once and never changes. */
async function insertOnce<T extends { _id: string }>(c: Collection<T>, doc: T): Promise<boolean> {
  try {
    await c.insertOne(doc as never);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

const join = (r: FeedbackRatingRow, a: AttributionRow): OrganizationRatingRow => ({
  _id: `${a.organizationId}|${createHash('sha256').update(r._id).digest('hex').slice(0, 32)}`,
  organizationId: a.organizationId,
  feedbackId: r._id,
  subjectKind: r.subjectKind,
  subjectId: r.subjectId,
  rating: r.rating,
  at: r.at,
  via: a.via,
});

/** What organization reads of community's FeedbackGiven (its published contract holds more). */
const feedbackGiven = z.object({
  subjectKind: z.enum(['service', 'case']),
  subjectId: z.string().min(1).max(100),
  districtCode: z.string().regex(/^\d{6}$/),
  communityCode: z.string().regex(/^\d{12}$/),
  rating: z.number().int().min(1).max(5),
});

/** A rating as community published it; returns the organizations it now counts for. */
export async function applyFeedback(db: Db, e: EventEnvelope): Promise<string[]> {
  if (e.type !== 'FeedbackGiven') return [];
  const parsed = feedbackGiven.safeParse(e.payload);
  if (!parsed.success) throw new PoisonMessageError(`${e.type}: ${parsed.error.issues[0]?.message}`);
  const p = parsed.data;
  const row: FeedbackRatingRow = {
    _id: e.streamId,
    subjectKey: subjectKeyOf(p.subjectKind, p.subjectId),
    subjectKind: p.subjectKind,
    subjectId: p.subjectId,
    rating: p.rating,
    districtCode: p.districtCode,
    communityCode: p.communityCode,
    at: e.occurredAt,
  };
  await insertOnce(feedbackRatings(db), row);
  const owners = await attributions(db).find({ subjectKey: row.subjectKey }).toArray();
  for (const a of owners) await insertOnce(organizationRatings(db), join(row, a));
  return owners.map((a) => a.organizationId);
}

/** The subjects an organization event makes the organization's: an accepted referral, an awarded purchase. */
function attributionsOf(e: EventEnvelope): AttributionRow[] {
  const row = (kind: string, id: string, organizationId: string, via: string): AttributionRow => {
    const subjectKey = subjectKeyOf(kind, id);
    return { _id: `${subjectKey}|${organizationId}`, subjectKey, organizationId, via };
  };
  if (e.type === 'ReferralAccepted') {
    const p = e.payload as { referralId: string; organizationId: string; caseId: string };
    const via = `referral:${p.referralId}`;
    return [
      row('service', p.referralId, p.organizationId, via),
      row('case', p.caseId, p.organizationId, via),
    ];
  }
  if (e.type === 'PurchaseAwarded' && e.streamId.startsWith('purchase-')) {
    const projectId = e.streamId.slice('purchase-'.length);
    const p = e.payload as { organizationId: string };
    return [row('service', projectId, p.organizationId, `purchase:${projectId}`)];
  }
  return [];
}

/** An organization event that attributes subjects; returns the organizations whose ratings grew. */
export async function applyAttribution(db: Db, e: EventEnvelope): Promise<string[]> {
  const rows = attributionsOf(e);
  for (const a of rows) {
    await insertOnce(attributions(db), a);
    const rated = await feedbackRatings(db).find({ subjectKey: a.subjectKey }).toArray();
    for (const r of rated) await insertOnce(organizationRatings(db), join(r, a));
  }
  return [...new Set(rows.map((a) => a.organizationId))];
}

/** A consumer group of its own on the community society's topic, read from its start. */
export async function startResidentFeedback(
  ctx: ServiceContext<OrganizationConfig>,
  onRated: (organizationIds: string[]) => Promise<void>,
): Promise<EventConsumer> {
  await ensureTopic(ctx.kafka, ctx.config.COMMUNITY_TOPIC);
  const consumer = new EventConsumer({
    kafka: ctx.kafka,
    groupId: `${ctx.config.MONGODB_DB}.community-feedback`,
    topics: [ctx.config.COMMUNITY_TOPIC],
    handle: async (e) => onRated(await applyFeedback(ctx.db, e)),
    logger: ctx.logger.child({ component: 'projection:resident-feedback' }),
    partitionsConsumedConcurrently: 3,
  });
  await consumer.start();
  return consumer;
}
