import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Client,
  credentials,
  makeClientConstructor,
  Metadata,
  status,
  type ServiceError,
} from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureLocalKeys,
  readPem,
  ROLES,
  signLocalToken,
  startService,
  type Role,
  type RunningService,
} from '@fivesoc/service-kit';
import { freshDbName, freshTopicName, rpcMatrixLine, runRpcMatrix, useInfra } from '@fivesoc/test-support';
import type { LinkageConfig } from '../config.ts';
import {
  LinkageServiceClient,
  LinkageServiceService,
  type ListNeedsRequest,
  type ListNeedsResponse,
  type ListWorkersRequest,
  type ListWorkersResponse,
} from '../gen/fivesoc/linkage/v1/linkage.ts';
import { service } from '../service.ts';
import { UNREAD_TYPES, sampleHistory } from '../testing/sampleEvents.ts';
import { caughtUp, readModelFixture, until } from '../testing/readModelFixture.ts';
import { listServices } from './reflectionClient.ts';
import { RPC_ACCESS } from './caseAccess.ts';

let f: Awaited<ReturnType<typeof readModelFixture>>;
let svc: RunningService<LinkageConfig>;
let pem: string;
let address: string;
let client: LinkageServiceClient;

type Scope = { level: 'district' | 'street' | 'community'; code: string };
const auth = async (roles: Role[], scope: Scope = { level: 'district', code: '330102' }) => {
  const m = new Metadata();
  const token = await signLocalToken(pem, {
    subject: 'u-1',
    roles,
    scopeLevel: scope.level,
    scopeCode: scope.code,
  });
  m.set('authorization', `Bearer ${token}`);
  return m;
};
const request = (r: Partial<ListNeedsRequest> = {}): ListNeedsRequest => ({
  pageSize: 0,
  pageToken: '',
  status: '',
  category: '',
  urgency: '',
  streetCode: '',
  communityCode: '',
  ...r,
});
const workerFilters: ListWorkersRequest = {
  pageSize: 0,
  pageToken: '',
  specialty: '',
  status: '',
  streetCode: '',
  communityCode: '',
  availability: 'AVAILABILITY_UNSPECIFIED',
};
const listNeeds = (req: ListNeedsRequest, metadata: Metadata) =>
  new Promise<ListNeedsResponse>((resolve, reject) =>
    client.listNeeds(req, metadata, { deadline: Date.now() + 10_000 }, (err, res) =>
      err ? reject(err) : resolve(res),
    ),
  );
const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('the call should fail'),
    (err: ServiceError) => ({ code: err.code, details: err.details }),
  );

