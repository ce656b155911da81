import { z } from 'zod';
import { ValidationError } from './errors.ts';

/** Query string of a list route: `limit` (1-200, default 50) and an opaque `cursor` from the last page. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

/**
 * Stable cursors: the page's last sort value and `_id`, so paging stays right while records are added.
 * Opaque to clients (base64url JSON).
 */
export interface CursorPosition {
  sort: string | number | null;
  id: string;
}

export const encodeCursor = (p: CursorPosition): string =>
  Buffer.from(JSON.stringify(p)).toString('base64url');

export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const p = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as CursorPosition;
    if (typeof p.id !== 'string') throw new Error('no id');
    return p;
  } catch {
    throw new ValidationError('query.cursor', 'is not a cursor this service gave out');
  }
}

/**
 * A filter for "after the cursor" in ascending order of (`field`, `_id`), to combine with the list's own
 * filter by `$and`.
 */
export function afterCursor(field: string, c: CursorPosition | undefined): Record<string, unknown> {
  if (!c) return {};
  return { $or: [{ [field]: { $gt: c.sort } }, { [field]: c.sort, _id: { $gt: c.id } }] };
}

/** Takes `limit + 1` rows, returns `limit` of them and the cursor for the next page if there is one. */
export function page<T extends { _id: string }>(
  rows: T[],
  limit: number,
  sortOf: (row: T) => string | number | null,
) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeCursor({ sort: sortOf(last), id: last._id }) : undefined;
  return { items, ...(nextCursor ? { nextCursor } : {}) };
}

/** The body of a paged list answer: the items and, when there are more, the cursor of the next page. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });
