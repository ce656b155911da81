import type { DonationEvent, DonationRegisteredPayload, EntryPayload, Target } from './events.ts';
import { measureOf, pledgedOf } from './events.ts';

export type EntryStatus = 'reserved' | 'allocated' | 'disbursed' | 'confirmed' | 'released' | 'reversed';

export interface LedgerEntry {
  entryId: string;
  quantity: number;
  target: Target;
  status: EntryStatus;
  /** For a reversal entry: the entry it undid. */
  reversalOf?: string;
}

/**
 * The ledger's running totals. `allocated` counts everything handed out and not reversed, whatever its
 * later stage (disbursed, receipt confirmed); `disbursed` and `confirmed` are the parts that got that far.
 * The invariant is reserved + allocated ≤ received.
 */
export interface LedgerTotals {
  received: number;
  reserved: number;
  allocated: number;
  disbursed: number;
  confirmed: number;
  released: number;
  reversed: number;
}

export const zeroTotals = (): LedgerTotals => ({
  received: 0,
  reserved: 0,
  allocated: 0,
  disbursed: 0,
  confirmed: 0,
  released: 0,
  reversed: 0,
});

export type DonationState =
  | { registered: false }
  | ({
      registered: true;
      measure: string;
      pledged: number;
      totals: LedgerTotals;
      entries: Record<string, LedgerEntry>;
    } & DonationRegisteredPayload);

export const available = (t: LedgerTotals): number => t.received - t.reserved - t.allocated;

const withEntry = (
  s: Extract<DonationState, { registered: true }>,
  e: EntryPayload,
  status: EntryStatus,
  totals: Partial<LedgerTotals>,
  extra: Partial<LedgerEntry> = {},
): DonationState => ({
  ...s,
  totals: { ...s.totals, ...totals },
  entries: { ...s.entries, [e.entryId]: { ...e, ...s.entries[e.entryId], ...extra, status } },
});

export function evolveDonation(state: DonationState, event: DonationEvent): DonationState {
  if (event.type === 'DonationRegistered') {
    const p = event.payload;
    return {
      registered: true,
      ...p,
      measure: measureOf(p.gift),
      pledged: pledgedOf(p.gift),
      totals: zeroTotals(),
      entries: {},
    };
  }
  if (!state.registered) return state;
  const t = state.totals;
  const p = event.payload;
  switch (event.type) {
    case 'DonationReceived':
      return { ...state, totals: { ...t, received: t.received + p.quantity } };
    case 'ResourceReserved':
      return withEntry(state, event.payload, 'reserved', { reserved: t.reserved + event.payload.quantity });
    case 'ReservationReleased': {
      const q = event.payload.quantity;
      return withEntry(state, event.payload, 'released', {
        reserved: t.reserved - q,
        released: t.released + q,
      });
    }
    case 'ResourceAllocated': {
      const q = event.payload.quantity;
      return withEntry(state, event.payload, 'allocated', {
        reserved: t.reserved - q,
        allocated: t.allocated + q,
      });
    }
    case 'ResourceDisbursed':
      return withEntry(state, event.payload, 'disbursed', {
        disbursed: t.disbursed + event.payload.quantity,
      });
    case 'ReceiptConfirmed':
      return withEntry(state, event.payload, 'confirmed', {
        confirmed: t.confirmed + event.payload.quantity,
      });
    case 'AllocationReversed': {
      const r = event.payload;
      const original = state.entries[r.reversalOf];
      const wasDisbursed = r.fromStatus === 'disbursed';
      const undone: DonationState = {
        ...state,
        totals: {
          ...t,
          allocated: t.allocated - r.quantity,
          disbursed: t.disbursed - (wasDisbursed ? r.quantity : 0),
          reversed: t.reversed + r.quantity,
        },
        entries: original
          ? { ...state.entries, [r.reversalOf]: { ...original, status: 'reversed' } }
          : state.entries,
      };
      if (!undone.registered) return undone;
      return {
        ...undone,
        entries: {
          ...undone.entries,
          [r.entryId]: {
            entryId: r.entryId,
            quantity: r.quantity,
            target: r.target,
            status: 'reversed',
            reversalOf: r.reversalOf,
          },
        },
      };
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
