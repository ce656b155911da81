import { z } from 'zod';

/** Codes of the district → street → community tree (6, 9 and 12 digits). */
export const districtCode = z.string().regex(/^\d{6}$/, 'a district code is 6 digits');
export const streetCode = z.string().regex(/^\d{9}$/, 'a street code is 9 digits');
export const communityCode = z.string().regex(/^\d{12}$/, 'a community code is 12 digits');

/** Where a record sits, for data scoping (`assertInScope`, `scopeFilter`). */
export const placeSchema = z.strictObject({
  districtCode,
  streetCode: streetCode.optional(),
  communityCode: communityCode.optional(),
});
export type PlaceOf = z.infer<typeof placeSchema>;

export const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - (1-64)');
export const shortText = z.string().trim().min(1).max(200);
/** A need category as the community service names it (elder_care, education …). */
export const category = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case words joined by _');

/** Money is integer fen (分), never floating point; 10^12 fen is ten billion yuan. */
export const MAX_FEN = 1_000_000_000_000;
export const fen = z.number().int().min(1).max(MAX_FEN);
export const goodsQuantity = z.number().int().min(1).max(1_000_000_000);
export const serviceHours = z.number().int().min(1).max(1_000_000);
/** Any ledger quantity: fen, a goods count or hours. */
export const quantity = z.number().int().min(1).max(MAX_FEN);
