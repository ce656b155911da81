import type { FastifyRequest } from 'fastify';
import { ValidationError } from './errors.ts';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * What a command route reads from the request besides its body:
 * - `If-Match: "3"` (or `W/"3"`, or `3`): the version the caller decided on; a stale one gives 409;
 * - `Idempotency-Key: <1-200 of A-Z a-z 0-9 . _ : ->`: a repeat gives the first answer.
 * Bad values are refused with 400 naming the header.
 */
export function commandHeaders(req: FastifyRequest): { expectedVersion?: number; idempotencyKey?: string } {
  const out: { expectedVersion?: number; idempotencyKey?: string } = {};
  const ifMatch = req.headers['if-match'];
  if (ifMatch !== undefined) {
    const m = /^(?:W\/)?"?(\d{1,12})"?$/.exec(String(ifMatch).trim());
    if (!m) throw new ValidationError('headers.if-match', 'must be a version number, e.g. "3"');
    out.expectedVersion = Number(m[1]);
  }
  const key = req.headers['idempotency-key'];
  if (key !== undefined) {
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
      throw new ValidationError('headers.idempotency-key', 'must be 1 to 200 of A-Z a-z 0-9 . _ : -');
    }
    out.idempotencyKey = key;
  }
  return out;
}

/** The ETag a response carries for a stream at `version`, so the next command can send it as If-Match. */
export const etagOf = (version: number): string => `"${version}"`;
