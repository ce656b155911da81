import type { Decider } from '@fivesoc/eventing';
import type { OrganizationCommand } from './commands.ts';
import type { OrganizationEvent } from './events.ts';
import { dueTransitions } from './lifecycle.ts';
import { migrateOrganization } from './migration.ts';
import {
  addCreditRecord,
  designateHub,
  fileAnnualReport,
  recordEvaluation,
  revokeCreditRecord,
} from './records.ts';
import { approve, fileCommunityOrganization, preApprove, reject, submitApplication } from './registration.ts';
import { evolve, initialState, type OrganizationState } from './state.ts';

export type { OrganizationCommand } from './commands.ts';

/** One organization's stream: registration, credit archive, reports and lifecycle, evaluations, hub role. */
export const organizationDecider: Decider<OrganizationState, OrganizationCommand, OrganizationEvent> = {
  initialState,
  evolve,
  decide(c, s, { now }) {
    switch (c.kind) {
      case 'submitApplication':
        return submitApplication(c, s);
      case 'preApprove':
        return preApprove(c, s);
      case 'approve':
        return approve(s, now);
      case 'reject':
        return reject(c, s);
      case 'fileCommunityOrganization':
        return fileCommunityOrganization(c, s, now);
      case 'addCreditRecord':
        return addCreditRecord(c, s);
      case 'revokeCreditRecord':
        return revokeCreditRecord(c, s);
      case 'fileAnnualReport':
        return fileAnnualReport(c, s, now);
      case 'applyDueTransitions':
        return dueTransitions(s, now, c.config);
      case 'recordEvaluation':
        return recordEvaluation(c, s, now);
      case 'designateHub':
        return designateHub(c, s);
      case 'migrateOrganization':
        return migrateOrganization(c, s, now);
      default: {
        const unreachable: never = c;
        return unreachable;
      }
    }
  },
};
