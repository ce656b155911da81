import {
  credentials,
  Metadata,
  status,
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
        fn(request, md, { deadline: Date.now() + deadlineMs }, (err, res) =>
          err ? reject(err) : resolve(res),
        ),
      );
    };
  return {
    close: () => client.close(),
    openCase: unary(client.openCase.bind(client)),
    getCase: unary(client.getCase.bind(client)),
    listCases: unary(client.listCases.bind(client)),
    assess: unary(client.assess.bind(client)),
    plan: unary(client.plan.bind(client)),
    proposeMatches: unary(client.proposeMatches.bind(client)),
    acceptMatch: unary(client.acceptMatch.bind(client)),
    rejectMatch: unary(client.rejectMatch.bind(client)),
    recordDelivery: unary(client.recordDelivery.bind(client)),
    review: unary(client.review.bind(client)),
    closeCase: unary(client.closeCase.bind(client)),
    transferCase: unary(client.transferCase.bind(client)),
    escalateCase: unary(client.escalateCase.bind(client)),
    routeDonations: unary(client.routeDonations.bind(client)),
    getDistrictStatistics: unary(client.getDistrictStatistics.bind(client)),
    getCaseHistory: unary(client.getCaseHistory.bind(client)),
    getCasePolicy: unary(client.getCasePolicy.bind(client)),
    setCasePolicy: unary(client.setCasePolicy.bind(client)),
    approveStep: unary(client.approveStep.bind(client)),
    returnStep: unary(client.returnStep.bind(client)),
    answerTransfer: unary(client.answerTransfer.bind(client)),
    takeEscalation: unary(client.takeEscalation.bind(client)),
    addTask: unary(client.addTask.bind(client)),
    completeTask: unary(client.completeTask.bind(client)),
    listActions: unary(client.listActions.bind(client)),
    /** The case's events from `afterVersion` on, handed to `onEvent` until the stream ends or `stop()`. */
    async watch(caseId: string, afterVersion: number, onEvent: (e: WatchCaseResponse) => void) {
      const call = client.watchCase({ caseId, afterVersion }, await metadata());
      const ended = new Promise<void>((resolve, reject) => {
        call.on('data', onEvent);
        call.on('end', resolve);
        call.on('error', (err: ServiceError) => (err.code === status.CANCELLED ? resolve() : reject(err)));
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
