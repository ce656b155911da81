import type { Decider } from '@fivesoc/eventing';
import { assertCreditCode, IllegalStateError, NotFoundError, ValidationError } from '@fivesoc/service-kit';
import type { DonorEvent, DonorRegisteredPayload } from './events.ts';

export type DonorState = { registered: false } | ({ registered: true } & DonorRegisteredPayload);

export type DonorCommand =
  | { kind: 'register'; donor: DonorRegisteredPayload }
  | { kind: 'setDisclosureConsent'; disclosureConsent: boolean };

function register(d: DonorRegisteredPayload): DonorEvent[] {
  if (d.kind === 'person' && (!d.personal || d.name || d.creditCode))
    throw new ValidationError('body.person', 'a person is registered with sealed personal data only');
  if (d.kind !== 'person' && (d.personal || !d.name))
    throw new ValidationError('body.name', 'an enterprise or organization is registered by its name');
  if (d.kind === 'enterprise' && !d.creditCode)
    throw new ValidationError('body.creditCode', 'an enterprise needs its unified social credit code');
  // The same GB 32100 rule as organization registrations (the check character included).
  if (d.creditCode) assertCreditCode(d.creditCode, 'body.creditCode');
  return [{ type: 'DonorRegistered', payload: d }];
}

/** A donor (捐赠人): registered once; their consent to public disclosure can change at any time. */
export const donorDecider: Decider<DonorState, DonorCommand, DonorEvent> = {
  initialState: () => ({ registered: false }),
  decide(command, state) {
    switch (command.kind) {
      case 'register':
        if (state.registered) throw new IllegalStateError('the donor is already registered');
        return register(command.donor);
      case 'setDisclosureConsent':
        if (!state.registered) throw new NotFoundError('donor', '?');
        if (state.disclosureConsent === command.disclosureConsent) return [];
        return [
          {
            type: 'DisclosureConsentChanged',
            payload: { donorId: state.donorId, disclosureConsent: command.disclosureConsent },
          },
        ];
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'DonorRegistered':
        return { registered: true, ...event.payload };
      case 'DisclosureConsentChanged':
        return state.registered ? { ...state, disclosureConsent: event.payload.disclosureConsent } : state;
      default:
        return state;
    }
  },
};
