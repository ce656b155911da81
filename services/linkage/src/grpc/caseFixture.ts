import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  credentials,
  Metadata,
  type CallOptions,
  type ClientUnaryCall,
  type ServiceError,
} from '@grpc/grpc-js';
import { expect } from 'vitest';
import { MongoClient } from 'mongodb';
import {
  ensureLocalKeys,
  readPem,
  signLocalToken,
  startService,
  type Role,
  type RunningService,
} from '@fivesoc/service-kit';
import { MongoEventStore } from '@fivesoc/eventing';
import { freshDbName, freshTopicName, useInfra } from '@fivesoc/test-support';
import { CaseApp } from '../cases/app.ts';
import { caseRegistry } from '../cases/domain/events.ts';
import { caseViewsOf } from '../cases/projection/caseView.ts';
import { STANDARD_POLICY, type CasePolicy } from '../cases/domain/policy.ts';
import type { LinkageConfig } from '../config.ts';
import { LinkageServiceClient } from '../gen/fivesoc/linkage/v1/linkage.ts';
import { service } from '../service.ts';
import { UNREAD_TYPES, sampleHistory, type Sample, type Society } from '../testing/sampleEvents.ts';
import { caughtUp, readModelFixture, until } from '../testing/readModelFixture.ts';

// Linkage in-process over fresh topics and a fresh database, for the case RPC tests: the sample history of
// the five societies plus the places, needs and resources below. No society runs: their URLs point at a
// closed port, so the saga's calls fail and it retries them in the background without touching the cases;
// what a society would answer is recorded by the tests through their own CaseApp on the same store.

export const D = '330102';
/** Streets and communities no sample worker covers, so the saga never proposes workers for their cases. */
export const A = `${D}009`;
export const A1 = `${A}001`;
export const A2 = `${A}002`;
export const B = `${D}008`;
export const B1 = `${B}001`;

type Place = { districtCode: string; streetCode: string; communityCode: string };
const at = (c: string): Place => ({ districtCode: D, streetCode: c.slice(0, 9), communityCode: c });

/** Saturday 2026-12-05, 10:00-12:00 in the district's time (UTC+8). */
export const SATURDAY = { startAt: '2026-12-05T02:00:00.000Z', endAt: '2026-12-05T04:00:00.000Z' };

