// The case fixture's places: a district with streets and communities no sample worker covers.

export const D = '330102';
/** Streets and communities no sample worker covers, so the saga never proposes workers for their cases. */
export const A = `${D}009`;
export const A1 = `${A}001`;
export const A2 = `${A}002`;
export const B = `${D}008`;
export const B1 = `${B}001`;

/** Saturday 2026-12-05, 10:00-12:00 in the district's time (UTC+8). */
export const SATURDAY = { startAt: '2026-12-05T02:00:00.000Z', endAt: '2026-12-05T04:00:00.000Z' };
