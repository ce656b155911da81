import {
  ForbiddenError,
  IllegalStateError,
  NotFoundError,
  ValidationError,
  inScope,
  type Principal,
  historyOf,
} from '@fivesoc/service-kit';
import type { CaseApp, Loaded } from '../cases/app.ts';
import type { CaseCommand } from '../cases/domain/decider.ts';
import type { CaseState } from '../cases/domain/state.ts';
import type { PolicyInForce } from '../cases/domain/policy.ts';
import { URGENCIES, caseIdOf } from '../cases/domain/values.ts';
import type { Case, GetCaseHistoryResponse } from '../gen/fivesoc/linkage/v1/linkage.ts';
import type { ReadModelCollections, Scoped } from '../readModels/collections.ts';
import { assertCanSeeCase } from './caseAccess.ts';
import { caseMessage } from './caseMessages.ts';
import { pageSizeOf } from './reads.ts';
import {
  assessRequest,
  assignWorkerRequest,
  closeCaseRequest,
  escalateCaseRequest,
  caseHistoryRequest,
  getCaseRequest,
  openCaseRequest,
  parseRequest,
  reviewRequest,
  transferCaseRequest,
} from './caseRequests.ts';

export interface CaseRpcDeps {
  app: CaseApp;
  readModels: ReadModelCollections;
}

/** A read-model place as the kit's scope check reads it (an unknown level is absent). */
export const scopePlaceOf = (d: Scoped) => ({
  districtCode: d.districtCode,
  ...(d.streetCode ? { streetCode: d.streetCode } : {}),
  ...(d.communityCode ? { communityCode: d.communityCode } : {}),
});

/** Loads a case (NOT_FOUND) the caller may see (PERMISSION_DENIED). */
export async function visibleCase(app: CaseApp, caseId: string, p: Principal): Promise<Loaded> {
  const loaded = await app.load(caseId);
  assertCanSeeCase(p, loaded.state);
  return loaded;
}

/**
 * Runs one command for the caller on a case they may see, with their expected version, and shows the result.
 * A command built from the policy (`(policy) => command`) is decided under the case district's policy.
 */
export async function runCommand(
  app: CaseApp,
  p: Principal,
  q: { caseId: string; expectedVersion?: number | undefined },
  command: CaseCommand | ((policy: PolicyInForce) => CaseCommand),
  /** A further check of the caller against the case as loaded (the stream is read once for both). */
  check?: (state: CaseState) => void | Promise<void>,
): Promise<{ case: Case }> {
  const { state } = await visibleCase(app, q.caseId, p);
  await check?.(state);
  const c = typeof command === 'function' ? command(await app.policyOf(state.place.districtCode)) : command;
  const r = await app.execute(q.caseId, c, {
    actor: p.subject,
    roles: p.roles.join(','),
    ...(q.expectedVersion !== undefined ? { expectedVersion: q.expectedVersion } : {}),
  });
  return { case: caseMessage(r.state, r.version) };
}

/**
 * The worker exists (NOT_FOUND) and covers the case: its community is one they cover, or its street is their
 * station's (the rule the saga ranks workers by); another worker is the caller's error, named by `field`.
 */
async function assertWorkerCovers(
  m: ReadModelCollections,
  workerId: string,
  place: CaseState['place'],
  field: string,
): Promise<void> {
  const w = await m.workers.findOne({ _id: `worker-${workerId}` });
  if (!w) throw new NotFoundError('worker', workerId);
  if (!w.coveredCommunityCodes.includes(place.communityCode) && w.streetCode !== place.streetCode)
    throw new ValidationError(field, `worker ${workerId} does not cover community ${place.communityCode}`);
}

