import type { Collection, Db } from 'mongodb';
import type { CaseEvent } from '../domain/events.ts';
import {
  activeQuantity,
  evolveCase,
  initialCaseState,
  statusOf,
  type CaseState,
  type CaseStatus,
} from '../domain/state.ts';
import type { ItemKind } from '../domain/values.ts';

/**
 * One case as lists and statistics read it (`cases` collection, `_id` = case id): the folded state, the
 * derived status, and the few facts the district statistics need, with `_v` the last stream version folded.
 */
export interface CaseViewDoc {
  _id: string;
  _v: number;
  caseId: string;
  needId: string;
  districtCode: string;
  streetCode: string;
  communityCode: string;
  category: string;
  urgency: string;
  status: CaseStatus;
  workerId: string | null;
  openedAt: string;
  closedAt: string | null;
  /** When the case's first request was confirmed by its society (time to match). */
  firstMatchAt: string | null;
  /** Requests confirmed, by kind (a confirmed request that is withdrawn later still counts as used). */
  confirmed: Record<ItemKind, number>;
  /** A donation item that active requests do not cover yet: where RouteDonations can send donations. */
  openDonationItems: boolean;
  state: CaseState;
}

export const CASE_VIEWS = 'cases';
export const caseViewsOf = (db: Db): Collection<CaseViewDoc> => db.collection<CaseViewDoc>(CASE_VIEWS);

/** The parts of a stored case event the fold reads. */
export interface FoldedEvent {
  type: string;
  payload: unknown;
  streamVersion: number;
  occurredAt: string;
}

const openDonationItems = (s: CaseState): boolean =>
  !s.closed && s.plan.some((i) => i.kind === 'donation' && activeQuantity(s, i.itemId) < i.quantity);

/** Folds one event into the view (pure). The caller applies events in stream order, each once. */
export function foldCaseView(view: CaseViewDoc | null, e: FoldedEvent): CaseViewDoc {
  // A view folded by an older version lacks the fields added since: they start as a new case's.
  const before = { ...initialCaseState(), ...view?.state };
  const event = { type: e.type, payload: e.payload } as CaseEvent;
  const state = evolveCase(before, event);
  const confirmed = { ...(view?.confirmed ?? { volunteer: 0, organization: 0, donation: 0 }) };
  let firstMatchAt = view?.firstMatchAt ?? null;
  if (event.type === 'MatchConfirmed') {
    const m = state.matches.find((x) => x.requestId === event.payload.requestId);
    if (m) confirmed[m.kind] += 1;
    firstMatchAt ??= e.occurredAt;
  }
  return {
    _id: state.caseId,
    _v: e.streamVersion,
    caseId: state.caseId,
    needId: state.needId,
    districtCode: state.place.districtCode,
    streetCode: state.place.streetCode,
    communityCode: state.place.communityCode,
    category: state.category,
    urgency: state.urgency,
    status: statusOf(state),
    workerId: state.workerId,
    openedAt: state.openedAt,
    closedAt: event.type === 'CaseClosed' ? event.payload.closedAt : (view?.closedAt ?? null),
    firstMatchAt,
    confirmed,
    openDonationItems: openDonationItems(state),
    state,
  };
}
