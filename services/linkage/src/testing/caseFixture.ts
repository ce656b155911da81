import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, Metadata } from '@grpc/grpc-js';
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
import { A1, A2, B1, D } from './casePlaces.ts';
import { rpcsOf } from './caseRpcs.ts';
import { caseSamples } from './caseSamples.ts';
import { caughtUp, readModelFixture, until } from './readModelFixture.ts';
import { UNREAD_TYPES, sampleHistory, type Sample } from './sampleEvents.ts';

// Linkage in-process over fresh topics and a fresh database, for the case RPC tests: the sample history of
// the five societies plus the places, needs and resources below. No society runs: their URLs point at a
// closed port, so the saga's calls fail and it retries them in the background without touching the cases;
// what a society would answer is recorded by the tests through their own CaseApp on the same store.

export * from './casePlaces.ts';
export { caseSamples } from './caseSamples.ts';
export { failureOf } from './caseRpcs.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

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
