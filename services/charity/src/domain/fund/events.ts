import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';
import { id, placeSchema, shortText, type PlaceOf } from '../shared.ts';

/** 专项资金, 社区基金会, project funds. */
export const FUND_KINDS = ['special_development_fund', 'community_foundation', 'project_fund'] as const;
export type FundKind = (typeof FUND_KINDS)[number];

export const fundEvents = [
  defineEvent({
    type: 'FundOpened',
    version: 1,
    schema: z.strictObject({ fundId: id, kind: z.enum(FUND_KINDS), name: shortText, ...placeSchema.shape }),
  }),
];

export interface FundOpenedPayload extends PlaceOf {
  fundId: string;
  kind: FundKind;
  name: string;
}
export type FundEvent = { type: 'FundOpened'; payload: FundOpenedPayload };

export const fundStreamId = (fundId: string) => `fund-${fundId}`;
