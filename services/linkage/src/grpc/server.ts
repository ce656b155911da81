import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { Collection } from 'mongodb';
import { HealthImplementation } from 'grpc-health-check';
import { instrumentGrpc, type Logger, type TokenVerifier } from '@fivesoc/service-kit';
import { READERS } from '../api/lists.ts';
import { LinkageServiceService, type LinkageServiceServer } from '../gen/fivesoc/linkage/v1/linkage.ts';
import type { ReadModelCollections } from '../readModels/collections.ts';
import type { CaseApp } from '../cases/app.ts';
import type { CaseViewDoc } from '../cases/projection/caseView.ts';
import { serverStream, unary } from './calls.ts';
import { CASE_READERS, CASE_RUNNERS, DISPATCHERS, ROUTERS, SUPERVISORS } from './caseAccess.ts';
import { caseCommandRpcs } from './caseCommands.ts';
import { caseListRpcs } from './caseLists.ts';
import { caseMatchRpcs } from './caseMatches.ts';
import { readRpcs } from './reads.ts';
import { reflectionService } from './reflection.ts';
import { routeDonationsRpc } from './routeDonations.ts';
import { watchCaseRpc } from './watchCase.ts';

export const LINKAGE_SERVICE = 'fivesoc.linkage.v1.LinkageService';

export interface GrpcServerOptions {
  host: string;
  /** 0 picks a free port; the bound one is returned. */
  port: number;
  verifier: TokenVerifier;
  collections: ReadModelCollections;
  /** The case workflow (commands and the case streams). */
  cases: CaseApp;
  /** The case projection (`startCaseProjection`): lists, statistics, routing. */
  caseViews: Collection<CaseViewDoc>;
  /** How often WatchCase reads the stream for appends by other instances (default 500 ms). */
  watchPollMs?: number;
  logger: Logger;
}

export interface RunningGrpcServer {
  port: number;
  stop(): Promise<void>;
}

/** LinkageService with the standard health (SERVING once bound) and reflection services. */
export async function startGrpcServer(o: GrpcServerOptions): Promise<RunningGrpcServer> {
  const server = new Server();
  const ctx = { verifier: o.verifier, logger: o.logger };
  const reads = readRpcs(o.collections);
  const deps = { app: o.cases, readModels: o.collections, views: o.caseViews };
  const steps = caseCommandRpcs(deps);
  const matches = caseMatchRpcs(deps);
  const lists = caseListRpcs(o.caseViews);
  const implementation: LinkageServiceServer = {
    listNeeds: unary(ctx, READERS, reads.listNeeds),
    listWorkers: unary(ctx, READERS, reads.listWorkers),
    openCase: unary(ctx, CASE_RUNNERS, steps.openCase),
    getCase: unary(ctx, CASE_READERS, steps.getCase),
    listCases: unary(ctx, CASE_READERS, lists.listCases),
    assignWorker: unary(ctx, DISPATCHERS, steps.assignWorker),
    assess: unary(ctx, CASE_RUNNERS, steps.assess),
    plan: unary(ctx, CASE_RUNNERS, matches.plan),
    proposeMatches: unary(ctx, CASE_RUNNERS, matches.proposeMatches),
    acceptMatch: unary(ctx, CASE_RUNNERS, matches.acceptMatch),
    rejectMatch: unary(ctx, CASE_RUNNERS, matches.rejectMatch),
    recordDelivery: unary(ctx, CASE_RUNNERS, matches.recordDelivery),
    review: unary(ctx, CASE_RUNNERS, steps.review),
    closeCase: unary(ctx, CASE_RUNNERS, steps.closeCase),
    transferCase: unary(ctx, SUPERVISORS, steps.transferCase),
    escalateCase: unary(ctx, SUPERVISORS, steps.escalateCase),
    routeDonations: unary(ctx, ROUTERS, routeDonationsRpc(deps)),
    watchCase: serverStream(ctx, CASE_READERS, watchCaseRpc(o.cases, o.watchPollMs)),
    getDistrictStatistics: unary(ctx, CASE_READERS, lists.getDistrictStatistics),
  };
  server.addService(LinkageServiceService, instrumentGrpc(LINKAGE_SERVICE, implementation));
  const health = new HealthImplementation({ '': 'NOT_SERVING', [LINKAGE_SERVICE]: 'NOT_SERVING' });
  health.addToServer(server);
  reflectionService().addToServer(server);

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${o.host}:${o.port}`, ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    );
  });
  health.setStatus('', 'SERVING');
  health.setStatus(LINKAGE_SERVICE, 'SERVING');
  o.logger.info({ host: o.host, port }, 'grpc listening');

  return {
    port,
    async stop() {
      health.setStatus('', 'NOT_SERVING');
      health.setStatus(LINKAGE_SERVICE, 'NOT_SERVING');
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), 5_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
