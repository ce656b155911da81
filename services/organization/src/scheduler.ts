import type { Db } from 'mongodb';
import type { EventStore, Wakeable } from '@fivesoc/eventing';
import type { LifecycleConfig } from './domain/organization/lifecycle.ts';
import type { AssessmentDeps } from './api/assessment.ts';
import { derivedOf, organizationsCollection } from './projections/organizations.ts';
import { commandsOf, loadOrganization } from './api/deps.ts';

/**
 * Applies the lifecycle steps due by `now` to each organization. Safe with several instances: each
 * organization's steps are appended at the version they were decided on, so when two runs race one
 * append wins and the other decides again on the new state, where nothing is due any more. After
 * downtime one run applies every step due since, each dated when it fell due.
 */
export async function applyDueTransitions(
  store: EventStore,
  organizationIds: readonly string[],
  now: Date,
  config: LifecycleConfig,
  relay?: Wakeable,
): Promise<{ applied: number }> {
  const organizations = commandsOf({ store, ...(relay ? { relay } : {}) }).organization;
  let applied = 0;
  for (const id of organizationIds) {
    const r = await organizations.run(
      id,
      { kind: 'applyDueTransitions', config },
      {
        now,
        metadata: { correlationId: `scheduler:${now.toISOString()}`, actor: 'system:scheduler' },
        retriesOnConflict: 5,
      },
    );
    applied += r.events.length;
  }
  return { applied };
}

/** The organizations the scheduler looks at: registered or filed, not yet exited (from the list model). */
export async function scheduledOrganizations(db: Db): Promise<string[]> {
  const rows = await organizationsCollection(db)
    .find(
      { registration: { $in: ['registered', 'filed'] }, activity: { $ne: 'exited' } },
      { projection: { _id: 1 } },
    )
    .toArray();
  return rows.map((r) => r._id);
}

/**
 * Recomputes catalogue membership that time alone changes (an evaluation expires, a report falls due):
 * events recompute it at once, this catches the rest on each scheduler run. Returns how many changed.
 */
export async function refreshCatalogue(deps: AssessmentDeps, now: Date): Promise<number> {
  const rows = organizationsCollection(deps.db);
  let changed = 0;
  for (const row of await rows
    .find({}, { projection: { _id: 1, rating: 1, eligible: 1, eligibilityChecks: 1 } })
    .toArray()) {
    const { state } = await loadOrganization(deps.store, row._id);
    const fresh = await derivedOf(deps, state, now);
    if (
      fresh.rating === row.rating &&
      JSON.stringify(fresh.eligibilityChecks) === JSON.stringify(row.eligibilityChecks)
    )
      continue;
    await rows.updateOne({ _id: row._id }, { $set: fresh });
    changed++;
  }
  return changed;
}

/** One scheduler run: the due lifecycle steps, then the catalogue membership time has changed. */
export async function runScheduler(
  deps: AssessmentDeps & { lifecycle: LifecycleConfig; relay?: Wakeable },
  now: Date,
): Promise<{ applied: number; catalogueChanges: number }> {
  const { applied } = await applyDueTransitions(
    deps.store,
    await scheduledOrganizations(deps.db),
    now,
    deps.lifecycle,
    deps.relay,
  );
  return { applied, catalogueChanges: await refreshCatalogue(deps, now) };
}
