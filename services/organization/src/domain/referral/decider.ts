import type { Decider } from '@fivesoc/eventing';
import { AlreadyExistsError, IllegalStateError } from '@fivesoc/service-kit';
import { creditStanding } from '../organization/credit.ts';
import type { OrganizationState } from '../organization/state.ts';
import type { ReferralEvent, ReferralReceived } from './events.ts';

/** 转介: received → accepted | declined (by the organization) | cancelled (by the referrer). */
export type ReferralStatus = 'none' | 'received' | 'accepted' | 'declined' | 'cancelled';
type Closed = Exclude<ReferralStatus, 'none' | 'received'>;

export interface ReferralState {
  status: ReferralStatus;
  referral?: ReferralReceived;
  /** Why it was declined or cancelled. */
  reason?: string;
}

/** What the decider needs to know of the organization a referral goes to, read by the caller. */
export type OrganizationStanding = Pick<OrganizationState, 'id' | 'registration' | 'activity' | 'credit'>;

export type ReferralCommand =
  | {
      kind: 'receive';
      referral: Omit<ReferralReceived, 'receivedAt'>;
      organization: OrganizationStanding;
    }
  | { kind: 'accept' }
  | { kind: 'decline'; reason: string }
  | { kind: 'cancel'; reason: string };

/** Why an organization cannot take a referral now, or undefined when it can. */
export function refusalOf(
  o: OrganizationStanding,
  now: Date,
): { reason: string; message: string } | undefined {
  if (o.registration !== 'registered' && o.registration !== 'filed')
    return {
      reason: 'not_registered',
      message: `organization ${o.id} is not registered or filed (${o.registration})`,
    };
  if (o.activity !== 'normal')
    return {
      reason: 'not_active',
      message: `organization ${o.id} is not in normal activity (${o.activity})`,
    };
  if (creditStanding(o.credit, now) === 'serious')
    return {
      reason: 'serious_violation',
      message: `organization ${o.id} is on the serious-violation list (an unrevoked serious negative credit record)`,
    };
  return undefined;
}

function receive(
  c: Extract<ReferralCommand, { kind: 'receive' }>,
  s: ReferralState,
  now: Date,
): ReferralEvent[] {
  if (s.status !== 'none') throw new AlreadyExistsError('referral', c.referral.referralId);
  const refusal = refusalOf(c.organization, now);
  if (refusal) throw new IllegalStateError(refusal.message, { reason: refusal.reason });
  return [{ type: 'ReferralReceived', payload: { ...c.referral, receivedAt: now.toISOString() } }];
}

/** Closing an already closed referral the same way changes nothing (a retry); another way is refused. */
function close(s: ReferralState, to: Closed, event: (r: ReferralReceived) => ReferralEvent): ReferralEvent[] {
  if (s.status === to) return [];
  if (s.status === 'none' || !s.referral) throw new IllegalStateError('this referral was never received');
  // The referrer may still withdraw an accepted referral (its case closed or dropped the item).
  const open = s.status === 'received' || (to === 'cancelled' && s.status === 'accepted');
  if (!open)
    throw new IllegalStateError(`only a received referral can be ${to}; this one is ${s.status}`, {
      status: s.status,
    });
  return [event(s.referral)];
}

const ids = ({ referralId, organizationId, caseId, itemId }: ReferralReceived) => ({
  referralId,
  organizationId,
  caseId,
  itemId,
});

/** One referral's stream (`referral-<referralId>`). */
export const referralDecider: Decider<ReferralState, ReferralCommand, ReferralEvent> = {
  initialState: () => ({ status: 'none' }),
  decide(c, s, { now }) {
    switch (c.kind) {
      case 'receive':
        return receive(c, s, now);
      case 'accept':
        return close(s, 'accepted', (r) => ({ type: 'ReferralAccepted', payload: ids(r) }));
      case 'decline':
        return close(s, 'declined', (r) => ({
          type: 'ReferralDeclined',
          payload: { ...ids(r), reason: c.reason },
        }));
      case 'cancel':
        return close(s, 'cancelled', (r) => ({
          type: 'ReferralCancelled',
          payload: { ...ids(r), reason: c.reason },
        }));
      default: {
        const unreachable: never = c;
        return unreachable;
      }
    }
  },
  evolve(s, e) {
    switch (e.type) {
      case 'ReferralReceived':
        return { status: 'received', referral: e.payload };
      case 'ReferralAccepted':
        return { ...s, status: 'accepted' };
      case 'ReferralDeclined':
        return { ...s, status: 'declined', reason: e.payload.reason };
      case 'ReferralCancelled':
        return { ...s, status: 'cancelled', reason: e.payload.reason };
      default: {
        const unreachable: never = e;
        return unreachable;
      }
    }
  },
};
