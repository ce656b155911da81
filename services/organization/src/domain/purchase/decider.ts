import type { Decider } from '@fivesoc/eventing';
import { IllegalStateError } from '@fivesoc/service-kit';
import type { OrgPlace } from '../organization/values.ts';
import type { PurchaseEvent } from './events.ts';

/** A purchase project (政府购买服务项目): publish a need → bids → award → delivery → evaluation. */
export interface PurchaseState {
  status: 'none' | 'open' | 'awarded' | 'delivered' | 'evaluated';
  place?: OrgPlace;
  budgetFen?: number;
  bidDeadline?: string;
  bids: { organizationId: string; priceFen: number }[];
  awardedTo?: string;
}

export type PurchaseCommand =
  | { kind: 'publishNeed'; need: Extract<PurchaseEvent, { type: 'PurchaseNeedPublished' }>['payload'] }
  | { kind: 'bid'; organizationId: string; priceFen: number; proposal: string }
  /** `eligible` is the bidder's catalogue eligibility, checked by the caller when it awards. */
  | { kind: 'award'; organizationId: string; eligible: boolean; reasons: string[] }
  | { kind: 'reportDelivery'; organizationId: string; summary: string }
  | { kind: 'evaluate'; score: number; comment: string };

export const purchaseDecider: Decider<PurchaseState, PurchaseCommand, PurchaseEvent> = {
  initialState: () => ({ status: 'none', bids: [] }),
  decide(c, s, ctx) {
    switch (c.kind) {
      case 'publishNeed':
        if (s.status !== 'none') throw new IllegalStateError('this project is already published');
        if (Date.parse(c.need.bidDeadline) <= ctx.now.getTime())
          throw new IllegalStateError('the bid deadline must be in the future');
        return [{ type: 'PurchaseNeedPublished', payload: c.need }];
      case 'bid':
        if (s.status !== 'open') throw new IllegalStateError(`bids are closed (${s.status})`);
        if (ctx.now.toISOString() >= s.bidDeadline!)
          throw new IllegalStateError('the bid deadline has passed');
        if (s.bids.some((b) => b.organizationId === c.organizationId))
          throw new IllegalStateError('this organization has already bid');
        if (c.priceFen > s.budgetFen!)
          throw new IllegalStateError('the price is above the budget', { budgetFen: s.budgetFen });
        return [
          {
            type: 'BidSubmitted',
            payload: { organizationId: c.organizationId, priceFen: c.priceFen, proposal: c.proposal },
          },
        ];
      case 'award': {
        if (s.status !== 'open') throw new IllegalStateError(`nothing to award (${s.status})`);
        // Bids are compared once they are all in: an award before the deadline would shut out later bidders.
        if (ctx.now.toISOString() < s.bidDeadline!)
          throw new IllegalStateError('bids are open until the bid deadline: award after it', {
            bidDeadline: s.bidDeadline,
          });
        const bid = s.bids.find((b) => b.organizationId === c.organizationId);
        if (!bid) throw new IllegalStateError(`organization ${c.organizationId} did not bid`);
        if (!c.eligible)
          throw new IllegalStateError('only an organization in the eligible catalogue can be awarded', {
            reasons: c.reasons,
          });
        return [
          { type: 'PurchaseAwarded', payload: { organizationId: c.organizationId, priceFen: bid.priceFen } },
        ];
      }
      case 'reportDelivery':
        if (s.status !== 'awarded') throw new IllegalStateError(`nothing to deliver (${s.status})`);
        if (s.awardedTo !== c.organizationId)
          throw new IllegalStateError('only the awarded organization reports delivery');
        return [{ type: 'DeliveryReported', payload: { summary: c.summary } }];
      case 'evaluate':
        if (s.status !== 'delivered') throw new IllegalStateError(`evaluate after delivery (${s.status})`);
        return [{ type: 'PurchaseEvaluated', payload: { score: c.score, comment: c.comment } }];
      default: {
        const unreachable: never = c;
        return unreachable;
      }
    }
  },
  evolve(s, e) {
    switch (e.type) {
      case 'PurchaseNeedPublished':
        return {
          ...s,
          status: 'open',
          place: e.payload.place,
          budgetFen: e.payload.budgetFen,
          bidDeadline: e.payload.bidDeadline,
        };
      case 'BidSubmitted':
        return {
          ...s,
          bids: [...s.bids, { organizationId: e.payload.organizationId, priceFen: e.payload.priceFen }],
        };
      case 'PurchaseAwarded':
        return { ...s, status: 'awarded', awardedTo: e.payload.organizationId };
      case 'DeliveryReported':
        return { ...s, status: 'delivered' };
      case 'PurchaseEvaluated':
        return { ...s, status: 'evaluated' };
      default: {
        const unreachable: never = e;
        return unreachable;
      }
    }
  },
};
