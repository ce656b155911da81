import { Server, ServerCredentials } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger, TokenVerifier } from '@fivesoc/service-kit';
import { READERS } from '../api/lists.ts';
import { LinkageServiceService, type LinkageServiceServer } from '../gen/fivesoc/linkage/v1/linkage.ts';
import type { ReadModelCollections } from '../readModels/collections.ts';
import type { CaseApp } from '../cases/app.ts';
import { unary } from './calls.ts';
import { readRpcs } from './reads.ts';
import { reflectionService } from './reflection.ts';
import { unimplemented } from './unimplemented.ts';

export const LINKAGE_SERVICE = 'fivesoc.linkage.v1.LinkageService';

export interface GrpcServerOptions {
  host: string;
  /** 0 picks a free port; the bound one is returned. */
  port: number;
  verifier: TokenVerifier;
  collections: ReadModelCollections;
  /** The case workflow (commands and the case streams). */
  cases: CaseApp;
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
  const implementation: LinkageServiceServer = {
    ...unimplemented(),
    listNeeds: unary(ctx, READERS, reads.listNeeds),
    listWorkers: unary(ctx, READERS, reads.listWorkers),
  };
  server.addService(LinkageServiceService, implementation);
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
