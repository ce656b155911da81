/**
 * The gateway against the real system: the five societies and linkage as their own processes on the real
 * Kafka and FerretDB, the console as its own process, signed in through its development sign-in.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExport, useInfra } from '@fivesoc/test-support';
import type { Endpoints } from '@fivesoc/e2e/src/caseFlow/endpoints.ts';
import { PLACE, reportNeed } from '@fivesoc/e2e/src/caseFlow/scenario.ts';
import { waitFor } from '@fivesoc/e2e/src/processes.ts';
import { GRPC_TO_HTTP } from './status.ts';
import { Browser, readEvents, type ConsoleProc } from '../testing/consoleProcess.ts';
import { startConsoleSystem, type ConsoleSystem } from '../testing/system.ts';

const PROTO = resolve(import.meta.dirname, '../../../../proto/fivesoc/linkage/v1/linkage.proto');
/** The RPCs as the proto file itself declares them. */
const protoMethods = [
  ...readFileSync(PROTO, 'utf8').matchAll(
    /^\s*rpc\s+(\w+)\s*\(\s*(\w+)\s*\)\s*returns\s*\(\s*(stream\s+)?(\w+)\s*\)/gm,
  ),
].map((m) => ({ name: m[1] ?? '', streaming: m[3] !== undefined }));

let system: ConsoleSystem;
let sys: Endpoints;
let consoleProc: ConsoleProc;
let admin: Browser;
let caseId = '';
let needId = '';

beforeAll(async () => {
  // community (the need), charity (the public disclosure) and linkage (the case) are all these tests need.
  system = await startConsoleSystem(useInfra(), ['community', 'charity']);
  sys = system.sys;
  consoleProc = system.console;
  admin = await new Browser(consoleProc.url).devSignIn('district_admin', 'district', '000000', 'e2e-admin');
  const token = await sys.token(['district_admin']);
  for (const [path, body] of [
    ['/v1/districts', { code: PLACE.districtCode, name: '西湖区' }],
    ['/v1/streets', { code: PLACE.streetCode, name: '北山街道', districtCode: PLACE.districtCode }],
    ['/v1/communities', { code: PLACE.communityCode, name: '保俶社区', streetCode: PLACE.streetCode }],
  ] as const) {
    const r = await sys.call('community', 'POST', path, token, body);
    if (r.status !== 201 && r.status !== 409)
      throw new Error(`${path} ${r.status} ${JSON.stringify(r.body)}`);
  }
  needId = await reportNeed(sys, 'console');
  caseId = `c-${needId}`;
  // linkage's saga opens the case once the need reaches it over Kafka.
  await waitFor(
    'the case opened for the need',
    async () => (await admin.post('/api/linkage/GetCase', { caseId })).status === 200,
    120_000,
  );
}, 400_000);

afterAll(async () => {
  await system?.stop();
});

/** A request per RPC that linkage can act on or refuse for its own reasons (a case that is not there). */
function sampleRequest(method: string): Record<string, unknown> {
  switch (method) {
    case 'GetCase':
      return { caseId };
    case 'ListNeeds':
    case 'ListWorkers':
    case 'ListCases':
      return { pageSize: 10 };
    case 'GetDistrictStatistics':
      return { from: '2020-01-01T00:00:00Z' };
    case 'OpenCase':
      return { needId: 'n-not-there', idempotencyKey: 'k-1' };
    case 'RouteDonations':
      // A preview over every open donation item in scope (there are none here).
      return {};
    case 'GetCasePolicy':
    case 'SetCasePolicy':
      // The caller's district's case policy (SetCasePolicy without a policy: linkage's own validation).
      return {};
    case 'ListActions':
      return { pageSize: 10 };
    default:
      // The case commands on a case that does not exist: linkage's own NOT_FOUND (or its validation).
      return { caseId: 'c-not-there' };
  }
}

