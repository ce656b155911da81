import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

export const tracer = trace.getTracer('@fivesoc/eventing');

/** The active trace context as W3C headers: the service kit's, which a request's command context carries. */
export { activeTraceHeaders } from '@fivesoc/service-kit';

/** A context whose parent is the stored traceparent (or a fresh root when there is none). */
export function contextFrom(carrier: {
  traceparent?: string | undefined;
  tracestate?: string | undefined;
}): Context {
  const c: Record<string, string> = {};
  if (carrier.traceparent) c.traceparent = carrier.traceparent;
  if (carrier.tracestate) c.tracestate = carrier.tracestate;
  return propagation.extract(ROOT_CONTEXT, c);
}

/** Kafka header values arrive as Buffers (or arrays of them); the propagator wants strings. */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = first.toString();
  }
  return out;
}

/** Links to the traces that carried each message (at most `max`): one step answering several causes. */
export function linksFrom(messages: readonly { headers?: IHeaders | undefined }[], max = 128): Link[] {
  const out: Link[] = [];
  for (const m of messages) {
    if (out.length >= max) break;
    const sc = trace.getSpanContext(contextFrom(headersToStrings(m.headers)));
    if (sc && trace.isSpanContextValid(sc)) out.push({ context: sc });
  }
  return out;
}

/** Injects a span's context into message headers, as OpenTelemetry's kafkajs instrumentation does. */
export function injectInto(span: Span, headers: Record<string, string>): void {
  propagation.inject(trace.setSpan(context.active(), span), headers);
}

/** Runs `fn` in a span that records errors and always ends (trigger.dev's startSpan habit). */
export async function inSpan<T>(
  name: string,
  opts: {
    kind?: SpanKind;
    parent?: Context;
    attributes?: Record<string, string | number>;
    /** The causes of a step that answers several (a batch of events, a timer set by another trace). */
    links?: Link[];
  },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = opts.parent ?? context.active();
  const span = tracer.startSpan(
    name,
    {
      kind: opts.kind ?? SpanKind.INTERNAL,
      attributes: opts.attributes ?? {},
      ...(opts.links ? { links: opts.links } : {}),
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}

export { SpanKind };
