import type { Collection } from 'mongodb';
import type { ServiceContext } from '@fivesoc/service-kit';
import { applyOnce, startProjection, type EventEnvelope, type StoredEvent } from '@fivesoc/eventing';
import { caseRegistry } from '../domain/events.ts';
import { caseViewsOf, foldCaseView, type CaseViewDoc } from './caseView.ts';

export interface CaseProjection {
  views: Collection<CaseViewDoc>;
  stop(): Promise<void>;
}

/** Reads a case's stored events after a version (CaseApp.history), to fill a gap in what was consumed. */
export type CaseHistory = (caseId: string, afterVersion: number) => Promise<StoredEvent[]>;

/**
 * Folds one case event into its view. An event at or below the folded version is a redelivery and changes
 * nothing; one that skips versions (a view dropped by hand, say) folds the missing ones from the stream
 * first, so the view is always a prefix of the stream. Writes go through `applyOnce` (version guarded).
 */
export async function projectCaseEvent(
  views: Collection<CaseViewDoc>,
  history: CaseHistory,
  e: EventEnvelope,
): Promise<void> {
  if (!e.streamId.startsWith('case-')) return;
  const caseId = e.streamId.slice('case-'.length);
  const view = await views.findOne({ _id: caseId });
  const at = view?._v ?? 0;
  if (e.streamVersion <= at) return;
  const events =
    e.streamVersion === at + 1
      ? [e]
      : (await history(caseId, at)).filter((x) => x.streamVersion <= e.streamVersion);
  let next = view;
  for (const x of events) next = foldCaseView(next, x);
  if (!next) return;
  const { _id, _v, ...fields } = next;
  await applyOnce(views, _id, _v, { $set: fields });
}

/**
 * The case projection: a consumer group (`<MONGODB_DB>.case-projection`) of linkage's own topic folding
 * every case event into the `cases` collection, which ListCases, GetDistrictStatistics and RouteDonations
 * read. It follows the stream by the relay's and the consumer's latency; GetCase reads the stream itself.
 */
export async function startCaseProjection(
  ctx: ServiceContext,
  history: CaseHistory,
): Promise<CaseProjection> {
  const views = caseViewsOf(ctx.db);
  const consumer = await startProjection(ctx, 'case-projection', caseRegistry, (e) =>
    projectCaseEvent(views, history, e),
  );
  return { views, stop: () => consumer.stop() };
}
