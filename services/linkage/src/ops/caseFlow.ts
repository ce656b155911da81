import type { EventCause, StoredEvent } from '@fivesoc/eventing';

export type HopKind = 'appended' | 'published' | 'consumed' | 'request' | 'answer';

export interface Hop {
  kind: HopKind;
  /** e.g. `NeedReported appended`, `NeedReported published to fivesoc.community.events`. */
  step: string;
  eventId: string;
  eventType: string;
  at: string;
  /** Milliseconds since the hop before (null for the first). */
  tookMs: number | null;
  traceId: string | null;
  kafka?: { topic: string; partition: number; offset: string; group?: string };
}

export interface CaseFlow {
  caseId: string;
  /** Distinct trace ids of the flow's events (one when every hop continued the same trace). */
  traceIds: string[];
  hops: Hop[];
  /** From the first hop to the last. */
  totalMs: number | null;
}

const REQUESTS = new Set(['WorkerRequested', 'MatchRequested']);
const ANSWERS = new Set([
  'WorkerAssigned',
  'WorkerRefused',
  'MatchHeld',
  'MatchConfirmed',
  'MatchRefused',
  'MatchExpired',
  'MatchWithdrawn',
  'MatchReleased',
]);
const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1] ?? null;

/**
 * A case's flow as ops see it, read from its own events only: each event's metadata names the event it
 * answers as Kafka delivered it (`cause`: decided, published, consumed) and the trace it continues, so the
 * hops come in order — the need appended, published, consumed by linkage, the case opened, each request to
 * a society and its answer — with the time each took. Pure: the caller reads the stream.
 */
export function caseFlow(caseId: string, events: readonly StoredEvent[]): CaseFlow {
  const hops: Omit<Hop, 'tookMs'>[] = [];
  const own = new Set(events.map((e) => e.id));
  const causes = new Set<string>();
  for (const e of events) {
    const traceId = traceIdOf(e.metadata.traceparent);
    const c: EventCause | undefined = e.metadata.cause;
    if (c && !causes.has(`${c.eventId}|${c.group}`)) {
      causes.add(`${c.eventId}|${c.group}`);
      const base = { eventId: c.eventId, eventType: c.type, traceId };
      const kafka = { topic: c.topic, partition: c.partition, offset: c.offset };
      if (!own.has(c.eventId))
        hops.push({ ...base, kind: 'appended', step: `${c.type} appended`, at: c.occurredAt });
      hops.push({
        ...base,
        kind: 'published',
        step: `${c.type} published to ${c.topic}`,
        at: c.publishedAt,
        kafka,
      });
      hops.push({
        ...base,
        kind: 'consumed',
        step: `${c.type} consumed by ${c.group}`,
        at: c.consumedAt,
        kafka: { ...kafka, group: c.group },
      });
    }
    const kind: HopKind = REQUESTS.has(e.type) ? 'request' : ANSWERS.has(e.type) ? 'answer' : 'appended';
    hops.push({
      kind,
      step: `${e.type} appended`,
      eventId: e.id,
      eventType: e.type,
      at: e.occurredAt,
      traceId,
    });
  }
  const out = hops.map((h, i): Hop => {
    const before = i > 0 ? hops[i - 1]! : undefined;
    return { ...h, tookMs: before ? Date.parse(h.at) - Date.parse(before.at) : null };
  });
  const first = out[0];
  const last = out.at(-1);
  return {
    caseId,
    traceIds: [...new Set(out.flatMap((h) => (h.traceId ? [h.traceId] : [])))],
    hops: out,
    totalMs: first && last ? Date.parse(last.at) - Date.parse(first.at) : null,
  };
}
