import type { Counter, Histogram, ObservableGauge } from '@opentelemetry/api';
import type { Admin, EachMessagePayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Db } from 'mongodb';
import { DURATION_BUCKETS, meter } from '@fivesoc/service-kit';
import type { EventRegistry } from '../contracts/index.ts';
import type { MongoEventStore } from '../eventStore/index.ts';
import type { OutboxRelay } from '../relay/index.ts';
import { deadLetterDepth } from './deadLetterOps.ts';
import { groupLag, type PartitionLag } from './lag.ts';
import { outboxStatus } from './outbox.ts';

/** A store and the relay publishing it, as this process runs them. */
export interface RelayFlow {
  topic: string;
  store: MongoEventStore;
  relay: OutboxRelay;
  kafka: Kafka;
}

/** A consumer group this process is a member of. */
export interface GroupFlow {
  groupId: string;
  topics: string[];
  deadLetterTopic?: string;
  kafka: Kafka;
  registry?: EventRegistry;
  /** The database of the service that owns the group (its replay ledger); the process's by default. */
  db?: Db;
  /** Per `<topic>#<partition>`: the Kafka timestamp of the message in hand and of the last one handled. */
  partitions: Map<string, { inHand?: number; last?: number }>;
}

const relays = new Set<RelayFlow>();
const groups = new Map<string, GroupFlow>();
const admins = new Map<Kafka, Promise<Admin>>();
let processDb: Db | undefined;

export const flows = {
  relays: () => [...relays],
  groups: () => [...groups.values()],
  group: (id: string) => groups.get(id),
  db: () => processDb,
};

/** The admin client shared by everything that asks the broker about offsets (made on first use). */
export function adminOf(kafka: Kafka): Promise<Admin> {
  let a = admins.get(kafka);
  if (!a) {
    const admin = kafka.admin();
    a = admin.connect().then(() => admin);
    a.catch(() => admins.delete(kafka));
    admins.set(kafka, a);
  }
  return a;
}

async function releaseAdmins(): Promise<void> {
  const inUse = new Set([...relays].map((r) => r.kafka).concat([...groups.values()].map((g) => g.kafka)));
  for (const [kafka, a] of admins) {
    if (inUse.has(kafka)) continue;
    admins.delete(kafka);
    await a.then((x) => x.disconnect()).catch(() => undefined);
  }
}

// ---------- instruments (made lazily: after the kit registered the meter provider) ----------

interface Instruments {
  appendDuration: Histogram;
  appendConflicts: Counter;
  published: Counter;
  process: Histogram;
  retries: Counter;
  deadLettered: Counter;
}
let inst: Instruments | undefined;
const attrs = {
  group: 'messaging.consumer.group.name',
  topic: 'messaging.destination.name',
  partition: 'messaging.destination.partition.id',
} as const;

function instruments(): Instruments {
  if (inst) return inst;
  const m = meter('@fivesoc/eventing');
  const seconds = { unit: 's', advice: { explicitBucketBoundaries: DURATION_BUCKETS } };
  inst = {
    appendDuration: m.createHistogram('fivesoc.eventstore.append.duration', {
      ...seconds,
      description: 'Appends to the event store, by outcome',
    }),
    appendConflicts: m.createCounter('fivesoc.eventstore.append.conflicts', {
      description: 'Appends refused for a stale expected version',
    }),
    published: m.createCounter('fivesoc.relay.published', {
      unit: '{event}',
      description: 'Events the relay published and Kafka acknowledged',
    }),
    process: m.createHistogram('messaging.process.duration', {
      ...seconds,
      description: 'Handling of one consumed message',
    }),
    retries: m.createCounter('fivesoc.consumer.retries', {
      description: 'Handler attempts that failed and were retried',
    }),
    deadLettered: m.createCounter('fivesoc.consumer.dead_lettered', {
      description: 'Messages sent to a dead-letter topic',
    }),
  };
  observe(m);
  return inst;
}

