/**
 * Command → visible in linkage's read model: reservations of one unit of a donation through charity's
 * public API, each timed from its request until linkage's donation document (`rm_donations`) has folded
 * the event the command appended (its `_v` reaches the version the answer's ETag names). The documents
 * are read by a poller in this tool, the way a dashboard would see them, every `pollMs`: one query for the
 * donations with commands still in flight (a few documents; linkage holds one per donation).
 */
import { randomUUID } from 'node:crypto';
import type * as hdr from 'hdr-histogram-js';
import { MongoClient } from 'mongodb';
import { newHistogram } from './needs.ts';

export interface ReservationTarget {
  donationId: string;
  needId: string;
  communityCode: string;
  category: string;
}

interface Page<T> {
  items: T[];
  nextCursor?: string;
}

async function getAll<T>(url: string, token: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const res = await fetch(
      `${url}${url.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as Page<T>;
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** A donation takes part only with this many units available (one unit per command). */
const MIN_AVAILABLE = 1000;

/**
 * Pairs of a donation that has units available and no restriction with an open need of the demo data
 * (a reservation names the need it is for). One pair per donation, so commands spread over the donations.
 */
export async function reservationTargets(
  communityUrl: string,
  charityUrl: string,
  token: string,
): Promise<ReservationTarget[]> {
  const needs = await getAll<{ id: string; communityCode: string; category: string; status: string }>(
    `${communityUrl}/v1/needs`,
    token,
  );
  const listed = await getAll<{
    donationId: string;
    restriction?: unknown;
    restrictionCommunityCode?: string | null;
    restrictionCategory?: string | null;
  }>(`${charityUrl}/v1/donations`, token);
  const open = needs.filter((n) => n.status !== 'withdrawn');
  if (open.length === 0) throw new Error('no open need to reserve for (load the demo data)');
  // The ledger's own figure (the list is a query model): what each donation has available now. A
  // pledge not yet received is received first (the demo data pledges; reservations need units in hand).
  const donations = await Promise.all(
    listed
      .filter((d) => (d.restriction ?? null) === null && (d.restrictionCommunityCode ?? null) === null)
      .filter((d) => (d.restrictionCategory ?? null) === null)
      .map(async (d) => {
        const url = `${charityUrl}/v1/donations/${d.donationId}`;
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        const body = (await res.json()) as {
          available?: number;
          pledged?: number;
          totals?: { received: number };
        };
        let available = res.status === 200 ? (body.available ?? 0) : 0;
        const unreceived = (body.pledged ?? 0) - (body.totals?.received ?? 0);
        if (available < MIN_AVAILABLE && unreceived >= MIN_AVAILABLE) {
          const r = await fetch(`${url}/receipts`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'idempotency-key': randomUUID(),
            },
            body: JSON.stringify({ quantity: unreceived }),
          });
          if (r.status === 201) available = ((await r.json()) as { available: number }).available;
          else await r.body?.cancel();
        }
        return { donationId: d.donationId, available };
      }),
  );
  return donations
    .filter((d) => d.available >= MIN_AVAILABLE)
    .map((d, i) => {
      const n = open[i % open.length]!;
      return { donationId: d.donationId, needId: n.id, communityCode: n.communityCode, category: n.category };
    });
}

export interface ReservationResult {
  sent: number;
  answered: number;
  failed: Record<string, number>;
  achieved: number;
  http: hdr.Histogram;
  visible: hdr.Histogram;
  seen: number;
  missing: number;
}

/** Open loop at `rate` commands/s for `seconds`, round-robin over `targets`; waits `drain` s for the rest. */
export async function runReservations(o: {
  charityUrl: string;
  token: string;
  targets: ReservationTarget[];
  linkageDb: string;
  rate: number;
  seconds: number;
  drain: number;
  pollMs?: number;
}): Promise<ReservationResult> {
  const mongo = new MongoClient(process.env.MONGODB_URL!);
  const donations = mongo.db(o.linkageDb).collection<{ _id: string; _v?: number }>('rm_donations');
  const http = newHistogram();
  const visible = newHistogram();
  const failed: Record<string, number> = {};
  /** Commands answered and not yet seen in linkage, by donation stream: [version, sent at]. */
  const pending = new Map<string, { version: number; at: number }[]>();
  let sent = 0;
  let answered = 0;
  let seen = 0;
  let polling = true;
  const poller = (async () => {
    while (polling || pending.size > 0) {
      await new Promise((r) => setTimeout(r, o.pollMs ?? 10));
      if (pending.size === 0) continue;
      const docs = await donations
        .find({ _id: { $in: [...pending.keys()] } }, { projection: { _v: 1 } })
        .toArray();
      const now = performance.now();
      for (const d of docs) {
        const waiting = pending.get(d._id);
        if (!waiting) continue;
        const still = waiting.filter((w) => {
          if ((d._v ?? 0) < w.version) return true;
          visible.recordValue(Math.max(1, Math.round((now - w.at) * 1000)));
          seen++;
          return false;
        });
        if (still.length > 0) pending.set(d._id, still);
        else pending.delete(d._id);
      }
    }
  })();
  const total = Math.round(o.rate * o.seconds);
  const t0 = performance.now();
  let lastAnswer = t0;
  const one = async (i: number) => {
    const t = o.targets[i % o.targets.length]!;
    const started = performance.now();
    try {
      const res = await fetch(`${o.charityUrl}/v1/donations/${t.donationId}/reservations`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${o.token}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({
          quantity: 1,
          target: { needId: t.needId, communityCode: t.communityCode, category: t.category },
        }),
        signal: AbortSignal.timeout(60_000),
      });
      const ended = performance.now();
      await res.body?.cancel();
      if (res.status !== 201) {
        failed[String(res.status)] = (failed[String(res.status)] ?? 0) + 1;
        return;
      }
      answered++;
      lastAnswer = ended;
      http.recordValue(Math.max(1, Math.round((ended - started) * 1000)));
      const version = Number(res.headers.get('etag')?.replace(/\D/g, ''));
      const stream = `donation-${t.donationId}`;
      pending.set(stream, [...(pending.get(stream) ?? []), { version, at: started }]);
    } catch (err) {
      const name = (err as Error).name;
      failed[name] = (failed[name] ?? 0) + 1;
    }
  };
  const requests: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / o.rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sent++;
    requests.push(one(i));
  }
  await Promise.all(requests);
  const deadline = performance.now() + o.drain * 1000;
  while (pending.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const missing = [...pending.values()].reduce((n, w) => n + w.length, 0);
  pending.clear();
  polling = false;
  await poller;
  await mongo.close();
  return {
    sent,
    answered,
    failed,
    achieved: answered / ((lastAnswer - t0) / 1000),
    http,
    visible,
    seen,
    missing,
  };
}
