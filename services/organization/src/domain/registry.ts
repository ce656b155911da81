import { createEventRegistry } from '@fivesoc/eventing';
import { guidanceContracts } from './guidance/events.ts';
import { organizationContracts } from './organization/events.ts';
import { purchaseContracts } from './purchase/events.ts';
import { referralContracts } from './referral/events.ts';
import { rulesContracts } from './rules/rules.ts';
import { ventureContracts } from './venture/events.ts';

/** Every event this service stores and publishes. */
export const organizationRegistry = createEventRegistry([
  ...organizationContracts,
  ...guidanceContracts,
  ...purchaseContracts,
  ...referralContracts,
  ...rulesContracts,
  ...ventureContracts,
]);

/** Stream ids, one prefix per aggregate (the guidance catalogue is the one stream `guidance-catalogue`). */
export const streams = {
  organization: (organizationId: string) => `organization-${organizationId}`,
  purchase: (projectId: string) => `purchase-${projectId}`,
  referral: (referralId: string) => `referral-${referralId}`,
  /** A district's local rules (rating bands, catalogue threshold, residents' share). */
  rules: (districtCode: string) => `rules-${districtCode}`,
  /** A venture-philanthropy project (公益创投). */
  venture: (projectId: string) => `venture-${projectId}`,
};