/** One RPC with an empty request (every field at its default), as the metadata's caller: its status. */
const callEmpty = (name: string, metadata: Metadata) => {
  const d = LinkageServiceService[name as keyof typeof LinkageServiceService];
  const generic = new Client(address, credentials.createInsecure());
  const argument: unknown = d.requestDeserialize(Buffer.alloc(0));
  const serialize = d.requestSerialize as (v: unknown) => Buffer;
  const deserialize = d.responseDeserialize as (b: Buffer) => unknown;
  const options = { deadline: Date.now() + 10_000 };
  return new Promise<status>((resolve) => {
    const done = (code: status) => {
      generic.close();
      resolve(code);
    };
    if (d.responseStream) {
      const call = generic.makeServerStreamRequest(
        d.path,
        serialize,
        deserialize,
        argument,
        metadata,
        options,
      );
      call.on('data', () => undefined);
      call.on('error', () => undefined);
      call.on('status', (s: { code: status }) => done(s.code));
    } else {
      generic.makeUnaryRequest(d.path, serialize, deserialize, argument, metadata, options, (err) =>
        done(err?.code ?? status.OK),
      );
    }
  });
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  const history = sampleHistory();
  const expected = new Map<string, number>();
  for (const { event } of history)
    if (!UNREAD_TYPES.has(event.type) && event.streamId !== 'need-bad')
      expected.set(event.streamId, event.streamVersion);
  f = await readModelFixture();
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-linkage-grpc-')));
  pem = readPem(keys.privateKeyFile);
  await f.produce(history);
  const s = f.sources;
  const port = await freePort();
  svc = await startService(service, {
    KAFKA_BROKERS: useInfra().kafkaBrokers.join(','),
    MONGODB_URL: useInfra().mongoUrl,
    MONGODB_DB: freshDbName('lk-grpc'),
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    COMMUNITY_TOPIC: s.community,
    SOCIAL_WORKER_TOPIC: s.socialWorker,
    VOLUNTEER_TOPIC: s.volunteer,
    ORGANIZATION_TOPIC: s.organization,
    CHARITY_TOPIC: s.charity,
    KAFKA_TOPIC: freshTopicName('lk-grpc-cases'),
    // Read models only: no case is opened, so the saga never calls a society (none runs here).
    AUTO_OPEN_CASES: 'false',
    SOCIETY_TOKEN: 'not-used-since-no-case-is-opened-here',
    PII_MASTER_KEY: randomBytes(32).toString('base64'),
    HTTP_PORT: '0',
    GRPC_PORT: String(port),
    LOG_LEVEL: 'silent',
  });
  address = `127.0.0.1:${port}`;
  client = new LinkageServiceClient(address, credentials.createInsecure());
  await until('read models caught up', () => caughtUp(svc.ctx.db, expected));
});
afterAll(async () => {
  client?.close();
  await svc?.ctx.db.dropDatabase().catch(() => undefined);
  await svc?.close();
  await f?.close();
});

