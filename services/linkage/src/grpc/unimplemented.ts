import { status, type ServerUnaryCall, type ServerWritableStream, type sendUnaryData } from '@grpc/grpc-js';
import type { LinkageServiceServer } from '../gen/fivesoc/linkage/v1/linkage.ts';

/** Which part of issue 6 builds each RPC that is declared in the proto but not served yet. */
const PLANNED = {
  openCase: 'issue 6 §2 (the case workflow)',
  getCase: 'issue 6 §2 (the case workflow)',
  listCases: 'issue 6 §2 (the case workflow) with its case list read model',
  assignWorker: 'issue 6 §2 (the case workflow)',
  assess: 'issue 6 §2 (the case workflow)',
  plan: 'issue 6 §2 (the case workflow)',
  proposeMatches: 'issue 6 §4 (resource matching: top-k per plan item with score breakdowns)',
  acceptMatch: 'issue 6 §3 (confirming matches with the societies)',
  rejectMatch: 'issue 6 §3 (confirming matches with the societies)',
  recordDelivery: 'issue 6 §2 (the case workflow)',
  review: 'issue 6 §2 (the case workflow)',
  closeCase: 'issue 6 §2 (the case workflow)',
  transferCase: 'issue 6 §2 (the case workflow)',
  escalateCase: 'issue 6 §2 (the case workflow)',
  routeDonations: 'issue 6 §4 (batch routing of donations, optimal assignment)',
  getDistrictStatistics: 'issue 6 §5 (district statistics over the case read model)',
  watchCase: 'issue 6 §5 (a server stream of a case’s events)',
} as const;

type Planned = keyof typeof PLANNED;

const message = (rpc: Planned) => `not implemented yet: built by ${PLANNED[rpc]}`;

const unaryStub =
  (rpc: Planned) =>
  <Req, Res>(_call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void =>
    callback({ code: status.UNIMPLEMENTED, details: message(rpc), message: message(rpc) });

/** Every case RPC not built yet answers UNIMPLEMENTED naming what builds it; no fake results. */
export function unimplemented(): Pick<LinkageServiceServer, Planned> {
  return {
    openCase: unaryStub('openCase'),
    getCase: unaryStub('getCase'),
    listCases: unaryStub('listCases'),
    assignWorker: unaryStub('assignWorker'),
    assess: unaryStub('assess'),
    plan: unaryStub('plan'),
    proposeMatches: unaryStub('proposeMatches'),
    acceptMatch: unaryStub('acceptMatch'),
    rejectMatch: unaryStub('rejectMatch'),
    recordDelivery: unaryStub('recordDelivery'),
    review: unaryStub('review'),
    closeCase: unaryStub('closeCase'),
    transferCase: unaryStub('transferCase'),
    escalateCase: unaryStub('escalateCase'),
    routeDonations: unaryStub('routeDonations'),
    getDistrictStatistics: unaryStub('getDistrictStatistics'),
    watchCase: <Req, Res>(call: ServerWritableStream<Req, Res>) => {
      call.emit('error', { code: status.UNIMPLEMENTED, details: message('watchCase') });
    },
  };
}
