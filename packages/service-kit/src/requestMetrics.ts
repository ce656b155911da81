import type { Histogram } from '@opentelemetry/api';
import { DURATION_BUCKETS, meter } from './metrics.ts';

let http: Histogram | undefined;
let rpc: Histogram | undefined;

/** `http.server.request.duration` (seconds) by method, route template and status, as the HTTP semconv names them. */
export function recordHttpRequest(method: string, route: string | undefined, status: number, ms: number) {
  http ??= meter('@fivesoc/service-kit').createHistogram('http.server.request.duration', {
    unit: 's',
    description: 'Duration of HTTP server requests',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  http.record(ms / 1000, {
    'http.request.method': method,
    'http.response.status_code': status,
    'url.scheme': 'http',
    ...(route ? { 'http.route': route } : {}),
  });
}

/** `rpc.server.duration` (milliseconds) by service, method and gRPC status code, as the RPC semconv names them. */
export function recordRpcCall(service: string, method: string, code: number, ms: number) {
  rpc ??= meter('@fivesoc/service-kit').createHistogram('rpc.server.duration', {
    unit: 'ms',
    description: 'Duration of inbound RPCs',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS.map((s) => s * 1000) },
  });
  rpc.record(ms, {
    'rpc.system': 'grpc',
    'rpc.service': service,
    'rpc.method': method,
    'rpc.grpc.status_code': code,
  });
}

type Callback = (err: { code?: number } | null | undefined, ...rest: unknown[]) => void;
interface StreamCall {
  once(event: 'finish' | 'close', fn: () => void): unknown;
  once(event: 'error', fn: (err: { code?: number }) => void): unknown;
}

/**
 * Wraps every handler of a gRPC service implementation so each call records `rpc.server.duration`: unary
 * handlers (call, callback) by the status their callback answers, server streams (call) when they end.
 */
export function instrumentGrpc<T extends object>(service: string, impl: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(impl) as [string, (...a: unknown[]) => unknown][]) {
    const method = name.charAt(0).toUpperCase() + name.slice(1);
    out[name] =
      fn.length >= 2
        ? (call: unknown, callback: Callback) => {
            const t0 = performance.now();
            const answer: Callback = (err, ...rest) => {
              recordRpcCall(service, method, err ? (err.code ?? 2) : 0, performance.now() - t0);
              callback(err, ...rest);
            };
            return fn(call, answer);
          }
        : (call: StreamCall) => {
            const t0 = performance.now();
            let code = 0;
            let done = false;
            const end = () => {
              if (done) return;
              done = true;
              recordRpcCall(service, method, code, performance.now() - t0);
            };
            call.once('error', (err) => {
              code = err.code ?? 2;
              end();
            });
            call.once('finish', end);
            call.once('close', end);
            return fn(call);
          };
  }
  return out as T;
}