/** The case lifecycle RPCs: open, read, assign, assess, review, close, transfer, escalate. */
export function caseCommandRpcs({ app, readModels }: CaseRpcDeps) {
  return {
    openCase: async (req: unknown, p: Principal) => {
      const q = parseRequest(openCaseRequest, req);
      const need = await readModels.needs.findOne({ _id: `need-${q.needId}` });
      if (!need) throw new NotFoundError('need', q.needId);
      if (!inScope(p, scopePlaceOf(need)))
        throw new ForbiddenError(`need ${q.needId} is outside your ${p.scope.level} scope`);
      const caseId = caseIdOf(q.needId);
      const exists = await app.load(caseId).then(
        () => true,
        (err: unknown) => {
          if (err instanceof NotFoundError) return false;
          throw err;
        },
      );
      // An existing case answers by the store: the first answer for the same key, else ALREADY_EXISTS.
      if (!exists) {
        if (need.status !== 'open') throw new IllegalStateError(`need ${q.needId} is ${need.status}`);
        if (!need.consentScope.includes('case_handling'))
          throw new IllegalStateError(
            `the consent recorded with need ${q.needId} does not cover case handling`,
          );
      }
      const urgency = URGENCIES.find((u) => u === need.urgency);
      if (!need.streetCode || !need.communityCode || !urgency)
        throw new IllegalStateError(`need ${q.needId} has no community or a malformed urgency`);
      const r = await app.execute(
        caseId,
        {
          kind: 'open',
          caseId,
          needId: q.needId,
          place: {
            districtCode: need.districtCode,
            streetCode: need.streetCode,
            communityCode: need.communityCode,
          },
          category: need.category,
          urgency,
          openedBy: p.subject,
        },
        {
          actor: p.subject,
          roles: p.roles.join(','),
          ...(q.idempotencyKey !== undefined ? { idempotencyKey: q.idempotencyKey } : {}),
        },
      );
      return { case: caseMessage(r.state, r.version) };
    },

    getCase: async (req: unknown, p: Principal) => {
      const q = parseRequest(getCaseRequest, req);
      const { state, version } = await visibleCase(app, q.caseId, p);
      return { case: caseMessage(state, version) };
    },

    /** Who did what, when (the case's own events, read by whoever may read the case; no personal data). */
    getCaseHistory: async (req: unknown, p: Principal): Promise<GetCaseHistoryResponse> => {
      const q = parseRequest(caseHistoryRequest, req);
      await visibleCase(app, q.caseId, p);
      const page = historyOf(await app.history(q.caseId, q.afterVersion), {
        after: q.afterVersion,
        limit: pageSizeOf(q.pageSize),
      });
      return {
        entries: page.entries.map((e) => ({
          version: e.version,
          type: e.type,
          words: e.words,
          at: new Date(e.at),
          actor: e.actor,
          roles: e.roles,
          command: e.command ?? '',
          correlationId: e.correlationId ?? '',
        })),
        nextAfterVersion: page.nextAfter ?? 0,
      };
    },

    assignWorker: async (req: unknown, p: Principal) => {
      const q = parseRequest(assignWorkerRequest, req);
      const { state } = await visibleCase(app, q.caseId, p);
      await assertWorkerCovers(readModels, q.workerId, state.place, 'worker_id');
      return runCommand(app, p, q, { kind: 'assignWorker', workerId: q.workerId });
    },

    assess: async (req: unknown, p: Principal) => {
      const q = parseRequest(assessRequest, req);
      return runCommand(app, p, q, (policy) => ({
        kind: 'assess',
        riskLevel: q.riskLevel,
        needsIdentified: q.needsIdentified,
        urgency: q.urgency,
        policy,
      }));
    },

    review: async (req: unknown, p: Principal) => {
      const q = parseRequest(reviewRequest, req);
      return runCommand(app, p, q, { kind: 'review', rating: q.rating });
    },

    closeCase: async (req: unknown, p: Principal) => {
      const q = parseRequest(closeCaseRequest, req);
      return runCommand(app, p, q, (policy) => ({ kind: 'close', outcome: q.outcome, policy }));
    },

    transferCase: async (req: unknown, p: Principal) => {
      const q = parseRequest(transferCaseRequest, req);
      const { state } = await visibleCase(app, q.caseId, p);
      await assertWorkerCovers(readModels, q.toWorkerId, state.place, 'to_worker_id');
      return runCommand(app, p, q, { kind: 'transfer', toWorkerId: q.toWorkerId, reason: q.reason });
    },

    escalateCase: async (req: unknown, p: Principal) => {
      const q = parseRequest(escalateCaseRequest, req);
      return runCommand(app, p, q, { kind: 'escalate', reason: q.reason });
    },
  };
}