/** Needs (category elder_care, urgency high unless said), volunteers, organizations and donations. */
export function caseSamples(needs: { id: string; community: string; consent?: string[] }[]): Sample[] {
  const out: Sample[] = [];
  const versions = new Map<string, number>();
  let n = 0;
  const emit = (society: Society, streamId: string, type: string, payload: unknown) => {
    const v = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, v);
    n++;
    out.push({
      society,
      event: {
        id: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
        streamId,
        streamVersion: v,
        type,
        schemaVersion: 1,
        occurredAt: new Date(Date.UTC(2026, 10, 2, 8, n)).toISOString(),
        payload,
        metadata: { correlationId: `x-${n}` },
      },
    });
  };
  const sealed = (personId: string) => ({ personId, iv: 'aXY=', data: `sealed-${personId}`, tag: 'dGFn' });

  for (const need of [...needs, { id: 'gone', community: A1 }]) {
    emit('community', `need-${need.id}`, 'NeedReported', {
      needId: need.id,
      ...at(need.community),
      category: 'elder_care',
      categoryListVersion: 1,
      urgency: 'high',
      people: [{ personId: `p-${need.id}`, data: sealed(`p-${need.id}`) }],
      consent: {
        given: true,
        givenBy: 'self',
        at: '2026-11-01T00:00:00.000Z',
        scope: need.consent ?? ['needs_assessment', 'case_handling', 'referral_to_partners'],
      },
      description: sealed(`p-${need.id}`),
    });
  }
  emit('community', 'need-gone', 'NeedWithdrawn', {
    needId: 'gone',
    ...at(A1),
    reason: 'resolved_elsewhere',
  });

  const volunteer = (id: string, community: string, weekday: number) =>
    emit('volunteer', `volunteer-${id}`, 'VolunteerRegistered', {
      volunteerId: id,
      personal: sealed(id),
      skills: ['companionship'],
      languages: ['zh'],
      availability: [{ weekday, start: '09:00', end: '17:00' }],
      place: at(community),
      serviceRadiusKm: 3,
      maxHoursPerWeek: 10,
    });
  volunteer('va1', A1, 6);
  volunteer('va2', A2, 6);
  volunteer('vb1', B1, 6);
  volunteer('vbusy', A1, 6);
  volunteer('vweek', A1, 1); // Mondays only
  emit('volunteer', 'schedule-vbusy', 'WindowBooked', {
    taskId: 'other-task',
    startAt: '2026-12-05T03:00:00.000Z',
    endAt: '2026-12-05T05:00:00.000Z',
  });

  const organization = (id: string, community: string, rating: string, serious = false) => {
    const s = `organization-${id}`;
    emit('organization', s, 'ApplicationSubmitted', {
      organizationId: id,
      name: `Org ${id}`,
      category: 'public_welfare_charity',
      kind: 'social_service_agency',
      field: 'elder_support',
      place: at(community),
      creditCode: '91330102MA2XXXXX1X',
      legalRepresentative: sealed(`lr-${id}`),
      route: 'direct',
    });
    emit('organization', s, 'RegistrationApproved', { at: '2026-01-01T00:00:00.000Z' });
    emit('organization', s, 'EvaluationRecorded', {
      round: '2026',
      scores: { serviceCapacity: 80, efficiency: 80, compliance: 80, benefit: 80 },
      rating,
      evaluator: 'civil-affairs',
      validFrom: '2026-01-01',
      validUntil: '2030-12-31',
    });
    if (serious)
      emit('organization', s, 'CreditRecordAdded', {
        recordId: `cr-${id}`,
        polarity: 'negative',
        serious: true,
        source: 'x',
        date: '2026-02-01',
        description: 'fraud',
      });
  };
  organization('oa', A1, '4A');
  organization('ob', B1, '5A');
  organization('oblack', A1, '5A', true);
  organization('olow', A1, '2A');

  const donation = (
    id: string,
    community: string,
    gift: Record<string, unknown>,
    received: number,
    restriction: Record<string, string> | null = null,
  ) => {
    emit('charity', `donation-${id}`, 'DonationRegistered', {
      donationId: id,
      donorId: 'd1',
      donorKind: 'enterprise',
      gift,
      restriction,
      ...at(community),
    });
    emit('charity', `donation-${id}`, 'DonationReceived', { quantity: received });
  };
  donation('da', A1, { kind: 'money', amountFen: 50_000 }, 50_000);
  donation('dres', A2, { kind: 'money', amountFen: 30_000 }, 30_000, {
    communityCode: A2,
    category: 'elder_care',
  });
  donation('dcat', A1, { kind: 'money', amountFen: 20_000 }, 20_000, { category: 'child_care' });
  donation('drice', A1, { kind: 'goods', item: 'rice', quantity: 100, unit: 'kg' }, 100);
  donation('drice2', B1, { kind: 'goods', item: 'rice', quantity: 100, unit: 'kg' }, 100);
  return out;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

type Unary<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

const promised =
  <Req, Res>(fn: Unary<Req, Res>) =>
  (request: Req, metadata: Metadata): Promise<Res> =>
    new Promise((resolve, reject) =>
      fn(request, metadata, { deadline: Date.now() + 20_000 }, (err, res) =>
        err ? reject(err) : resolve(res),
      ),
    );

