import { ensureLocalKeys, readPem, signLocalToken, type Role } from '@fivesoc/service-kit';
import { tree, type SeedSizes } from './generate.ts';
import { client, type Client } from './http.ts';
import { loadMigrations } from './migrationSteps.ts';
import { loadOrganizations } from './organizationSteps.ts';
import { loadCharity, loadNeeds, loadTree, loadVolunteers, loadWorkers, type StepContext } from './steps.ts';
import { tally, type LoadResult } from './tally.ts';

export type ServiceName = 'community' | 'organization' | 'socialWorker' | 'volunteer' | 'charity';

/** The native stack's ports are `--port-base` plus these (services/<name>/README.md). */
export const PORT_OFFSETS: Record<ServiceName, number> = {
  community: 1,
  organization: 2,
  socialWorker: 3,
  volunteer: 4,
  charity: 5,
};

export const urlsFor = (portBase: number): Record<ServiceName, string> =>
  Object.fromEntries(
    Object.entries(PORT_OFFSETS).map(([name, offset]) => [name, `http://127.0.0.1:${portBase + offset}`]),
  ) as Record<ServiceName, string>;

export interface LoadOptions {
  /** Base URLs (127.0.0.1 only); a service left out is skipped. */
  urls: Partial<Record<ServiceName, string>>;
  /** Where the local signing key pair lives (`.stack/auth`); it is made if missing. */
  keysDir: string;
  seed: number;
  sizes: SeedSizes;
  log?: (line: string) => void;
  /** Requests in flight per step, at most 8 (default 8). */
  concurrency?: number;
  /** Told about a service that was skipped (no URL, or its /healthz did not answer). */
  onSkip?: (service: ServiceName, reason: string) => void;
}

export const DISTRICT_SCOPE = { scopeLevel: 'district', scopeCode: '420106' } as const;
const SUBJECT = 'seed-loader';

/**
 * Loads the demo data set into the running services through their HTTP APIs, in dependency order: the tree
 * and needs (community), workers, volunteers, donors/funds/donations (charity), then organizations and the
 * organization migrated from the district's earlier registry (on its way out: abnormal → zombie → exit notice). Every
 * record is deterministic from the seed, and a second run creates nothing: records are looked up before
 * they are made, creates carry the record id as Idempotency-Key, and 409 counts as existing.
 */
export async function loadDemo(opts: LoadOptions): Promise<LoadResult> {
  const log = opts.log ?? (() => {});
  const pem = readPem((await ensureLocalKeys(opts.keysDir)).privateKeyFile);
  const sign = (roles: Role[], subject = SUBJECT) =>
    signLocalToken(pem, { subject, roles, ...DISTRICT_SCOPE, expiresIn: '2h' });
  const admin = await sign(['district_admin']);
  const api = (name: ServiceName): Client | undefined => {
    const url = opts.urls[name];
    return url ? client(url, admin) : undefined;
  };

  const result: LoadResult = {};
  const ctx: StepContext = {
    seed: opts.seed,
    sizes: opts.sizes,
    tree: tree(opts.sizes),
    concurrency: Math.min(8, Math.max(1, opts.concurrency ?? 8)),
    subject: SUBJECT,
    mark: tally(result, log),
    log,
  };
  const skip = (name: ServiceName, reason: string) => {
    log(`seed: warning: ${name} ${reason}: skipped`);
    opts.onSkip?.(name, reason);
  };
  const run = async (name: ServiceName, step: (api: Client) => Promise<void>) => {
    const a = api(name);
    if (!a) return skip(name, 'has no URL');
    const health = await a.call('GET', '/healthz').catch((err: Error) => err);
    if (health instanceof Error || health.status !== 200) {
      const why = health instanceof Error ? health.message : `answers ${health.status}`;
      return skip(name, `at ${opts.urls[name]} is not reachable (/healthz: ${why})`);
    }
    await step(a);
  };

  await run('community', async (a) => {
    await loadTree(ctx, a);
    await loadNeeds(ctx, a);
  });
  await run('socialWorker', (a) => loadWorkers(ctx, a));
  await run('volunteer', (a) => loadVolunteers(ctx, a));
  await run('charity', (a) => loadCharity(ctx, a));
  await run('organization', async (a) => {
    const url = opts.urls.organization!;
    await loadOrganizations(ctx, {
      staff: a,
      supervisor: client(url, await sign(['supervisor'])),
      authority: client(url, await sign(['registration_authority'])),
      asOrganization: async (id) => client(url, await sign(['organization'], id)),
    });
    await loadMigrations(ctx, {
      authority: client(url, await sign(['registration_authority'])),
      ops: client(url, await sign(['ops'])),
    });
  });
  return result;
}
