import { describe, it } from 'vitest';
import { deciderSpec } from '@fivesoc/eventing/testing';
import { place } from '../organization/fixtures.ts';
import { purchaseDecider } from './decider.ts';
import type { PurchaseEvent } from './events.ts';

const spec = deciderSpec(purchaseDecider, { now: new Date('2026-11-27T00:00:00Z') });
const published: PurchaseEvent = {
  type: 'PurchaseNeedPublished',
  payload: {
    projectId: 'p1',
    itemId: 'a',
    catalogueVersion: 1,
    title: 'Home care',
    place,
    budgetFen: 500_000,
    bidDeadline: '2026-12-31T00:00:00.000Z',
  },
};
const bid = (organizationId: string, priceFen = 400_000): PurchaseEvent => ({
  type: 'BidSubmitted',
  payload: { organizationId, priceFen, proposal: 'p' },
});

describe('purchase projects', () => {
  it('takes bids within the budget until the deadline, one per organization', () => {
    spec
      .given([published])
      .when({ kind: 'bid', organizationId: 'o1', priceFen: 400_000, proposal: 'p' })
      .then([bid('o1')]);
    spec
      .given([published])
      .when({ kind: 'bid', organizationId: 'o1', priceFen: 500_001, proposal: 'p' })
      .thenThrows(/above the budget/);
    spec
      .given([published, bid('o1')])
      .when({ kind: 'bid', organizationId: 'o1', priceFen: 1, proposal: 'p' })
      .thenThrows(/already bid/);
    deciderSpec(purchaseDecider, { now: new Date('2027-01-01T00:00:00Z') })
      .given([published])
      .when({ kind: 'bid', organizationId: 'o2', priceFen: 1, proposal: 'p' })
      .thenThrows(/deadline has passed/);
  });

  it('awards only after the bid deadline, and only an eligible bidder', () => {
    spec
      .given([published, bid('o1')])
      .when({ kind: 'award', organizationId: 'o1', eligible: true, reasons: [] })
      .thenThrows(/until the bid deadline/);
    const after = deciderSpec(purchaseDecider, { now: new Date('2027-01-01T00:00:00Z') });
    after
      .given([published, bid('o1')])
      .when({ kind: 'award', organizationId: 'o1', eligible: false, reasons: ['no valid evaluation'] })
      .thenThrows(/only an organization in the eligible catalogue/);
    after
      .given([published])
      .when({ kind: 'award', organizationId: 'o1', eligible: true, reasons: [] })
      .thenThrows(/did not bid/);
    after
      .given([published, bid('o1')])
      .when({ kind: 'award', organizationId: 'o1', eligible: true, reasons: [] })
      .then([{ type: 'PurchaseAwarded', payload: { organizationId: 'o1', priceFen: 400_000 } }]);
  });

  it('takes delivery from the awarded organization only, then an evaluation', () => {
    const awarded: PurchaseEvent = {
      type: 'PurchaseAwarded',
      payload: { organizationId: 'o1', priceFen: 400_000 },
    };
    spec
      .given([published, bid('o1'), awarded])
      .when({ kind: 'reportDelivery', organizationId: 'o2', summary: 's' })
      .thenThrows(/only the awarded/);
    spec
      .given([published, bid('o1'), awarded])
      .when({ kind: 'evaluate', score: 90, comment: 'c' })
      .thenThrows(/after delivery/);
    spec
      .given([published, bid('o1'), awarded, { type: 'DeliveryReported', payload: { summary: 's' } }])
      .when({ kind: 'evaluate', score: 90, comment: 'good' })
      .then([{ type: 'PurchaseEvaluated', payload: { score: 90, comment: 'good' } }]);
  });
});
