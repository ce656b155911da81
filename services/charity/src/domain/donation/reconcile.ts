import type { DonationEvent } from './events.ts';
import { evolveDonation, zeroTotals, type DonationState, type LedgerTotals } from './state.ts';

export type TotalsByMeasure = Record<string, LedgerTotals>;

export const addTotals = (into: TotalsByMeasure, measure: string, t: LedgerTotals): void => {
  const sum = (into[measure] ??= zeroTotals());
  for (const k of Object.keys(t) as (keyof LedgerTotals)[]) sum[k] += t[k];
};

/**
 * The ledger's figures as the events say: each donation's stream folded by the decider's own evolve,
 * then summed per measure (fen, hour, goods item/unit). The reconciliation report compares this, to the
 * fen, with the query model.
 */
export function totalsFromEvents(
  events: readonly { streamId: string; type: string; payload: unknown }[],
  /** Which donations count (e.g. those in the caller's scope); all by default. */
  keep: (s: Extract<DonationState, { registered: true }>) => boolean = () => true,
): TotalsByMeasure {
  const states = new Map<string, DonationState>();
  for (const e of events) {
    if (!e.streamId.startsWith('donation-')) continue;
    const s = states.get(e.streamId) ?? { registered: false };
    states.set(e.streamId, evolveDonation(s, e as DonationEvent));
  }
  const out: TotalsByMeasure = {};
  for (const s of states.values()) if (s.registered && keep(s)) addTotals(out, s.measure, s.totals);
  return out;
}
