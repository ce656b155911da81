import { describe, expect, it } from 'vitest';
import { AlreadyExistsError, IllegalStateError, NotFoundError } from '@fivesoc/service-kit';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { donationDecider, type DonationCommand } from './decider.ts';
import type { DonationEvent, DonationRegisteredPayload, Target } from './events.ts';
import { totalsFromEvents } from './reconcile.ts';

const spec = deciderSpec(donationDecider, { now: new Date('2026-11-27T09:00:00Z') });
const donation = (restriction: DonationRegisteredPayload['restriction'] = null): DonationEvent => ({
  type: 'DonationRegistered',
  payload: {
    donationId: 'd1',
    donorId: 'p1',
    donorKind: 'person',
    gift: { kind: 'money', amountFen: 100 },
    restriction,
    districtCode: '110105',
  },
});
const received = (quantity: number): DonationEvent => ({ type: 'DonationReceived', payload: { quantity } });
const target: Target = { needId: 'n1', communityCode: '110105001001', category: 'elder_care' };
const entry = (entryId: string, quantity: number) => ({ entryId, quantity, target });
const reserved = (id: string, q: number): DonationEvent => ({
  type: 'ResourceReserved',
  payload: entry(id, q),
});
const allocated = (id: string, q: number): DonationEvent => ({
  type: 'ResourceAllocated',
  payload: entry(id, q),
});
const reserve = (entryId: string, quantity: number, t: Target = target): DonationCommand => ({
  kind: 'reserve',
  entryId,
  quantity,
  target: t,
});

describe('the donation ledger', () => {
  it('reserves up to the received amount and refuses more, naming what is available', () => {
    spec
      .given([donation(), received(100)])
      .when(reserve('e1', 100))
      .then([reserved('e1', 100)]);
    spec
      .given([donation(), received(100), reserved('e1', 30), allocated('e1', 30), reserved('e2', 50)])
      .when(reserve('e3', 21))
      .thenThrows(/only 20 fen available/);
    try {
      donationDecider.decide(
        reserve('e1', 61),
        donationDecider.evolve(
          donationDecider.evolve(donationDecider.initialState(), donation()),
          received(60),
        ),
        { now: new Date() },
      );
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(IllegalStateError);
      expect((err as IllegalStateError).details).toMatchObject({ available: 60, requested: 61 });
    }
  });

  it('refuses to reserve what has not been received yet', () => {
    spec
      .given([donation()])
      .when(reserve('e1', 1))
      .thenThrows(/only 0 fen available/);
  });

  it('refuses a receipt above the pledge', () => {
    spec
      .given([donation(), received(90)])
      .when({ kind: 'receive', quantity: 11 })
      .thenThrows(/pledged/);
  });

  it('refuses a need in another community than the one the donor designated', () => {
    spec
      .given([donation({ communityCode: '110105001002' }), received(100)])
      .when(reserve('e1', 10))
      .thenThrows(/restricted to community 110105001002/);
    spec
      .given([donation({ category: 'education' }), received(100)])
      .when(reserve('e1', 10))
      .thenThrows(/restricted to category education/);
    spec
      .given([donation({ communityCode: target.communityCode, purpose: 'elders' }), received(100)])
      .when(reserve('e1', 10))
      .then([reserved('e1', 10)]);
  });

  it('refuses an entry id the ledger has, in any status, as already existing', () => {
    const released: DonationEvent = {
      type: 'ReservationReleased',
      payload: { ...entry('e1', 10), reason: 'case closed' },
    };
    spec
      .given([donation(), received(100), reserved('e1', 10)])
      .when(reserve('e1', 10))
      .thenThrows(AlreadyExistsError);
    spec
      .given([donation(), received(100), reserved('e1', 10), released])
      .when(reserve('e1', 10))
      .thenThrows(/ledger entry e1 already exists/);
    spec
      .given([donation(), received(100), reserved('e1', 10), allocated('e1', 10)])
      .when({ kind: 'reverse', entryId: 'e1', reversalEntryId: 'e1', reason: 'x' })
      .thenThrows(AlreadyExistsError);
  });

  it('moves an entry through allocate, disburse and confirm, in that order only', () => {
    const h = [donation(), received(100), reserved('e1', 40)];
    spec
      .given(h)
      .when({ kind: 'allocate', entryId: 'e1' })
      .then([allocated('e1', 40)]);
    spec
      .given(h)
      .when({ kind: 'disburse', entryId: 'e1' })
      .thenThrows(/is reserved, not allocated/);
    spec.given(h).when({ kind: 'confirmReceipt', entryId: 'e1' }).thenThrows(IllegalStateError);
    spec.given(h).when({ kind: 'allocate', entryId: 'nope' }).thenThrows(NotFoundError);
  });

  it('releases a cancelled reservation so its amount is available again', () => {
    const h = [
      donation(),
      received(100),
      reserved('e1', 100),
      {
        type: 'ReservationReleased',
        payload: { ...entry('e1', 100), reason: 'need cancelled' },
      } as DonationEvent,
    ];
    spec
      .given(h)
      .when(reserve('e2', 100))
      .then([reserved('e2', 100)]);
  });

  it('reverses an allocation as a new entry and makes its amount available again', () => {
    const h = [donation(), received(100), reserved('e1', 100), allocated('e1', 100)];
    const reversal: DonationEvent = {
      type: 'AllocationReversed',
      payload: { ...entry('r1', 100), reversalOf: 'e1', fromStatus: 'allocated', reason: 'wrong need' },
    };
    spec
      .given(h)
      .when({ kind: 'reverse', entryId: 'e1', reversalEntryId: 'r1', reason: 'wrong need' })
      .then([reversal]);
    spec
      .given([...h, reversal])
      .when(reserve('e2', 100))
      .then([reserved('e2', 100)]);
    spec
      .given([...h, reversal])
      .when({ kind: 'reverse', entryId: 'e1', reversalEntryId: 'r2', reason: 'x' })
      .thenThrows(/is reversed/);
    const totals = totalsFromEvents([...h, reversal].map((e) => ({ ...e, streamId: 'donation-d1' })));
    expect(totals.fen).toMatchObject({ received: 100, reserved: 0, allocated: 0, reversed: 100 });
  });
});
