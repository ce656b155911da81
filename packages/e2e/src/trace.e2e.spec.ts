import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useInfra } from '@fivesoc/test-support';
import { loadScenario, reportNeed } from './caseFlow/scenario.ts';
import { System } from './caseFlow/system.ts';
import { freePort, waitFor } from './processes.ts';

// One trace per flow, across the six services as their own processes: every span they record is exported
// over OTLP/HTTP JSON to a receiver this test runs, and the need's trace is followed span by span from
// community's HTTP request to social-worker assigning the worker. Then the case's flow as ops read it.

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
  service: string;
}
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

const spans: OtlpSpan[] = [];
let receiver: Server;
let sys: System;

function collect(body: string): void {
  const doc = JSON.parse(body) as {
    resourceSpans?: {
      resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
      scopeSpans?: { spans?: Omit<OtlpSpan, 'service'>[] }[];
    }[];
  };
  for (const rs of doc.resourceSpans ?? []) {
    const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
    for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) spans.push({ ...s, service });
  }
}

beforeAll(async () => {
  const port = await freePort();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') collect(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => receiver.listen(port, '127.0.0.1', () => r()));
  Object.assign(process.env, {
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${port}/v1/traces`,
    OTEL_BSP_SCHEDULE_DELAY: '200',
  });
  sys = new System(useInfra());
  await sys.start();
}, 600_000);
afterAll(async () => {
  await sys?.stop();
  receiver?.close();
  for (const k of [
    'OTEL_TRACES_EXPORTER',
    'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
    'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  ])
    delete process.env[k];
});

const attr = (s: OtlpSpan, key: string) => {
  const v = s.attributes?.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue !== undefined ? String(v.intValue) : undefined);
};
/** The case saga's consumer groups: `<db>.case-saga` (the societies' events) and `<db>.case-saga.cases`. */
const isSagaGroup = (group: string | undefined) => /\.case-saga(\.cases)?$/.test(group ?? '');
const byId = (id: string | undefined) => spans.find((s) => s.spanId === id);
/** True when `ancestor` is `s` or on its parent chain (the spans between are the services' own). */
const descends = (s: OtlpSpan | undefined, ancestor: OtlpSpan): boolean => {
  for (let cur = s, depth = 0; cur && depth < 50; cur = byId(cur.parentSpanId), depth++)
    if (cur.spanId === ancestor.spanId) return true;
  return false;
};

describe('one trace from a reported need to the assigned worker', () => {
  it('follows the need through community, Kafka, linkage and its saga to social-worker, span by span', async () => {
    const scenario = await loadScenario(sys, sys.suffix, {
      volunteers: 0,
      organizations: 0,
      donations: 0,
      received: 0,
    });
    const needId = await reportNeed(sys, 'trace');
    const caseId = `c-${needId}`;
    const opsToken = await sys.token(['ops']);

    const find = (pred: (s: OtlpSpan) => boolean) => spans.find(pred);
    const request = () =>
      find(
        (s) =>
          s.service === 'fivesoc-community' &&
          s.kind === SERVER &&
          (attr(s, 'url.path') ?? attr(s, 'http.target')) === '/v1/needs',
      );
    const assignServer = () =>
      find(
        (s) =>
          s.service === 'fivesoc-social-worker' &&
          s.kind === SERVER &&
          (attr(s, 'url.path') ?? attr(s, 'http.target')) === `/v1/workers/${scenario.workerId}/assign` &&
          s.traceId === request()?.traceId,
      );
    // A span is exported when it ends: the saga's CONSUMER span only after the call it made returned.
    const sagaConsumed = (type: string) =>
      spans.find(
        (s) =>
          s.traceId === request()?.traceId &&
          s.kind === CONSUMER &&
          attr(s, 'fivesoc.event.type') === type &&
          isSagaGroup(attr(s, 'messaging.consumer.group.name')),
      );
    await waitFor(
      'the whole chain exported',
      async () =>
        assignServer() !== undefined &&
        sagaConsumed('CaseOpened') !== undefined &&
        byId(assignServer()!.parentSpanId) !== undefined,
      120_000,
    );

    // 1. community answers the HTTP request that reports the need …
    const http = request()!;
    const trace = http.traceId;
    const inTrace = spans.filter((s) => s.traceId === trace);
    // 2. … its relay publishes NeedReported as a child of that request's span …
    const published = inTrace.find(
      (s) =>
        s.service === 'fivesoc-community' &&
        s.kind === PRODUCER &&
        attr(s, 'fivesoc.event.type') === 'NeedReported',
    )!;
    expect(published, 'community relay publish').toBeDefined();
    expect(descends(published, http)).toBe(true);
    // 3. … linkage's saga consumes it, continuing the producer's span …
    const consumed = inTrace.find(
      (s) =>
        s.service === 'fivesoc-linkage' &&
        s.kind === CONSUMER &&
        attr(s, 'fivesoc.event.type') === 'NeedReported' &&
        isSagaGroup(attr(s, 'messaging.consumer.group.name')),
    )!;
    expect(consumed, 'saga consumes NeedReported').toBeDefined();
    // (a relay batch sent again after a timeout gives a second PRODUCER span: the parent is one of them)
    const parent = byId(consumed.parentSpanId)!;
    expect({ kind: parent.kind, type: attr(parent, 'fivesoc.event.type') }).toEqual({
      kind: PRODUCER,
      type: 'NeedReported',
    });
    expect(descends(parent, http)).toBe(true);
    // 4. … the case it opens is appended and published by linkage's relay in the same trace …
    const caseOpened = inTrace.find(
      (s) =>
        s.service === 'fivesoc-linkage' &&
        s.kind === PRODUCER &&
        attr(s, 'fivesoc.event.type') === 'CaseOpened',
    )!;
    expect(caseOpened, 'linkage relay publishes CaseOpened').toBeDefined();
    expect(descends(caseOpened, consumed)).toBe(true);
    // 5. … the saga consumes CaseOpened and calls social-worker to assign the worker …
    const sagaOnCase = inTrace.find(
      (s) =>
        s.kind === CONSUMER &&
        attr(s, 'fivesoc.event.type') === 'CaseOpened' &&
        isSagaGroup(attr(s, 'messaging.consumer.group.name')),
    )!;
    expect(sagaOnCase.parentSpanId).toBe(caseOpened.spanId);
    // The server span's parent is linkage's CLIENT span for the call (tracedFetch).
    const call = byId(assignServer()!.parentSpanId)!;
    expect(call, 'linkage calls social-worker').toBeDefined();
    expect({ service: call.service, kind: call.kind }, JSON.stringify(call)).toEqual({
      service: 'fivesoc-linkage',
      kind: CLIENT,
    });
    expect(call.name).toBe('POST /v1/workers/{id}/assign');

    expect(descends(call, sagaOnCase)).toBe(true);
    // 6. … and social-worker's server span for that call is the call's child: one trace end to end.
    const assigned = assignServer()!;
    expect(assigned.parentSpanId).toBe(call.spanId);
    const services = new Set(inTrace.map((s) => s.service));
    expect([...services].sort()).toEqual(
      expect.arrayContaining(['fivesoc-community', 'fivesoc-linkage', 'fivesoc-social-worker']),
    );

    // The case's flow as ops see it: its hops in order, each timed, all in that one trace.
    await waitFor(
      'the worker answer recorded',
      async () =>
        (
          await sys.call<{ hops?: { eventType: string }[] }>(
            'linkage',
            'GET',
            `/v1/ops/cases/${caseId}/flow`,
            opsToken,
          )
        ).body.hops?.some((h) => h.eventType === 'WorkerAssigned') === true,
      60_000,
    );
    const flow = await sys.ok<{
      traceIds: string[];
      hops: { kind: string; step: string; eventType: string; tookMs: number | null; at: string }[];
    }>('linkage', 'GET', `/v1/ops/cases/${caseId}/flow`, opsToken);
    const steps = flow.hops.map((h) => `${h.kind} ${h.eventType}`);
    const order = [
      'appended NeedReported',
      'published NeedReported',
      'consumed NeedReported',
      'appended CaseOpened',
      'request WorkerRequested',
      'answer WorkerAssigned',
    ];
    const positions = order.map((s) => steps.indexOf(s));
    for (const p of positions) expect(p, steps.join(' → ')).toBeGreaterThanOrEqual(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const h of flow.hops.slice(1)) expect(h.tookMs).toBeGreaterThanOrEqual(-5); // clocks of one machine
    expect(flow.traceIds).toEqual([trace]);

    // Not personal data: the resident's name and phone appear in no exported span.
    const dump = JSON.stringify(inTrace);
    expect(dump).not.toContain('王奶奶');
    expect(dump).not.toContain('13900001111');
  }, 300_000);
});
