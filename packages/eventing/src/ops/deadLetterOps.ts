import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import type { Db } from 'mongodb';
import type { EventRegistry } from '../contracts/index.ts';
import { listDeadLetters, replayDeadLetters, type DeadLetter } from '../consumer/deadLetters.ts';
import { decodeEnvelope } from '../consumer/decode.ts';
import { isDuplicateKey } from '../eventStore/index.ts';
import { topicOffsets } from './lag.ts';

/** Header a replayed letter carries: how many times it was sent back. It survives a new dead-lettering. */
export const REPLAYS_HEADER = 'fivesoc-replays';
/** A letter replayed this many times and dead-lettered again is held: sent back only when forced. */
export const DEFAULT_MAX_REPLAYS = 3;
export const REPLAY_LEDGER = 'ops_dlq_replays';

interface LedgerDoc {
  _id: string;
  topic: string;
  letterId: string;
  replayedAt: Date;
  actor: string;
}

export type LetterStatus = 'pending' | 'replayed' | 'held';
export interface InspectedLetter extends DeadLetter {
  status: LetterStatus;
  replays: number;
}

const ledgerId = (topic: string, id: string) => `${topic}|${id}`;
const replaysOf = (l: DeadLetter) => Number(l.headers[REPLAYS_HEADER] ?? 0) || 0;
/** The reason a histogram counts: the error's class and its message up to the first digit-free 120 characters. */
export const reasonOf = (l: Pick<DeadLetter, 'errorName' | 'error'>) =>
  `${l.errorName || 'Error'}: ${l.error.split('\n')[0]!.slice(0, 120)}`;

/** The dead letters of one DLQ topic with what became of each (replayed letters are in the ledger). */
export async function inspectDeadLetters(
  kafka: Kafka,
  db: Db,
  topic: string,
  opts: { limit?: number; maxReplays?: number } = {},
): Promise<{ letters: InspectedLetter[]; reasons: { reason: string; count: number }[] }> {
  const letters = await listDeadLetters(kafka, topic, opts.limit ?? 1000);
  const ledger = db.collection<LedgerDoc>(REPLAY_LEDGER);
  const done = new Set(
    (
      await Promise.all(
        letters.map((l) => ledger.findOne({ _id: ledgerId(topic, l.id) }, { projection: { _id: 1 } })),
      )
    ).flatMap((d) => (d ? [d._id] : [])),
  );
  const max = opts.maxReplays ?? DEFAULT_MAX_REPLAYS;
  const inspected = letters.map((l): InspectedLetter => {
    const replays = replaysOf(l);
    const status: LetterStatus = done.has(ledgerId(topic, l.id))
      ? 'replayed'
      : replays >= max
        ? 'held'
        : 'pending';
    return { ...l, status, replays };
  });
  const counts = new Map<string, number>();
  for (const l of inspected)
    if (l.status !== 'replayed') counts.set(reasonOf(l), (counts.get(reasonOf(l)) ?? 0) + 1);
  const reasons = [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
  return { letters: inspected, reasons };
}

/** Letters in the topic not yet replayed: its messages minus the ledger's entries (a small scan). */
export async function deadLetterDepth(admin: Admin, db: Db | undefined, topic: string): Promise<number> {
  const exists = (await admin.listTopics()).includes(topic);
  if (!exists) return 0;
  const { messages } = await topicOffsets(admin, topic);
  const replayed = db ? await db.collection<LedgerDoc>(REPLAY_LEDGER).countDocuments({ topic }) : 0;
  return Math.max(0, messages - replayed);
}

export interface ReplayPlanItem {
  id: string;
  eventId?: string;
  eventType?: string;
  /** Where it would go: its original topic, with its original key (so the same partition). */
  topic: string;
  key?: string;
  action: 'send' | 'held' | 'already-replayed';
  /** Set when the letter would be dead-lettered again as it is (checked by decoding it with the contracts). */
  wouldFailAgain?: string;
  /** What the dry run cannot know: a handler error can only be retried. */
  note?: string;
  replays: number;
}

export type Selection = { all: true } | { ids: readonly string[] };

/**
 * A dry run of a replay: for each chosen letter, what would be sent where, and whether it would fail again.
 * Poison letters are decoded with the consumer's current contracts (after a fix they pass); a letter that
 * failed in its handler can only be tried again. Held letters (the loop guard) are not sent unless forced.
 */
export function planReplay(
  letters: readonly InspectedLetter[],
  selection: Selection,
  opts: { registry?: EventRegistry; force?: boolean } = {},
): { items: ReplayPlanItem[]; missing: string[] } {
  const chosen =
    'all' in selection
      ? letters.filter((l) => l.status !== 'replayed')
      : letters.filter((l) => selection.ids.includes(l.id));
  const missing = 'all' in selection ? [] : selection.ids.filter((id) => !letters.some((l) => l.id === id));
  const items = chosen.map((l): ReplayPlanItem => {
    const base = {
      id: l.id,
      topic: l.originalTopic,
      replays: l.replays,
      ...(l.eventId ? { eventId: l.eventId } : {}),
      ...(l.eventType ? { eventType: l.eventType } : {}),
      ...(l.key ? { key: l.key } : {}),
    };
    if (l.status === 'replayed') return { ...base, action: 'already-replayed' };
    if (l.status === 'held' && !opts.force)
      return {
        ...base,
        action: 'held',
        note: `replayed ${l.replays} times and dead-lettered again each time`,
      };
    const failure = decodeFailure(l, opts.registry);
    return {
      ...base,
      action: 'send',
      ...(failure ? { wouldFailAgain: failure } : {}),
      ...(!failure && l.errorName !== 'PoisonMessageError'
        ? { note: `failed in its handler (${reasonOf(l)}): only a replay can tell` }
        : {}),
    };
  });
  return { items, missing };
}

function decodeFailure(l: DeadLetter, registry: EventRegistry | undefined): string | undefined {
  try {
    decodeEnvelope({ value: l.value === null ? null : Buffer.from(l.value) } as KafkaMessage, registry);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Sends the plan's `send` letters back to their topics, each with its replay count raised, and records each
 * in the ledger after Kafka acknowledged it (a crash in between sends it once more; handlers are idempotent).
 */
export async function replayPlanned(
  kafka: Kafka,
  db: Db,
  dlqTopic: string,
  letters: readonly InspectedLetter[],
  plan: readonly ReplayPlanItem[],
  actor: string,
): Promise<{ sent: string[]; held: string[]; skipped: string[] }> {
  const sendIds = new Set(plan.filter((p) => p.action === 'send').map((p) => p.id));
  const toSend = letters
    .filter((l) => sendIds.has(l.id))
    .map((l) => ({ ...l, headers: { ...l.headers, [REPLAYS_HEADER]: String(l.replays + 1) } }));
  await replayDeadLetters(kafka, toSend);
  const ledger = db.collection<LedgerDoc>(REPLAY_LEDGER);
  for (const l of toSend) {
    await ledger
      .insertOne({
        _id: ledgerId(dlqTopic, l.id),
        topic: dlqTopic,
        letterId: l.id,
        replayedAt: new Date(),
        actor,
      })
      .catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
  }
  return {
    sent: toSend.map((l) => l.id),
    held: plan.filter((p) => p.action === 'held').map((p) => p.id),
    skipped: plan.filter((p) => p.action === 'already-replayed').map((p) => p.id),
  };
}
