import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { Collection } from 'mongodb';
import { HealthImplementation } from 'grpc-health-check';
import {
  instrumentGrpc,
  type Logger,
  type PersonalDataVault,
  type TokenVerifier,
} from '@fivesoc/service-kit';
import { LinkageServiceService, type LinkageServiceServer } from '../gen/fivesoc/linkage/v1/linkage.ts';
import type { ReadModelCollections } from '../readModels/collections.ts';
import type { CaseApp } from '../cases/app.ts';
import type { CaseViewDoc } from '../cases/projection/caseView.ts';
import { serverStream, unary, withTolerantDecoding } from './calls.ts';
import { RPC_ACCESS } from './caseAccess.ts';
import { caseCommandRpcs } from './caseCommands.ts';
import { caseListRpcs } from './caseLists.ts';
import { caseMatchRpcs } from './caseMatches.ts';
import { readRpcs } from './reads.ts';
import { reflectionService } from './reflection.ts';
import { routeDonationsRpc } from './routeDonations.ts';
import { watchCaseRpc } from './watchCase.ts';
import { supervisionRpcs } from './supervision.ts';
import { actionRpcs } from './actions.ts';

export const LINKAGE_SERVICE = 'fivesoc.linkage.v1.LinkageService';

export interface GrpcServerOptions {
  host: string;
  /** 0 picks a free port; the bound one is returned. */
  port: number;
  verifier: TokenVerifier;
  collections: ReadModelCollections;
  /** The case workflow (commands and the case streams). */
  cases: CaseApp;
  /** Seals and opens the supervisors' notes (linkage's own keys). */
  vault: PersonalDataVault;
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

/** Refuses to serve an RPC of the service definition that has no access declaration (roles and scope). */
export function assertEveryRpcDeclared(): void {
  const declared = RPC_ACCESS as Record<string, unknown>;
  const missing = Object.keys(LinkageServiceService).filter((m) => !declared[m]);
  if (missing.length > 0)
    throw new Error(`RPCs without roles and scope in RPC_ACCESS: ${missing.join(', ')}`);
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
  const supervision = supervisionRpcs({ ...deps, vault: o.vault });
  const actions = actionRpcs({ app: o.cases, views: o.caseViews, readModels: o.collections });
  const implementation: LinkageServiceServer = {
    listNeeds: unary(ctx, RPC_ACCESS.listNeeds.roles, reads.listNeeds),
    listWorkers: unary(ctx, RPC_ACCESS.listWorkers.roles, reads.listWorkers),
    openCase: unary(ctx, RPC_ACCESS.openCase.roles, steps.openCase),
    getCase: unary(ctx, RPC_ACCESS.getCase.roles, steps.getCase),
    listCases: unary(ctx, RPC_ACCESS.listCases.roles, lists.listCases),
    assignWorker: unary(ctx, RPC_ACCESS.assignWorker.roles, steps.assignWorker),
    assess: unary(ctx, RPC_ACCESS.assess.roles, steps.assess),
    plan: unary(ctx, RPC_ACCESS.plan.roles, matches.plan),
    proposeMatches: unary(ctx, RPC_ACCESS.proposeMatches.roles, matches.proposeMatches),
    acceptMatch: unary(ctx, RPC_ACCESS.acceptMatch.roles, matches.acceptMatch),
    rejectMatch: unary(ctx, RPC_ACCESS.rejectMatch.roles, matches.rejectMatch),
    recordDelivery: unary(ctx, RPC_ACCESS.recordDelivery.roles, matches.recordDelivery),
    review: unary(ctx, RPC_ACCESS.review.roles, steps.review),
    closeCase: unary(ctx, RPC_ACCESS.closeCase.roles, steps.closeCase),
    transferCase: unary(ctx, RPC_ACCESS.transferCase.roles, steps.transferCase),
    escalateCase: unary(ctx, RPC_ACCESS.escalateCase.roles, steps.escalateCase),
    routeDonations: unary(ctx, RPC_ACCESS.routeDonations.roles, routeDonationsRpc(deps)),
    watchCase: serverStream(ctx, RPC_ACCESS.watchCase.roles, watchCaseRpc(o.cases, o.watchPollMs)),
    getDistrictStatistics: unary(ctx, RPC_ACCESS.getDistrictStatistics.roles, lists.getDistrictStatistics),
    getCaseHistory: unary(ctx, RPC_ACCESS.getCaseHistory.roles, steps.getCaseHistory),
    getCasePolicy: unary(ctx, RPC_ACCESS.getCasePolicy.roles, supervision.getCasePolicy),
    setCasePolicy: unary(ctx, RPC_ACCESS.setCasePolicy.roles, supervision.setCasePolicy),
    approveStep: unary(ctx, RPC_ACCESS.approveStep.roles, supervision.approveStep),
    returnStep: unary(ctx, RPC_ACCESS.returnStep.roles, supervision.returnStep),
    getApprovalNote: unary(ctx, RPC_ACCESS.getApprovalNote.roles, supervision.getApprovalNote),
    answerTransfer: unary(ctx, RPC_ACCESS.answerTransfer.roles, supervision.answerTransfer),
    takeEscalation: unary(ctx, RPC_ACCESS.takeEscalation.roles, supervision.takeEscalation),
    addTask: unary(ctx, RPC_ACCESS.addTask.roles, supervision.addTask),
    completeTask: unary(ctx, RPC_ACCESS.completeTask.roles, supervision.completeTask),
    listActions: unary(ctx, RPC_ACCESS.listActions.roles, actions.listActions),
    watchActions: serverStream(ctx, RPC_ACCESS.watchActions.roles, actions.watchActions),
  };
  assertEveryRpcDeclared();
  server.addService(
    withTolerantDecoding(LinkageServiceService),
    instrumentGrpc(LINKAGE_SERVICE, implementation),
  );
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
