import type { ServerWritableStream } from '@grpc/grpc-js';
import type { Principal } from '@fivesoc/service-kit';
import type { CaseApp } from '../cases/app.ts';
import type { WatchCaseRequest, WatchCaseResponse } from '../gen/fivesoc/linkage/v1/linkage.ts';
import { expired } from './calls.ts';
import { visibleCase } from './caseCommands.ts';
import { eventMessage } from './caseMessages.ts';
import { parseRequest, watchCaseRequest } from './caseRequests.ts';

type Call = ServerWritableStream<WatchCaseRequest, WatchCaseResponse>;

/** Milliseconds until the call's deadline, or undefined when it has none. */
function msToDeadline(call: Call): number | undefined {
  const d = call.getDeadline();
  const at = d instanceof Date ? d.getTime() : d;
  return Number.isFinite(at) && at > 0 ? Math.max(0, at - Date.now()) : undefined;
}

/** Writes one message, waiting for the client to drain a full buffer (or to go away). */
async function send(call: Call, message: WatchCaseResponse): Promise<void> {
  if (call.write(message)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
  });
}

/**
 * WatchCase: the case's stored events after `after_version`, then new ones as they are stored. This
 * instance's appends wake the stream at once (CaseApp's `appended`); appends by other instances are found by
 * reading the stream every `pollMs`. The stream ends with OK after it has sent CaseClosed, and stops when the
 * client cancels or the deadline passes (DEADLINE_EXCEEDED).
 */
export function watchCaseRpc(app: CaseApp, pollMs = 500) {
  return async (req: unknown, p: Principal, call: Call): Promise<void> => {
    const q = parseRequest(watchCaseRequest, req);
    const loaded = await visibleCase(app, q.caseId, p);
    if (loaded.state.closed && q.afterVersion >= loaded.version) return;

    let after = q.afterVersion;
    let dirty: boolean;
    let wake = () => {};
    const onAppended = (caseId: string) => {
      if (caseId !== q.caseId) return;
      dirty = true;
      wake();
    };
    const onGone = () => wake();
    app.events.on('appended', onAppended);
    call.on('cancelled', onGone);
    const toDeadline = msToDeadline(call);
    const deadlineTimer =
      toDeadline === undefined ? undefined : setTimeout(onGone, Math.min(toDeadline + 1, 2 ** 31 - 1));
    try {
      while (!expired(call)) {
        dirty = false;
        for (const e of await app.history(q.caseId, after)) {
          if (expired(call)) return;
          await send(call, eventMessage(e));
          after = e.streamVersion;
          if (e.type === 'CaseClosed') return;
        }
        if (dirty || expired(call)) continue;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        wake = () => {};
      }
    } finally {
      app.events.off('appended', onAppended);
      call.off('cancelled', onGone);
      if (deadlineTimer) clearTimeout(deadlineTimer);
    }
  };
}
