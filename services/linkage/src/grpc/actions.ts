import type { ServerWritableStream } from '@grpc/grpc-js';
import type { Collection } from 'mongodb';
import { scopeFilter, type Principal } from '@fivesoc/service-kit';
import type { CaseApp } from '../cases/app.ts';
import { initialCaseState } from '../cases/domain/state.ts';
import type { CaseViewDoc } from '../cases/projection/caseView.ts';
import {
  countsOf,
  sortActions,
  supervisorActions,
  workerActions,
  type ActionItem,
} from '../cases/inbox/actions.ts';
import type { ReadModelCollections } from '../readModels/collections.ts';
import type {
  ListActionsResponse,
  WatchActionsRequest,
  WatchActionsResponse,
} from '../gen/fivesoc/linkage/v1/linkage.ts';
import { expired } from './calls.ts';
import { listActionsRequest, parseRequest } from './caseRequests.ts';
import { pageSizeOf } from './reads.ts';

export interface ActionDeps {
  app: CaseApp;
  views: Collection<CaseViewDoc>;
  readModels: ReadModelCollections;
}

/** Every action of the caller: as a social worker on their cases, as a supervisor in their place. */
export async function actionsFor(d: ActionDeps, p: Principal, now = new Date()): Promise<ActionItem[]> {
  const items: ActionItem[] = [];
  if (p.roles.includes('social_worker')) {
    const mine = await d.views
      .find({ $or: [{ workerId: p.subject }, { 'state.transfer.toWorkerId': p.subject }] })
      .toArray();
    for (const v of mine) items.push(...workerActions({ ...initialCaseState(), ...v.state }, p.subject, now));
  }
  if (p.roles.includes('supervisor')) {
    const place = await d.views.find({ ...scopeFilter(p), status: { $ne: 'closed' } }).toArray();
    for (const v of place)
      items.push(...supervisorActions({ ...initialCaseState(), ...v.state }, p.scope.level));
    for (const w of await d.readModels.workers.find({ ...scopeFilter(p), status: 'active' }).toArray())
      if (w.maxCaseload > 0 && w.activeCases >= w.maxCaseload)
        items.push({
          kind: 'worker_over_caseload',
          caseId: '',
          place: null,
          workerId: w.workerId,
          subject: w.workerId,
          dueAt: null,
          detail: `${w.activeCases}/${w.maxCaseload}`,
        });
  }
  // A person who is both sees one item once.
  const seen = new Set<string>();
  return sortActions(items).filter((i) => {
    const key = `${i.kind}|${i.caseId}|${i.subject}|${i.workerId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function responseOf(items: ActionItem[], pageSize: number): ListActionsResponse {
  return {
    actions: items.slice(0, pageSize).map((i) => ({
      kind: i.kind,
      caseId: i.caseId,
      ...(i.place ? { place: { ...i.place } } : {}),
      workerId: i.workerId,
      subject: i.subject,
      ...(i.dueAt ? { dueAt: new Date(i.dueAt) } : {}),
      detail: i.detail,
    })),
    counts: countsOf(items),
  };
}

/** The shortest time between two looks of one watched inbox. */
const MIN_LOOK_GAP_MS = 1_000;

export function actionRpcs(d: ActionDeps, pollMs = 15_000) {
  return {
    listActions: async (req: unknown, p: Principal): Promise<ListActionsResponse> => {
      const q = parseRequest(listActionsRequest, req);
      return responseOf(await actionsFor(d, p), pageSizeOf(q.pageSize));
    },

    /**
     * The inbox now, then again whenever it changes: looked at shortly after every append of this instance
     * (the projection follows by a moment; a task coming due is an append by the saga's timer) and every
     * `pollMs` for other instances' appends and tasks entering their last 7 days. Ends when the client
     * cancels or the deadline passes.
     */
    watchActions: async (
      req: unknown,
      p: Principal,
      call: ServerWritableStream<WatchActionsRequest, WatchActionsResponse>,
    ): Promise<void> => {
      const q = parseRequest(listActionsRequest, req);
      const size = pageSizeOf(q.pageSize);
      let wake = () => {};
      // Appends are coalesced: one look 300 ms after the first append of a burst, and at most one look a
      // second however fast cases change (under load every open inbox would otherwise rescan back to back).
      // An append while a look runs is not lost: `dirty` sends the loop round again without waiting.
      let dirty = false;
      let pending: NodeJS.Timeout | undefined;
      const onAppended = () => {
        pending ??= setTimeout(() => {
          pending = undefined;
          dirty = true;
          wake();
        }, 300);
      };
      const onGone = () => wake();
      d.app.events.on('appended', onAppended);
      call.on('cancelled', onGone);
      let last = '';
      try {
        while (!expired(call) && !call.cancelled) {
          const lookedAt = Date.now();
          dirty = false;
          const r = responseOf(await actionsFor(d, p), size);
          const now = JSON.stringify(r);
          if (now !== last) {
            last = now;
            call.write(r);
          }
          await new Promise<void>((resolve) => {
            if (dirty) return resolve();
            const t = setTimeout(resolve, pollMs);
            wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
          wake = () => {};
          const gap = lookedAt + MIN_LOOK_GAP_MS - Date.now();
          if (gap > 0 && !call.cancelled) await new Promise((resolve) => setTimeout(resolve, gap));
        }
      } finally {
        clearTimeout(pending);
        d.app.events.off('appended', onAppended);
        call.off('cancelled', onGone);
      }
    },
  };
}