/** Scrape-time gauges: a few `_id` lookups per store and two broker requests per group, cached briefly. */
function observe(m: ReturnType<typeof meter>): void {
  const g = (name: string, description: string, unit?: string): ObservableGauge =>
    m.createObservableGauge(name, { description, ...(unit ? { unit } : {}) });
  const backlog = g('fivesoc.outbox.backlog', 'Commits stored but not yet published (per topic)', '{commit}');
  const age = g('fivesoc.outbox.oldest.age.seconds', 'Age of the oldest commit not yet published', 's');
  const held = g('fivesoc.relay.lease.held', '1 while this instance holds the relay lease');
  const holders = g(
    'fivesoc.relay.lease.holders',
    'Relay instances holding the lease of a topic, as the store says (0 or 1)',
  );
  const lag = g(
    'fivesoc.consumer.lag',
    'Messages behind per group and partition, as the broker sees it',
    '{message}',
  );
  const lagSeconds = g(
    'fivesoc.consumer.lag.seconds',
    'Age of the oldest message the group has not yet handled',
    's',
  );
  const dlq = g('fivesoc.dlq.depth', 'Dead letters of a group not yet replayed', '{message}');
  const cache = new Map<string, { at: number; value: Promise<PartitionLag[]> }>();
  const lagOf = (f: GroupFlow) => {
    const hit = cache.get(f.groupId);
    if (hit && Date.now() - hit.at < 5000) return hit.value;
    const value = adminOf(f.kafka).then((a) => groupLag(a, f.groupId, f.topics));
    cache.set(f.groupId, { at: Date.now(), value });
    value.catch(() => cache.delete(f.groupId));
    return value;
  };
  // The store's gauges and the broker's are observed apart, and the broker's within a bound: a broker
  // that does not answer must not take the backlog (what ops need most in an outage) off the page.
  m.addBatchObservableCallback(
    async (r) => {
      const now = Date.now();
      await Promise.all(
        [...relays].map(async (f) => {
          const t = { [attrs.topic]: f.topic };
          r.observe(held, f.relay.lease.stillHeld(0) ? 1 : 0, {
            ...t,
            'fivesoc.relay.instance': f.relay.instanceId,
          });
          const s = await outboxStatus(f.store, f.topic, now).catch(() => undefined);
          if (!s) return;
          r.observe(backlog, s.backlog, t);
          r.observe(age, s.oldestAgeSeconds, t);
          r.observe(holders, s.leaseHolder ? 1 : 0, t);
        }),
      );
    },
    [backlog, age, held, holders],
  );
  m.addBatchObservableCallback(
    async (r) => {
      const now = Date.now();
      await Promise.all(
        [...groups.values()].map(async (f) => {
          const parts = await within(BROKER_MS, lagOf(f)).catch(() => []);
          for (const p of parts) {
            const a = {
              [attrs.group]: f.groupId,
              [attrs.topic]: p.topic,
              [attrs.partition]: String(p.partition),
            };
            r.observe(lag, p.lag, a);
            const seen = f.partitions.get(`${p.topic}#${p.partition}`);
            const since = seen?.inHand ?? (p.lag > 0 ? seen?.last : undefined);
            r.observe(lagSeconds, since !== undefined ? Math.max(0, (now - since) / 1000) : 0, a);
          }
          if (f.deadLetterTopic) {
            const depth = await within(
              BROKER_MS,
              adminOf(f.kafka).then((a) => deadLetterDepth(a, f.db ?? processDb, f.deadLetterTopic!)),
            ).catch(() => undefined);
            if (depth !== undefined) {
              r.observe(dlq, depth, { [attrs.group]: f.groupId, [attrs.topic]: f.deadLetterTopic });
            }
          }
        }),
      );
    },
    [lag, lagSeconds, dlq],
  );
}

/** How long a scrape waits for the broker before leaving its gauges out. */
const BROKER_MS = 3000;
export function within<T>(ms: number, p: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(resolve, reject).finally(() => clearTimeout(t));
  });
}

// ---------- hooks the store, the relay and the consumers call ----------

/** Registers a relay and its store; counts what it publishes and times the store's appends. */
export function registerRelay(f: RelayFlow): () => Promise<void> {
  const i = instruments();
  relays.add(f);
  processDb ??= f.store.db;
  const append = f.store.append.bind(f.store);
  f.store.append = async (...args) => {
    const t0 = performance.now();
    let outcome = 'ok';
    try {
      return await append(...args);
    } catch (err) {
      outcome = (err as { code?: string }).code === 'CONFLICT' ? 'conflict' : 'error';
      if (outcome === 'conflict') i.appendConflicts.add(1, { [attrs.topic]: f.topic });
      throw err;
    } finally {
      i.appendDuration.record((performance.now() - t0) / 1000, {
        [attrs.topic]: f.topic,
        'fivesoc.outcome': outcome,
      });
    }
  };
  return async () => {
    relays.delete(f);
    f.store.append = append;
    await releaseAdmins();
  };
}

/** What the relay calls after each batch Kafka acknowledged. */
export function relayPublished(topic: string, instanceId: string, events: number): void {
  instruments().published.add(events, { [attrs.topic]: topic, 'fivesoc.relay.instance': instanceId });
}

/** A consumer group member's metrics: handler duration, retries, dead letters, and what lag in seconds needs. */
export class ConsumerMetrics {
  private readonly flow: GroupFlow;
  private readonly i = instruments();
  constructor(f: Omit<GroupFlow, 'partitions'>) {
    this.flow = { ...f, partitions: new Map() };
    groups.set(f.groupId, this.flow);
  }

  /**
   * Runs the handling of one message (or of a batch, from `p.message` its first to `lastTimestamp` its
   * last), timing it and remembering the oldest timestamp in hand.
   */
  async track(
    p: Pick<EachMessagePayload, 'topic' | 'partition'> & { message: Pick<KafkaMessage, 'timestamp'> },
    run: () => Promise<void>,
    lastTimestamp?: string,
  ): Promise<void> {
    const key = `${p.topic}#${p.partition}`;
    const ts = Number(p.message.timestamp);
    const seen = this.flow.partitions.get(key) ?? {};
    seen.inHand = ts;
    this.flow.partitions.set(key, seen);
    const t0 = performance.now();
    const a: Record<string, string> = {
      'messaging.system': 'kafka',
      'messaging.operation.name': 'process',
      [attrs.group]: this.flow.groupId,
      [attrs.topic]: p.topic,
      [attrs.partition]: String(p.partition),
    };
    try {
      await run();
    } catch (err) {
      a['error.type'] = (err as Error).name || 'Error';
      throw err;
    } finally {
      this.i.process.record((performance.now() - t0) / 1000, a);
      seen.inHand = undefined;
      seen.last = lastTimestamp === undefined ? ts : Number(lastTimestamp);
    }
  }

  retried(topic: string): void {
    this.i.retries.add(1, { [attrs.group]: this.flow.groupId, [attrs.topic]: topic });
  }

  deadLettered(topic: string, errorName: string): void {
    this.i.deadLettered.add(1, {
      [attrs.group]: this.flow.groupId,
      [attrs.topic]: topic,
      'error.type': errorName,
    });
  }

  async close(): Promise<void> {
    if (groups.get(this.flow.groupId) === this.flow) groups.delete(this.flow.groupId);
    await releaseAdmins();
  }
}
