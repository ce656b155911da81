import { createServer, type Server } from 'node:http';
import { metrics, type Meter } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { AggregationType, MeterProvider } from '@opentelemetry/sdk-metrics';

/** Seconds buckets the OpenTelemetry HTTP and RPC semantic conventions recommend for durations. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

let exporter: PrometheusExporter | undefined;

/**
 * The process's meter provider, read by Prometheus: registered once, before any instrument is made (the
 * metrics API has no proxy, so a meter taken earlier would stay a no-op). The HTTP instrumentation's own
 * duration metrics are dropped: the kit records `http.server.request.duration` with the fastify route.
 */
export function ensureMetrics(): PrometheusExporter {
  if (exporter) return exporter;
  exporter = new PrometheusExporter({
    preventServerStart: true,
    withoutScopeInfo: true,
    // Prometheus labels each target itself (job, instance); the SDK's target_info would only say node.
    withoutTargetInfo: true,
  });
  metrics.setGlobalMeterProvider(
    new MeterProvider({
      readers: [exporter],
      views: [
        {
          meterName: '@opentelemetry/instrumentation-http',
          instrumentName: '*',
          aggregation: { type: AggregationType.DROP },
        },
      ],
    }),
  );
  return exporter;
}

/** A meter of the process's provider (made on first use, after `ensureMetrics`). */
export function meter(name: string): Meter {
  ensureMetrics();
  return metrics.getMeter(name);
}

export interface MetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `GET /metrics` in the Prometheus text format on its own port (loopback by default: expose deliberately). */
export async function startMetricsServer(host: string, port: number): Promise<MetricsServer> {
  const exp = ensureMetrics();
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/metrics') {
      exp.getMetricsRequestHandler(req, res);
      return;
    }
    res.statusCode = 404;
    res.setHeader('content-type', 'text/plain');
    res.end('only GET /metrics here\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as { port: number }).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    port: bound,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The metrics port a service uses: METRICS_PORT, else its HTTP port + 1000 (0 stays 0: a free port). */
export function metricsPortOf(config: { HTTP_PORT: number; METRICS_PORT?: number | undefined }): number {
  if (config.METRICS_PORT !== undefined) return config.METRICS_PORT;
  return config.HTTP_PORT === 0 ? 0 : config.HTTP_PORT + 1000;
}
