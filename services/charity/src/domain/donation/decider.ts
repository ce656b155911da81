import type { Decider } from '@fivesoc/eventing';
import { AlreadyExistsError, IllegalStateError, NotFoundError } from '@fivesoc/service-kit';
import type { DonationEvent, DonationRegisteredPayload, EntryPayload, Target } from './events.ts';
import {
  available,
  evolveDonation,
  type DonationState,
  type EntryStatus,
  type LedgerEntry,
} from './state.ts';

export type DonationCommand =
  | { kind: 'register'; donation: DonationRegisteredPayload }
  | { kind: 'receive'; quantity: number; receiptNo?: string }
  | { kind: 'reserve'; entryId: string; quantity: number; target: Target }
  | { kind: 'release'; entryId: string; reason: string }
  | { kind: 'allocate'; entryId: string }
  | { kind: 'disburse'; entryId: string }
  | { kind: 'confirmReceipt'; entryId: string }
  | { kind: 'reverse'; entryId: string; reversalEntryId: string; reason: string };

type Registered = Extract<DonationState, { registered: true }>;

/** 定向捐赠: a designated community or category must match the need it goes to. */
function checkRestriction(s: Registered, target: Target): void {
  const r = s.restriction;
  if (r?.communityCode && r.communityCode !== target.communityCode)
    throw new IllegalStateError(
      `the donation is restricted to community ${r.communityCode}; the need is in ${target.communityCode}`,
      { restriction: 'communityCode', required: r.communityCode, requested: target.communityCode },
    );
  if (r?.category && r.category !== target.category)
    throw new IllegalStateError(
      `the donation is restricted to category ${r.category}; the need is ${target.category}`,
      { restriction: 'category', required: r.category, requested: target.category },
    );
}

function entryIn(s: Registered, entryId: string, from: EntryStatus[]): LedgerEntry {
  const e = s.entries[entryId];
  if (!e || e.reversalOf) throw new NotFoundError('ledger entry', entryId);
  if (!from.includes(e.status))
    throw new IllegalStateError(`ledger entry ${entryId} is ${e.status}, not ${from.join(' or ')}`, {
      status: e.status,
    });
  return e;
}

const payloadOf = (e: LedgerEntry): EntryPayload => ({
  entryId: e.entryId,
  quantity: e.quantity,
  target: e.target,
});

function decideLedger(
  command: Exclude<DonationCommand, { kind: 'register' }>,
  s: Registered,
): DonationEvent[] {
  switch (command.kind) {
    case 'receive': {
      if (s.totals.received + command.quantity > s.pledged)
        throw new IllegalStateError('more received than was pledged', {
          pledged: s.pledged,
          received: s.totals.received,
        });
      const receipt = command.receiptNo ? { receiptNo: command.receiptNo } : {};
      return [{ type: 'DonationReceived', payload: { quantity: command.quantity, ...receipt } }];
    }
    case 'reserve': {
      // The caller may choose the entry id (linkage does, to make its retries safe): never reuse one.
      if (s.entries[command.entryId]) throw new AlreadyExistsError('ledger entry', command.entryId);
      checkRestriction(s, command.target);
      const free = available(s.totals);
      if (command.quantity > free)
        throw new IllegalStateError(`only ${free} ${s.measure} available`, {
          available: free,
          requested: command.quantity,
          measure: s.measure,
        });
      const { entryId, quantity, target } = command;
      return [{ type: 'ResourceReserved', payload: { entryId, quantity, target } }];
    }
    case 'release': {
      const e = entryIn(s, command.entryId, ['reserved']);
      return [{ type: 'ReservationReleased', payload: { ...payloadOf(e), reason: command.reason } }];
    }
    case 'allocate':
      return [{ type: 'ResourceAllocated', payload: payloadOf(entryIn(s, command.entryId, ['reserved'])) }];
    case 'disburse':
      return [{ type: 'ResourceDisbursed', payload: payloadOf(entryIn(s, command.entryId, ['allocated'])) }];
    case 'confirmReceipt':
      return [{ type: 'ReceiptConfirmed', payload: payloadOf(entryIn(s, command.entryId, ['disbursed'])) }];
    case 'reverse': {
      const e = entryIn(s, command.entryId, ['allocated', 'disbursed']);
      if (s.entries[command.reversalEntryId])
        throw new AlreadyExistsError('ledger entry', command.reversalEntryId);
      const fromStatus = e.status === 'disbursed' ? ('disbursed' as const) : ('allocated' as const);
      const payload = {
        ...payloadOf(e),
        entryId: command.reversalEntryId,
        reversalOf: e.entryId,
        fromStatus,
      };
      return [{ type: 'AllocationReversed', payload: { ...payload, reason: command.reason } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

/**
 * A donation and its allocation ledger, one stream: reserve → allocate → disburse → receipt confirmed,
 * release of a reservation, reversal of an allocation as a new entry. Every decision keeps
 * reserved + allocated ≤ received; racing requests are decided again on fresh state by the store's
 * expected-version check, so the rule holds under concurrency too.
 */
export const donationDecider: Decider<DonationState, DonationCommand, DonationEvent> = {
  initialState: () => ({ registered: false }),
  decide(command, state) {
    if (command.kind === 'register') {
      if (state.registered) throw new IllegalStateError('the donation is already registered');
      return [{ type: 'DonationRegistered', payload: command.donation }];
    }
    if (!state.registered) throw new NotFoundError('donation', '?');
    return decideLedger(command, state);
  },
  evolve: evolveDonation,
};