describe('gRPC LinkageService', () => {
  it('reports SERVING on the standard health service', async () => {
    const Health = makeClientConstructor(healthService, 'Health');
    const health = new Health(address, credentials.createInsecure()) as unknown as {
      check(req: { service: string }, cb: (err: ServiceError | null, res: { status: string }) => void): void;
      close(): void;
    };
    for (const name of ['', 'fivesoc.linkage.v1.LinkageService']) {
      const res = await new Promise<{ status: string }>((resolve, reject) =>
        health.check({ service: name }, (err, r) => (err ? reject(err) : resolve(r))),
      );
      expect(res.status).toBe('SERVING');
    }
    health.close();
  });

  it('lists LinkageService through server reflection', async () => {
    expect(await listServices(address)).toContain('fivesoc.linkage.v1.LinkageService');
  });

  it('lists the projected needs inside the caller’s scope, paged', async () => {
    const community: Scope = { level: 'community', code: '330102001001' };
    const r = await listNeeds(request({ status: 'open' }), await auth(['community_staff'], community));
    expect(r.needs.map((n) => n.needId)).toEqual(['n0', 'n8', 'n12']);
    expect(r.needs[0]?.place).toEqual({
      districtCode: '330102',
      streetCode: '330102001',
      communityCode: '330102001001',
    });
    const seen: string[] = [];
    let pageToken = '';
    do {
      const p = await listNeeds(request({ pageSize: 5, pageToken }), await auth(['district_admin']));
      seen.push(...p.needs.map((n) => n.needId));
      pageToken = p.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(Array.from({ length: 16 }, (_, i) => `n${i}`));
  });

  it('lists the workers covering the caller’s community that can take a case', async () => {
    const community: Scope = { level: 'community', code: '330102001001' };
    const metadata = await auth(['social_worker'], community);
    const r = await new Promise<ListWorkersResponse>((resolve, reject) =>
      client.listWorkers(
        { ...workerFilters, availability: 'AVAILABILITY_AVAILABLE' },
        metadata,
        (err, res) => (err ? reject(err) : resolve(res)),
      ),
    );
    expect(r.workers.map((w) => w.workerId)).toEqual(['w0', 'w4']);
  });

  it('refuses a call without a token with UNAUTHENTICATED', async () => {
    expect(await failureOf(listNeeds(request(), new Metadata()))).toMatchObject({
      code: status.UNAUTHENTICATED,
    });
  });

  it('refuses a role that may not read with PERMISSION_DENIED', async () => {
    expect(await failureOf(listNeeds(request(), await auth(['volunteer'])))).toMatchObject({
      code: status.PERMISSION_DENIED,
    });
  });

  it('rejects a bad request with INVALID_ARGUMENT naming the field', async () => {
    const admin = await auth(['district_admin']);
    for (const [req, field] of [
      [request({ pageSize: 10_000 }), 'page_size'],
      [request({ pageSize: -1 }), 'page_size'],
      [request({ communityCode: '12' }), 'community_code'],
      [request({ pageToken: 'not-a-token' }), 'page_token'],
    ] as const) {
      const failure = await failureOf(listNeeds(req, admin));
      expect(failure.code).toBe(status.INVALID_ARGUMENT);
      expect(failure.details).toMatch(new RegExp(`^${field}: `));
    }
  });

  it('serves every RPC it declares: none answers UNIMPLEMENTED', async () => {
    const metadata = await auth(['district_admin']);
    const codes: Record<string, status> = {};
    for (const name of Object.keys(LinkageServiceService)) codes[name] = await callEmpty(name, metadata);
    expect(Object.keys(codes)).toHaveLength(Object.keys(RPC_ACCESS).length);
    expect(Object.entries(codes).filter(([, code]) => code === status.UNIMPLEMENTED)).toEqual([]);
    // an empty case id is named, not ignored
    expect(codes.getCase).toBe(status.INVALID_ARGUMENT);
  });

  it('answers every RPC × every role as declared: UNAUTHENTICATED, PERMISSION_DENIED or let through', async () => {
    // The methods the running server offers, by reflection; each must be in the generated definition.
    const offered = await listServices(address);
    expect(offered).toContain('fivesoc.linkage.v1.LinkageService');
    const methods = Object.keys(LinkageServiceService);
    const r = await runRpcMatrix({
      service: 'linkage',
      methods,
      access: RPC_ACCESS,
      roles: ROLES,
      call: async (method, role) => callEmpty(method, role ? await auth([role as Role]) : new Metadata()),
    });
    console.log(rpcMatrixLine(r, 'linkage'));
    expect(r.failures).toEqual([]);
    expect(r.covered).toBe(r.methods);
    expect(r.methods).toBe(Object.keys(RPC_ACCESS).length);
  });

  it('answers malformed protobuf with INVALID_ARGUMENT after authentication, UNAUTHENTICATED without a token', async () => {
    const generic = new Client(address, credentials.createInsecure());
    // field 1 with wire type 7 (none such), then a length prefix past the end
    const garbage = Buffer.from([0x0f, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x0a, 0x7f]);
    const raw = (path: string, metadata: Metadata, stream: boolean) =>
      new Promise<{ code: status; details: string }>((resolve) => {
        const options = { deadline: Date.now() + 10_000 };
        const same = (b: Buffer) => b;
        if (stream) {
          const call = generic.makeServerStreamRequest(path, same, same, garbage, metadata, options);
          call.on('data', () => undefined);
          call.on('error', () => undefined);
          call.on('status', (s: { code: status; details: string }) => resolve(s));
        } else
          generic.makeUnaryRequest(path, same, same, garbage, metadata, options, (err) =>
            resolve({ code: err?.code ?? status.OK, details: err?.details ?? '' }),
          );
      });
    const { listNeeds: unaryRpc, watchCase: streamRpc } = LinkageServiceService;
    for (const d of [unaryRpc, streamRpc]) {
      expect(await raw(d.path, new Metadata(), d.responseStream)).toMatchObject({
        code: status.UNAUTHENTICATED,
      });
      const answer = await raw(d.path, await auth(['district_admin']), d.responseStream);
      expect(answer.code).toBe(status.INVALID_ARGUMENT);
      expect(answer.details).toMatch(/^request: /);
    }
    generic.close();
  });
});
