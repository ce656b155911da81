import { createHash, randomUUID } from 'node:crypto';
import { context, propagation } from '@opentelemetry/api';
import type { FastifyRequest } from 'fastify';
import { commandMetadata } from './history.ts';
import { commandHeaders } from './http-commands.ts';

/** The active trace context as W3C headers, stored with an append so the relay can continue the trace. */
export function activeTraceHeaders(): { traceparent?: string; tracestate?: string } {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return {
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  };
}

/**
 * What a command carries from its request besides its body: the time it is decided at, who asked and why
 * (request id, token subject and roles, the route, the trace), and the caller's `If-Match` and
 * `Idempotency-Key`. It is the options eventing's `handleCommand` and command handlers take.
 */
export interface CommandContext {
  now: Date;
  metadata: ReturnType<typeof commandMetadata> & { traceparent?: string; tracestate?: string };
  /** From `If-Match`: a stale version is a 409, never retried. */
  expectedVersion?: number;
  /** From `Idempotency-Key`: a repeat gets the first answer, and a new record the same id. */
  idempotencyKey?: string;
}

/**
 * The request's command context, in one place. `headers: false` leaves `If-Match` and `Idempotency-Key`
 * out, for a command whose route does not offer them (a bad value is then not even looked at).
 */
export function commandContext(req: FastifyRequest, opts: { headers?: boolean } = {}): CommandContext {
  return {
    now: new Date(),
    metadata: { ...commandMetadata(req), ...activeTraceHeaders() },
    ...(opts.headers === false ? {} : commandHeaders(req)),
  };
}

/**
 * The id a creating command gives its new record. With an Idempotency-Key it is derived from the caller
 * and the key (`k` + 31 hex of sha256(`subject|key`)), so a retried create lands on the same stream and
 * the store answers as the first time; without one, a random UUID. A `kind` (`t` for a task) prefixes
 * `<kind>-` and then 32 hex of the same digest (or the UUID).
 */
export function newRecordId(
  ctx: { metadata: { actor?: string }; idempotencyKey?: string | undefined },
  kind?: string,
): string {
  const key = ctx.idempotencyKey;
  const prefix = kind === undefined ? '' : `${kind}-`;
  if (key === undefined) return `${prefix}${randomUUID()}`;
  const digest = createHash('sha256')
    .update(`${ctx.metadata.actor ?? ''}|${key}`)
    .digest('hex');
  return kind === undefined ? `k${digest.slice(0, 31)}` : `${prefix}${digest.slice(0, 32)}`;
}