describe('the linkage gateway', () => {
  it('lists exactly the RPCs the proto declares', async () => {
    expect(protoMethods.length).toBeGreaterThan(10);
    const res = await admin.fetch('/api/linkage');
    expect(res.status).toBe(200);
    const index = (await res.json()) as { methods: { name: string; kind: string }[] };
    expect(index.methods.map((m) => m.name).sort()).toEqual(protoMethods.map((m) => m.name).sort());
    for (const m of protoMethods) {
      expect(index.methods.find((x) => x.name === m.name)?.kind).toBe(m.streaming ? 'stream' : 'unary');
    }
  });

  it("reaches every unary RPC of the proto: each answer is the RPC's own answer or its own gRPC error mapped", async () => {
    const seen: Record<string, string> = {};
    for (const m of protoMethods.filter((x) => !x.streaming)) {
      const r = await admin.post<{ error?: { code: string } }>(
        `/api/linkage/${m.name}`,
        sampleRequest(m.name),
      );
      seen[m.name] = `${r.status} grpc=${r.grpcStatus}`;
      // linkage answered (never the gateway's own 404 for an unknown route, nor a 501).
      expect(r.grpcStatus, `${m.name}: ${JSON.stringify(r.body)}`).not.toBeNull();
      const grpc = Number(r.grpcStatus);
      if (grpc === 0) expect(r.status, m.name).toBe(200);
      else {
        expect(r.status, m.name).toBe(GRPC_TO_HTTP[grpc]?.http ?? 502);
        expect(r.body.error?.code, m.name).toBe(GRPC_TO_HTTP[grpc]?.code ?? 'INTERNAL');
      }
    }
    // The reads answer for real, in the proto3 JSON mapping (int64 as strings, defaults included).
    const got = await admin.post<{
      case: { caseId: string; version: string; needId: string; plan: unknown[] };
    }>('/api/linkage/GetCase', { caseId });
    expect(got.body.case).toMatchObject({ caseId, needId, plan: [] });
    expect(got.body.case.version).toMatch(/^\d+$/);
    const stats = await admin.post<{ district: { openCases: string } }>(
      '/api/linkage/GetDistrictStatistics',
      {},
    );
    expect(stats.status).toBe(200);
    expect(stats.body.district.openCases).toMatch(/^\d+$/);
    expect(seen.ListCases).toBe('200 grpc=0');
  });

  it('streams WatchCase as Server-Sent Events, live: a change made meanwhile arrives as the next event', async () => {
    const res = await admin.fetch(`/api/linkage/WatchCase?caseId=${caseId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    let escalated = false;
    const events = await readEvents(res, (e) => {
      // Once the history has arrived, somebody else changes the case.
      if (e.length >= 1 && !escalated) {
        escalated = true;
        void admin.post('/api/linkage/EscalateCase', { caseId, reason: '独居老人情况紧急' });
      }
      return e.some((x) => x.data.includes('CaseEscalated'));
    });
    expect(events[0]?.event).toBe('message');
    const first = JSON.parse(events[0]?.data ?? '{}') as {
      type: string;
      streamVersion: string;
      eventId: string;
    };
    expect(first).toMatchObject({ type: 'CaseOpened', streamVersion: '1' });
    expect(events[0]?.id).toBe('1');
    const last = JSON.parse(events.at(-1)?.data ?? '{}') as { type: string; streamVersion: string };
    expect(last.type).toBe('CaseEscalated');
    expect(events.at(-1)?.id).toBe(last.streamVersion);
  });

  it('resumes WatchCase after the Last-Event-ID a reconnecting browser sends', async () => {
    const res = await admin.fetch(`/api/linkage/WatchCase?caseId=${caseId}`, {
      headers: { 'last-event-id': '1' },
    });
    const events = await readEvents(res, (e) => e.length >= 1);
    expect(JSON.parse(events[0]?.data ?? '{}')).toMatchObject({ streamVersion: '2' });
  });

  it("sends WatchCase's error as an `event: error` with the error body", async () => {
    const res = await admin.fetch('/api/linkage/WatchCase?caseId=c-not-there');
    const events = await readEvents(res, (e) => e.some((x) => x.event === 'error'));
    const error = events.find((x) => x.event === 'error');
    expect(JSON.parse(error?.data ?? '{}')).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});

describe('gRPC status through the gateway', () => {
  it('answers INVALID_ARGUMENT as 400 naming the JSON field of the request', async () => {
    const big = await admin.post<{ error: { code: string; field: string; message: string } }>(
      '/api/linkage/ListCases',
      { pageSize: 999 },
    );
    expect(big.status).toBe(400);
    expect(big.grpcStatus).toBe('3');
    expect(big.body.error).toMatchObject({ code: 'VALIDATION', field: 'pageSize' });
    expect(big.body.error.message).toMatch(/^pageSize: /);
    // A snake_case proto field deep in the request comes back in the request's JSON names.
    const plan = await admin.post<{ error: { field: string } }>('/api/linkage/Plan', {
      caseId,
      items: [{ itemId: 'i-1', kind: 'RESOURCE_KIND_VOLUNTEER', quantity: '-5' }],
    });
    expect(plan.status).toBe(400);
    expect(plan.body.error.field).toMatch(/^items\.0\.[a-z][A-Za-z]*$/);
  });

  it('refuses a request the proto cannot decode with 400 naming the field, before calling linkage', async () => {
    const unknown = await admin.post<{ error: { field: string } }>('/api/linkage/ListCases', {
      pageSizes: 1,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.grpcStatus).toBeNull();
    expect(unknown.body.error.field).toBe('pageSizes');
    const badTime = await admin.post<{ error: { field: string } }>('/api/linkage/GetDistrictStatistics', {
      from: 'yesterday',
    });
    expect(badTime.status).toBe(400);
    expect(badTime.body.error.field).toBe('from');
  });

  it('answers NOT_FOUND as 404', async () => {
    const r = await admin.post('/api/linkage/GetCase', { caseId: 'c-not-there' });
    expect([r.status, r.grpcStatus, r.body]).toMatchObject([404, '5', { error: { code: 'NOT_FOUND' } }]);
  });

  it('answers PERMISSION_DENIED as 403: the console adds no privilege to a role', async () => {
    const volunteer = await new Browser(consoleProc.url).devSignIn('volunteer', 'district', '000000', 'v-1');
    const r = await volunteer.post('/api/linkage/OpenCase', { needId, idempotencyKey: 'k-v' });
    expect([r.status, r.grpcStatus, r.body]).toMatchObject([403, '7', { error: { code: 'FORBIDDEN' } }]);
  });

  it('answers ABORTED (a stale expected version) as 409', async () => {
    const got = await admin.post<{ case: { version: string } }>('/api/linkage/GetCase', { caseId });
    const r = await admin.post('/api/linkage/EscalateCase', {
      caseId,
      expectedVersion: String(Number(got.body.case.version) + 5),
      reason: '再次上报',
    });
    expect([r.status, r.grpcStatus, r.body]).toMatchObject([409, '10', { error: { code: 'CONFLICT' } }]);
  });

  it('answers 404 without a gRPC status for an RPC the proto does not have', async () => {
    const r = await admin.post('/api/linkage/DeleteEverything', {});
    expect(r.status).toBe(404);
    expect(r.grpcStatus).toBeNull();
  });
});

describe('the society APIs through the console', () => {
  it("forwards with the signed-in user's token: the society sees that user", async () => {
    const worker = await new Browser(consoleProc.url).devSignIn(
      'social_worker',
      'street',
      '330106001',
      'w-9',
    );
    const res = await worker.fetch('/api/community/v1/whoami');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      subject: 'w-9',
      roles: ['social_worker'],
      scope: { level: 'street', code: '330106001' },
    });
  });

  it("passes the society's refusal back as it is: a role it does not allow gets its 403", async () => {
    const volunteer = await new Browser(consoleProc.url).devSignIn('volunteer', 'district', '000000', 'v-2');
    const res = await volunteer.fetch('/api/community/v1/districts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: '330106', name: '西湖区' }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it("streams a society's export through as a download: its type, file name and bytes", async () => {
    const office = await new Browser(consoleProc.url).devSignIn(
      'district_admin',
      'district',
      PLACE.districtCode,
      'e2e-office',
    );
    const res = await office.fetch('/api/community/v1/exports/needs?format=csv&lang=zh-CN');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; .*filename\*=UTF-8''needs-/);
    const [head, ...rows] = await readExport(Buffer.from(await res.arrayBuffer()), 'csv');
    expect(head![0]).toBe('需求编号');
    expect(rows.find((r) => r[0] === needId)?.[1]).toBe('已上报');
  });

  it("passes a society's validation error back with its field", async () => {
    const res = await admin.fetch('/api/community/v1/needs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ communityCode: 'x' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field?: string } }).error.field).toMatch(/^body\./);
  });

  it('answers the public disclosure (阳光公示) without a session, and nothing else of a society', async () => {
    const pub = await fetch(`${consoleProc.url}/api/charity/v1/public/disclosure`);
    expect(pub.status).toBe(200);
    expect(pub.headers.get('cache-control')).toBe('no-store');
    const needs = await fetch(`${consoleProc.url}/api/community/v1/needs`);
    expect(needs.status).toBe(401);
    expect(await needs.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });
});
