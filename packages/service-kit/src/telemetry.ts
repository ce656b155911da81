import { NodeSDK } from '@opentelemetry/sdk-node';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import type { Instrumentation } from '@opentelemetry/instrumentation';

let sdk: NodeSDK | undefined;

/**
 * Starts the OpenTelemetry SDK. Exporters come from the standard OTEL_* variables (OTEL_TRACES_EXPORTER,
 * OTEL_METRICS_EXPORTER, OTEL_EXPORTER_OTLP_ENDPOINT …) and are off unless set. Spans are still recorded
 * when no exporter is set, so trace context keeps flowing through HTTP, Kafka headers and log lines.
 *
 * Kafka is traced by eventing itself, not by the kafkajs instrumentation: that one starts each message's
 * PRODUCER span from the context active at `send` and writes its traceparent over the one the relay set,
 * so every relayed event began a new trace (the relay sends events of many requests in one batch).
 */
export function startTelemetry(serviceName: string, extra: Instrumentation[] = []): NodeSDK {
  if (sdk) return sdk;
  process.env.OTEL_SERVICE_NAME ??= `fivesoc-${serviceName}`;
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const tracesExporter = process.env.OTEL_TRACES_EXPORTER;
  const exportTraces = tracesExporter !== undefined && tracesExporter !== '' && tracesExporter !== 'none';
  sdk = new NodeSDK({
    // Without an exporter the SDK would register no tracer provider at all; a no-op processor keeps spans
    // (and so trace ids in logs and Kafka headers) alive while exporting nothing.
    ...(exportTraces ? {} : { spanProcessors: [new NoopSpanProcessor()] }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => req.url === '/healthz' || req.url === '/readyz',
      }),
      new MongoDBInstrumentation({ dbStatementSerializer: commandShape }),
      new PinoInstrumentation(),
      ...extra,
    ],
  });
  sdk.start();
  return sdk;
}

/**
 * A command's shape for `db.query.text`: its top-level fields, each value only as `?`, `{…}` or `[n]`.
 * The instrumentation's default walks the whole command (every inserted document) through
 * `JSON.stringify`; under load that was the costliest line of a request in community's profile.
 */
export function commandShape(cmd: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(cmd)) {
    const shape = Array.isArray(v) ? `[${v.length}]` : v !== null && typeof v === 'object' ? '{…}' : '?';
    parts.push(`"${k}":${shape}`);
  }
  return `{${parts.join(',')}}`;
}

export async function stopTelemetry(): Promise<void> {
  const s = sdk;
  sdk = undefined;
  await s?.shutdown();
}