/** The unary case RPCs as promises. */
function rpcsOf(c: LinkageServiceClient) {
  return {
    openCase: promised(c.openCase.bind(c)),
    getCase: promised(c.getCase.bind(c)),
    listCases: promised(c.listCases.bind(c)),
    assignWorker: promised(c.assignWorker.bind(c)),
    assess: promised(c.assess.bind(c)),
    plan: promised(c.plan.bind(c)),
    proposeMatches: promised(c.proposeMatches.bind(c)),
    acceptMatch: promised(c.acceptMatch.bind(c)),
    rejectMatch: promised(c.rejectMatch.bind(c)),
    recordDelivery: promised(c.recordDelivery.bind(c)),
    review: promised(c.review.bind(c)),
    closeCase: promised(c.closeCase.bind(c)),
    transferCase: promised(c.transferCase.bind(c)),
    escalateCase: promised(c.escalateCase.bind(c)),
    routeDonations: promised(c.routeDonations.bind(c)),
    getDistrictStatistics: promised(c.getDistrictStatistics.bind(c)),
    getCaseHistory: promised(c.getCaseHistory.bind(c)),
  };
}

/** The failure of a call that must fail: its status code and details. */
export const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('the call should fail'),
    (err: ServiceError) => ({ code: err.code, details: err.details }),
  );

export type Scope = { level: 'district' | 'street' | 'community'; code: string };

/** The workers the tests assign by hand cover the fixture's communities too (AssignWorker checks coverage). */
export const ASSIGNABLE_WORKERS = ['w1', 'w4', 'w5', 'w6'];
function coverFixtureCommunities(samples: Sample[]): Sample[] {
  return ASSIGNABLE_WORKERS.map((workerId, n) => {
    const streamId = `worker-${workerId}`;
    const own = samples.filter((x) => x.event.streamId === streamId);
    const registered = own.find((x) => x.event.type === 'WorkerRegistered')!.event.payload as {
      coveredCommunityCodes: string[];
    };
    const last = own.at(-1)!.event;
    return {
      society: 'socialWorker' as const,
      event: {
        ...last,
        id: `00000000-0000-4000-a000-${String(n + 1).padStart(12, '0')}`,
        streamVersion: last.streamVersion + 1,
        type: 'WorkerUpdated',
        payload: { coveredCommunityCodes: [...registered.coveredCommunityCodes, A1, A2, B1] },
        metadata: { correlationId: `cover-${workerId}` },
      },
    };
  });
}

/** No approvals and no derived tasks: the workflow tests that are not about supervision run the case alone. */
export const UNSUPERVISED: CasePolicy = {
  approvals: { assessment: 'never', plan: false, closure: false },
  tasks: { ...STANDARD_POLICY.tasks, assessmentDays: 0, planReviewDays: 0, followUpDays: 0 },
};

