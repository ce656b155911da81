import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('@fivesoc/service-kit');

/**
 * `fetch` in an HTTP CLIENT span that continues the active trace and carries it to the server in a W3C
 * `traceparent` header (Node's fetch is not covered by the http instrumentation). The span is named by
 * method and path template (segments holding digits become `{id}`, a version like `v1` stays), the query is never recorded.
 */
export async function tracedFetch(url: URL, init: RequestInit & { method: string }): Promise<Response> {
  const template = url.pathname.replace(/\/(?!v\d+(?=\/|$))[^/]*\d[^/]*(?=\/|$)/g, '/{id}');
  const span = tracer.startSpan(`${init.method} ${template}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': init.method,
      'server.address': url.hostname,
      'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      'url.full': `${url.origin}${url.pathname}`,
      'url.template': template,
    },
  });
  const headers = new Headers(init.headers);
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  for (const [k, v] of Object.entries(carrier)) headers.set(k, v);
  try {
    const res = await fetch(url, { ...init, headers });
    span.setAttribute('http.response.status_code', res.status);
    if (res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    return res;
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}
