import { z } from 'zod';
import { PoisonMessageError, type EventEnvelope } from '@fivesoc/eventing';

/**
 * Linkage's own reading of the societies' events: only the fields it uses, as plain (non-strict)
 * objects, so a society adding a field never breaks linkage. Bounded like every input.
 */
export const code = (digits: number) => z.string().regex(new RegExp(`^\\d{${digits}}$`));
export const districtCode = code(6);
export const streetCode = code(9);
export const communityCode = code(12);
export const id = z.string().min(1).max(200);
export const text = z.string().max(2000);
export const instant = z.string().max(40);
export const place = z.object({ districtCode, streetCode, communityCode });

/** Schemas by event type; a type missing from the map is not read (societies may add events). */
export type Contract = Record<string, z.ZodType>;

/** The payload read with its schema; a malformed one can never be handled, so it is dead-lettered. */
export function payloadOf<S extends z.ZodType>(schema: S, event: EventEnvelope): z.infer<S> {
  const r = schema.safeParse(event.payload);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const at = ['payload', ...(issue?.path ?? [])].join('.');
  throw new PoisonMessageError(`${event.type}: ${at} ${issue?.message ?? 'is invalid'}`);
}
