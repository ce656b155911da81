import {
  credentials,
  Metadata,
  type CallOptions,
  type ClientUnaryCall,
  type ServiceError,
} from '@grpc/grpc-js';
import { LinkageServiceClient, type Case, type WatchCaseResponse } from '@fivesoc/linkage/client';

type Unary<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

/** linkage's gRPC API with promises, a bearer token in the metadata and a deadline on every call. */
export function linkageClient(address: string, token: () => Promise<string>, deadlineMs = 30_000) {
  const client = new LinkageServiceClient(address, credentials.createInsecure());
  const metadata = async () => {
    const m = new Metadata();
    m.set('authorization', `Bearer ${await token()}`);
    return m;
  };
  const unary =
    <Req, Res>(fn: Unary<Req, Res>) =>
    async (request: Req): Promise<Res> => {
      const md = await metadata();
      return new Promise<Res>((resolve, reject) =>
        fn.call(client, request, md, { deadline: Date.now() + deadlineMs }, (err, res) =>
          err ? reject(err) : resolve(res),
        ),
      );
    };
  return {
    close: () => client.close(),
    openCase: unary(client.openCase),
    getCase: unary(client.getCase),
    listCases: unary(client.listCases),
    assess: unary(client.assess),
    plan: unary(client.plan),
    proposeMatches: unary(client.proposeMatches),
    acceptMatch: unary(client.acceptMatch),
    rejectMatch: unary(client.rejectMatch),
    recordDelivery: unary(client.recordDelivery),
    review: unary(client.review),
    closeCase: unary(client.closeCase),
    transferCase: unary(client.transferCase),
    escalateCase: unary(client.escalateCase),
    routeDonations: unary(client.routeDonations),
    getDistrictStatistics: unary(client.getDistrictStatistics),
    /** The case's events from `afterVersion` on, handed to `onEvent` until the stream ends or `stop()`. */
    async watch(caseId: string, afterVersion: number, onEvent: (e: WatchCaseResponse) => void) {
      const call = client.watchCase({ caseId, afterVersion }, await metadata());
      const ended = new Promise<void>((resolve, reject) => {
        call.on('data', onEvent);
        call.on('end', resolve);
        call.on('error', (err: ServiceError) => (err.code === 1 ? resolve() : reject(err)));
      });
      return { ended, stop: () => call.cancel() };
    },
  };
}

export type LinkageClient = ReturnType<typeof linkageClient>;

/** The case now, or the first one `until` accepts (polled; linkage applies answers asynchronously). */
export async function waitForCase(
  api: LinkageClient,
  caseId: string,
  until: (c: Case) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<Case> {
  const deadline = Date.now() + timeoutMs;
  let last: Case | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = (await api.getCase({ caseId })).case;
      if (last && until(last)) return last;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(
    `case ${caseId}: ${what} did not happen within ${timeoutMs} ms; last seen ${JSON.stringify(last ?? String(lastError)).slice(0, 3000)}`,
  );
}
