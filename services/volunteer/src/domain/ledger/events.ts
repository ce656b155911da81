import { z } from 'zod';
import { defineEvent } from '@fivesoc/eventing';
import { HOURS_NATURES, type HoursNature } from '../rules/rules.ts';
import { instantSchema } from '../shared.ts';

/**
 * The service-hours ledger (志愿服务时长记录) of one volunteer: append-only. Time is kept in whole minutes
 * (never floats); an entry is never edited, a mistake is undone by a reversing entry.
 */
const entryId = z.string().regex(/^h\d{1,6}$/);
export const ledgerEvents = [
  defineEvent({
    type: 'HoursRecorded',
    version: 1,
    schema: z.strictObject({
      entryId,
      taskId: z.string().max(80),
      minutes: z.number().int().min(1).max(1440),
      recordedAt: instantSchema,
      recordedBy: z.string().max(100),
      /** Absent on entries recorded before natures existed: those are voluntary. */
      nature: z.enum(HOURS_NATURES).optional(),
    }),
  }),
  defineEvent({
    type: 'HoursConfirmed',
    version: 1,
    schema: z.strictObject({ entryId, confirmedAt: instantSchema }),
  }),
  defineEvent({
    type: 'HoursReversed',
    version: 1,
    schema: z.strictObject({
      entryId,
      reversesEntryId: entryId,
      minutes: z.number().int().min(1).max(1440),
      reason: z.string().min(1).max(200),
      recordedAt: instantSchema,
      recordedBy: z.string().max(100),
    }),
  }),
  /**
   * 迁移: the confirmed hours a volunteer had in the district's earlier registry, as one opening entry
   * (confirmed as of `asOf`, the registry's date). It counts like confirmed service hours, for stars too.
   */
  defineEvent({
    type: 'OpeningBalanceMigrated',
    version: 1,
    schema: z.strictObject({
      entryId,
      minutes: z.number().int().min(1).max(6_000_000),
      asOf: instantSchema,
      recordedAt: instantSchema,
      recordedBy: z.string().max(100),
    }),
  }),
];

export interface OpeningBalance {
  entryId: string;
  minutes: number;
  asOf: string;
  recordedAt: string;
  recordedBy: string;
}

export interface Recorded {
  entryId: string;
  taskId: string;
  minutes: number;
  recordedAt: string;
  recordedBy: string;
  nature?: HoursNature;
}
export interface Reversed {
  entryId: string;
  reversesEntryId: string;
  minutes: number;
  reason: string;
  recordedAt: string;
  recordedBy: string;
}
export type LedgerEvent =
  | { type: 'HoursRecorded'; payload: Recorded }
  | { type: 'HoursConfirmed'; payload: { entryId: string; confirmedAt: string } }
  | { type: 'HoursReversed'; payload: Reversed }
  | { type: 'OpeningBalanceMigrated'; payload: OpeningBalance };
