import type { CallOptions, ClientUnaryCall, Metadata, ServiceError } from '@grpc/grpc-js';
import { expect } from 'vitest';
import type { LinkageServiceClient } from '../gen/fivesoc/linkage/v1/linkage.ts';

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
export function rpcsOf(c: LinkageServiceClient) {
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