export async function startCaseFixture(
  needs: { id: string; community: string; consent?: string[] }[],
  opts: { policy?: CasePolicy } = {},
) {
  const samples = [...sampleHistory(), ...caseSamples(needs)];
  const history = [...samples, ...coverFixtureCommunities(samples)];
  const expected = new Map<string, number>();
  for (const { event } of history)
    if (!UNREAD_TYPES.has(event.type) && event.streamId !== 'need-bad')
      expected.set(event.streamId, event.streamVersion);
  const f = await readModelFixture();
  const keys = await ensureLocalKeys(mkdtempSync(join(tmpdir(), 'fivesoc-linkage-cases-')));
  const pem = readPem(keys.privateKeyFile);
  await f.produce(history);
  const s = f.sources;
  const [port, closed] = [await freePort(), await freePort()];
  const nobody = `http://127.0.0.1:${closed}`;
  const env = {
    KAFKA_BROKERS: useInfra().kafkaBrokers.join(','),
    MONGODB_URL: useInfra().mongoUrl,
    MONGODB_DB: freshDbName('lk-cases'),
    AUTH_PUBLIC_KEY_FILE: keys.publicKeyFile,
    COMMUNITY_TOPIC: s.community,
    SOCIAL_WORKER_TOPIC: s.socialWorker,
    VOLUNTEER_TOPIC: s.volunteer,
    ORGANIZATION_TOPIC: s.organization,
    CHARITY_TOPIC: s.charity,
    KAFKA_TOPIC: freshTopicName('lk-cases'),
    AUTO_OPEN_CASES: 'false',
    // Staff assign workers here (the tests' workers cover the fixture's communities, see caseSamples).
    AUTO_ASSIGN_WORKERS: 'false',
    SOCIAL_WORKER_URL: nobody,
    VOLUNTEER_URL: nobody,
    ORGANIZATION_URL: nobody,
    CHARITY_URL: nobody,
    SOCIETY_TOKEN: 'no-society-runs-in-these-tests',
    PII_MASTER_KEY: randomBytes(32).toString('base64'),
    HTTP_PORT: '0',
    GRPC_PORT: String(port),
    LOG_LEVEL: 'silent',
  };
  let svc: RunningService<LinkageConfig> = await startService(service, env);
  await until('read models caught up', () => caughtUp(svc.ctx.db, expected));
  const client = new LinkageServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  // "Another instance" of linkage on the same store: what the societies would answer is recorded here.
  // Its own connection, so it outlives a restart of the service.
  const mongo = await new MongoClient(useInfra().mongoUrl).connect();
  const db = mongo.db(env.MONGODB_DB);
  const store = await new MongoEventStore({ db, registry: caseRegistry }).init();
  const societies = new CaseApp({
    store,
    relay: { notify: () => undefined },
    matchTimeoutMs: 48 * 3_600_000,
  });
  const views = caseViewsOf(db);
  await societies.setPolicy(D, opts.policy ?? UNSUPERVISED, { actor: 'test:district-admin' });

  return {
    client,
    rpc: rpcsOf(client),
    /** A CaseApp of another instance over the same store (its appends reach Kafka by the service's relay). */
    societies,
    /** The case streams themselves. */
    store,
    /** The database linkage uses (its own connection). */
    db,
    /** Sends society events to their topics, as the societies would publish them. */
    produce: (samples: Sample[]) => f.produce(samples),
    async token(roles: Role[], scope: Scope = { level: 'district', code: D }, subject = 'u-1') {
      const m = new Metadata();
      const t = await signLocalToken(pem, { subject, roles, scopeLevel: scope.level, scopeCode: scope.code });
      m.set('authorization', `Bearer ${t}`);
      return m;
    },
    version: async (caseId: string) => (await societies.load(caseId)).version,
    /** The worker the case asked accepts (the social-worker service's answer). */
    async workerAccepts(caseId: string) {
      const { state } = await societies.load(caseId);
      if (!state.workerRequest) throw new Error(`case ${caseId} asked no worker`);
      return societies.execute(
        caseId,
        { kind: 'workerAnswered', requestId: state.workerRequest.requestId, accepted: true },
        { actor: 'test:social-worker' },
      );
    },
    /** The society confirms a request (at `now`, for time-to-match figures). */
    confirm: (caseId: string, requestId: string, now = new Date()) =>
      societies.execute(
        caseId,
        { kind: 'answered', requestId, outcome: 'confirmed' },
        { actor: 'test:society' },
        now,
      ),
    /** Waits until the case projection has folded every event of these cases. */
    async projected(caseIds: string[]) {
      await until('case projection caught up', async () => {
        for (const id of caseIds) {
          const v = await views.findOne({ _id: id });
          if (!v || v._v !== (await societies.load(id)).version) return false;
        }
        return true;
      });
    },
    /** Linkage stops: its saga, timers, relay and gRPC server (`start` runs it again on the same store). */
    stop: () => svc.close(),
    async start() {
      svc = await startService(service, env);
    },
    async close() {
      client.close();
      await db.dropDatabase().catch(() => undefined);
      await svc.close();
      await mongo.close();
      await f.close();
    },
  };
}

export type CaseFixture = Awaited<ReturnType<typeof startCaseFixture>>;
