import type { CreditRecord } from './events.ts';

/** 诚信状况: good; warning (a negative record in the last two years); serious (on the serious-violation list). */
export type CreditStanding = 'good' | 'warning' | 'serious';

export const WARNING_WINDOW_DAYS = 730;

/**
 * The standing derived from the archive. A serious violation weighs until it is revoked (credit repair,
 * 信用修复); an ordinary negative record weighs for two years from its date; positive records
 * are kept for the archive but never offset a negative one.
 */
export function creditStanding(
  archive: readonly (CreditRecord & { revokedReason?: string })[],
  now: Date,
): CreditStanding {
  const records = archive.filter((r) => r.revokedReason === undefined);
  if (records.some((r) => r.polarity === 'negative' && r.serious)) return 'serious';
  const since = now.getTime() - WARNING_WINDOW_DAYS * 86_400_000;
  const recent = records.some(
    (r) => r.polarity === 'negative' && Date.parse(r.date) >= since && Date.parse(r.date) <= now.getTime(),
  );
  return recent ? 'warning' : 'good';
}
