import type { Db } from 'mongodb';
import type { LedgerTotals } from '../domain/donation/index.ts';

/** Query models of this service (its own database), fed from its own topic. No personal data in any. */
export interface DonorRow {
  _id: string;
  kind: string;
  /** Enterprises' and organizations' names only: a person's name is never in a query model. */
  publicName?: string;
  disclosureConsent: boolean;
  districtCode: string;
  streetCode?: string;
  communityCode?: string;
}

export interface FundRow {
  _id: string;
  kind: string;
  name: string;
  districtCode: string;
}

export interface DonationRow extends LedgerTotals {
  _id: string;
  donorId: string;
  donorKind: string;
  fundId: string | null;
  kind: string;
  measure: string;
  pledged: number;
  restrictionCommunityCode: string | null;
  restrictionCategory: string | null;
  districtCode: string;
  streetCode?: string;
  communityCode?: string;
  registeredAt: string;
}

/** One row per ledger event, with the target it was for: where the resources went. */
export interface LedgerRow {
  _id: string;
  donationId: string;
  fundId: string | null;
  measure: string;
  type: string;
  entryId: string;
  quantity: number;
  needId: string;
  communityCode: string;
  category: string;
  occurredAt: string;
}

export const collections = (db: Db) => ({
  donors: db.collection<DonorRow>('donors_view'),
  funds: db.collection<FundRow>('funds_view'),
  donations: db.collection<DonationRow>('donations_view'),
  ledger: db.collection<LedgerRow>('ledger_view'),
});
