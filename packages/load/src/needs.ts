/**
 * Need → CaseOpened: needs reported through community's public API at a fixed offered rate (an open loop:
 * the i-th need goes out at t0 + i / rate whether or not earlier ones were answered), each timed from its
 * request to its answer, and from its request to linkage's CaseOpened for it read off the topic.
 *
 * Every need is of a different resident (a phone of its own, prefixed by this run), as a district's are:
 * the same person in every need would make each report's duplicate search (search-before-create) find
 * every earlier one, which measures a hotline, not a district.
 */
import { randomInt, randomUUID } from 'node:crypto';
import * as hdr from 'hdr-histogram-js';

export const newHistogram = () =>
  hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });

const CATEGORIES = ['elder_care', 'child_care', 'disability', 'poverty_relief', 'health'] as const;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '秀英桂兰玉珍建国志强明华丽娟淑芳海燕永红德福春梅';

export interface Community {
  code: string;
  name: string;
}

/** The i-th need of a run: a different resident (name and phone) each time, with consent to case handling. */
export function needReport(i: number, c: Community, run: number) {
  const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`;
  // 11 digits: 13, three of the run, six of the need (a run of more than a million needs wraps).
  const phone = `13${String(run).padStart(3, '0')}${String(i % 1_000_000).padStart(6, '0')}`;
  return {
    communityCode: c.code,
    category: CATEGORIES[i % CATEGORIES.length],
    urgency: 'normal',
    people: [{ name, phone, address: `${c.name}${(i % 30) + 1}栋1单元101室` }],
    consent: {
      given: true,
      givenBy: 'self',
      at: new Date().toISOString(),
      scope: ['needs_assessment', 'case_handling'],
    },
    description: `load test need ${i}`,
  };
}

/**
 * The hops of one need's way to its CaseOpened, from the times the events carry: the need's own
 * `occurredAt` (the time its command was decided at, when community began it), the CaseOpened's `cause`
 * (when community's relay published the need, when linkage's saga began handling it), its own
 * `occurredAt` (when the saga's command began) and its Kafka timestamp (linkage's relay published it).
 * So "stored and published" is the rest of the request (duplicate search, vault, append) and the relay.
 */
export const HOPS = [
  'request → community command',
  'need stored and published',
  'saga queue',
  'saga → case command',
  'case stored and published',
  'to this reader',
] as const;

export interface Arrival {
  /** performance.now() when this reader got it. */
  at: number;
  /** Wall-clock times (ms since the epoch) of: need occurred, published, consumed; CaseOpened occurred, published. */
  times?: [number, number, number, number, number];
  /** Date.now() when this reader got it. */
  wallAt: number;
}

/** An arrival from a CaseOpened message off linkage's topic (its envelope's metadata and Kafka timestamp). */
export function arrivalOf(
  envelope: { occurredAt?: string; metadata?: { cause?: Record<string, unknown> } },
  kafkaTimestamp: string,
): Arrival {
  const at = performance.now();
  const wallAt = Date.now();
  const c = envelope.metadata?.cause;
  const t = (x: unknown) => (typeof x === 'string' ? Date.parse(x) : NaN);
  const times: [number, number, number, number, number] = [
    t(c?.occurredAt),
    t(c?.publishedAt),
    t(c?.consumedAt),
    t(envelope.occurredAt),
    Number(kafkaTimestamp),
  ];
  return times.every((x) => Number.isFinite(x)) ? { at, wallAt, times } : { at, wallAt };
}

export interface NeedStep {
  communityUrl: string;
  token: string;
  communities: readonly Community[];
  offered: number;
  seconds: number;
  /** Seconds to wait for late CaseOpened after the last answer. */
  drain: number;
  maxInFlight: number;
  /** CaseOpened read off linkage's topic, by need id: when it was read, and the times it carries. */
  opened: ReadonlyMap<string, Arrival>;
}

export interface NeedStepResult {
  sent: number;
  answered: number;
  failed: Record<string, number>;
  achieved: number;
  http: hdr.Histogram;
  e2e: hdr.Histogram;
  /** need → CaseOpened split into its hops (`HOPS`), where the events carried every time. */
  hops: hdr.Histogram[];
  arrived: number;
  missing: number;
  /** Seconds from the first request to the last CaseOpened (or the drain's end). */
  wall: number;
}

/** One step at a fixed offered rate, then waits (at most `drain` seconds) for every answered need's case. */
export async function runNeedStep(o: NeedStep): Promise<NeedStepResult> {
  const http = newHistogram();
  const e2e = newHistogram();
  const sentAt = new Map<string, { at: number; wall: number }>();
  const failed: Record<string, number> = {};
  const fail = (why: string) => (failed[why] = (failed[why] ?? 0) + 1);
  const run = randomInt(1000);
  let sent = 0;
  let answered = 0;
  let inFlight = 0;
  const total = Math.round(o.offered * o.seconds);
  const t0 = performance.now();
  let lastAnswer = t0;
  const one = async (i: number) => {
    const body = needReport(i, o.communities[i % o.communities.length]!, run);
    const started = performance.now();
    const wall = Date.now();
    inFlight++;
    try {
      const res = await fetch(`${o.communityUrl}/v1/needs`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${o.token}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      const ended = performance.now();
      if (res.status !== 201) {
        fail(String(res.status));
        await res.body?.cancel();
        return;
      }
      const need = (await res.json()) as { id: string };
      answered++;
      lastAnswer = ended;
      http.recordValue(Math.max(1, Math.round((ended - started) * 1000)));
      sentAt.set(need.id, { at: started, wall });
    } catch (err) {
      fail((err as Error).name);
    } finally {
      inFlight--;
    }
  };
  const requests: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / o.offered - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight >= o.maxInFlight) {
      fail('not sent (in flight at the bound)');
      continue;
    }
    sent++;
    requests.push(one(i));
  }
  await Promise.all(requests);
  const achieved = answered / ((lastAnswer - t0) / 1000);
  const deadline = performance.now() + o.drain * 1000;
  const arrivedCount = () => [...sentAt.keys()].filter((id) => o.opened.has(id)).length;
  while (arrivedCount() < sentAt.size && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  const wall = (performance.now() - t0) / 1000;
  let arrived = 0;
  const hops = HOPS.map(() => newHistogram());
  for (const [id, sent] of sentAt) {
    const opened = o.opened.get(id);
    if (opened === undefined) continue;
    arrived++;
    e2e.recordValue(Math.max(1, Math.round((opened.at - sent.at) * 1000)));
    if (!opened.times) continue;
    const marks = [sent.wall, ...opened.times, opened.wallAt];
    for (let h = 0; h < HOPS.length; h++)
      hops[h]!.recordValue(Math.max(1, Math.round((marks[h + 1]! - marks[h]!) * 1000)));
  }
  const missing = sentAt.size - arrived;
  return { sent, answered, failed, achieved, http, e2e, hops, arrived, missing, wall };
}
