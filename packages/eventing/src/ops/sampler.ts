import type { Kafka } from 'kafkajs';
import { deadLetterDepth } from './deadLetterOps.ts';
import { adminOf, flows } from './flows.ts';
import { groupLag } from './lag.ts';
import { topicOffsets, type TopicOffsets } from './lag.ts';

export interface FlowSnapshot {
  at: number;
  topics: TopicOffsets[];
  /** Total lag per group, and dead letters not yet replayed per group. */
  lag: Record<string, number>;
  deadLetters: Record<string, number>;
}

/** One hour of snapshots at the interval: enough for a rate and a sparkline without a metrics store. */
const KEEP_MS = 3_600_000;

/** While nothing moves, the wait between samples doubles up to this (an idle system asks the broker less). */
const MAX_IDLE_INTERVAL_MS = 300_000;

/**
 * Samples this process's flows every `intervalMs` (and on demand), so the flow API can answer a topic's
 * write rate and a group's lag over the last hour. Prometheus keeps the long history; this is the glance.
 * A sample that finds every offset and lag as the one before doubles the wait (up to 5 minutes); any
 * change brings it back to `intervalMs`. A rate is then taken over a longer span, which is still right.
 */
export class FlowSampler {
  private readonly kafka: Kafka;
  private readonly intervalMs: number;
  private readonly snapshots: FlowSnapshot[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private nextMs: number;

  constructor(kafka: Kafka, intervalMs = 30_000) {
    this.kafka = kafka;
    this.intervalMs = intervalMs;
    this.nextMs = intervalMs;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      void this.sample()
        .catch(() => undefined)
        .finally(() => this.schedule());
    }, this.nextMs);
    this.timer.unref();
  }

  async sample(): Promise<FlowSnapshot> {
    const admin = await adminOf(this.kafka);
    const topicNames = [
      ...new Set([...flows.relays().map((r) => r.topic), ...flows.groups().flatMap((g) => g.topics)]),
    ];
    const known = new Set(await admin.listTopics());
    const topics = await Promise.all(
      topicNames.filter((t) => known.has(t)).map((t) => topicOffsets(admin, t)),
    );
    const lag: Record<string, number> = {};
    const deadLetters: Record<string, number> = {};
    await Promise.all(
      flows.groups().map(async (g) => {
        const parts = await groupLag(
          admin,
          g.groupId,
          g.topics.filter((t) => known.has(t)),
        );
        lag[g.groupId] = parts.reduce((n, p) => n + p.lag, 0);
        if (g.deadLetterTopic)
          deadLetters[g.groupId] = await deadLetterDepth(admin, g.db ?? flows.db(), g.deadLetterTopic);
      }),
    );
    const s = { at: Date.now(), topics, lag, deadLetters };
    const previous = this.snapshots.at(-1);
    this.nextMs =
      previous && sameFlows(previous, s) ? Math.min(MAX_IDLE_INTERVAL_MS, this.nextMs * 2) : this.intervalMs;
    this.snapshots.push(s);
    while (this.snapshots.length > 0 && s.at - this.snapshots[0]!.at > KEEP_MS) this.snapshots.shift();
    return s;
  }

  /** Messages per second written to a topic, between the newest snapshot and the one about a minute before. */
  rate(topic: string): number | null {
    const last = this.snapshots.at(-1);
    if (!last) return null;
    const before = [...this.snapshots].reverse().find((s) => last.at - s.at >= 60_000) ?? this.snapshots[0]!;
    const end = (s: FlowSnapshot) => s.topics.find((t) => t.topic === topic)?.endTotal;
    const a = end(before);
    const b = end(last);
    if (a === undefined || b === undefined || last.at === before.at) return null;
    return (b - a) / ((last.at - before.at) / 1000);
  }

  /** A group's total lag over the last hour, oldest first: `[epoch ms, messages]`. */
  history(groupId: string): [number, number][] {
    return this.snapshots.flatMap((s) =>
      s.lag[groupId] !== undefined ? [[s.at, s.lag[groupId]] as [number, number]] : [],
    );
  }
}

/** The same offsets, lag and dead letters: nothing moved between two samples. */
function sameFlows(a: FlowSnapshot, b: FlowSnapshot): boolean {
  const sorted = (r: Record<string, number>) => JSON.stringify(Object.entries(r).sort());
  return (
    JSON.stringify(a.topics) === JSON.stringify(b.topics) &&
    sorted(a.lag) === sorted(b.lag) &&
    sorted(a.deadLetters) === sorted(b.deadLetters)
  );
}
