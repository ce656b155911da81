import type { MongoEventStore, StoredEvent } from '@fivesoc/eventing';
import { inScope, scopeFilter, type HttpApp, type Place } from '@fivesoc/service-kit';
import { totalsFromEvents, type TotalsByMeasure } from '../domain/donation/index.ts';
import { queryModelTotals } from '../projections/queries.ts';
import type { Deps } from './deps.ts';
import { reconciliationBody } from './responses.ts';

/** The whole log in order; an event the store hands out twice (a late-logged commit) counts once. */
async function allEvents(store: MongoEventStore): Promise<StoredEvent[]> {
  const out = new Map<string, StoredEvent>();
  for (let from = 1; ;) {
    const batch = await store.readAll(from, 500);
    if (batch.length === 0) return [...out.values()];
    for (const e of batch) if (!out.has(e.id)) out.set(e.id, e);
    from = batch.at(-1)!.position + 1;
  }
}

/** Every figure where the two sides differ, per measure; empty when they agree to the fen. */
function differences(a: TotalsByMeasure, b: TotalsByMeasure) {
  const out: { measure: string; figure: string; queryModel: number; events: number }[] = [];
  for (const measure of new Set([...Object.keys(a), ...Object.keys(b)])) {
    for (const figure of [
      'received',
      'reserved',
      'allocated',
      'disbursed',
      'confirmed',
      'released',
      'reversed',
    ] as const) {
      const q = a[measure]?.[figure] ?? 0;
      const e = b[measure]?.[figure] ?? 0;
      if (q !== e) out.push({ measure, figure, queryModel: q, events: e });
    }
  }
  return out;
}

export function reconciliationRoutes(app: HttpApp, { store, db }: Deps): void {
  app.get(
    '/v1/reports/reconciliation',
    {
      config: { roles: ['charity_coordinator', 'district_admin'], scope: 'place' },
      schema: {
        summary:
          'Money reconciles: the ledger summed from the query model against the events folded, to the fen, for the donations in your scope',
        tags: ['reports'],
        response: { 200: reconciliationBody },
      },
    },
    async (req) => {
      // The caller's part of the ledger: the donations whose place is in their scope, on both sides.
      const all = await allEvents(store);
      const fromEvents = totalsFromEvents(all, (d) => inScope(req.principal, d));
      const fromQueryModel = await queryModelTotals(db, scopeFilter(req.principal));
      const streams = new Set(
        all
          .filter((e) => e.type === 'DonationRegistered' && inScope(req.principal, e.payload as Place))
          .map((e) => e.streamId),
      );
      const events = all.filter((e) => streams.has(e.streamId));
      const diff = differences(fromQueryModel, fromEvents);
      return {
        balanced: diff.length === 0,
        eventsRead: events.length,
        lastPosition: events.at(-1)?.position ?? 0,
        fromQueryModel,
        fromEvents,
        differences: diff,
      };
    },
  );
}
