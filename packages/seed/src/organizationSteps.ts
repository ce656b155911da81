import { organizations } from './generate.ts';
import { eachLimited, type Client } from './http.ts';
import { ensure, key, seeded, type StepContext } from './steps.ts';

/** Categories the registration authority takes directly; the others need the supervisor's pre-approval. */
const DIRECT = [
  'industry_association_chamber',
  'science_technology',
  'public_welfare_charity',
  'urban_rural_community_service',
];

export interface OrganizationClients {
  /** district_admin: reads, and pre-approves for the business supervisor. */
  staff: Client;
  /** The business supervisor (业务主管单位) who pre-approves the categories that need one. */
  supervisor: Client;
  authority: Client;
  asOrganization: (id: string) => Promise<Client>;
}

/**
 * Organizations apply for themselves (role `organization`, subject = the organization id). The service is
 * probed first: when its routes are not there yet (404 on the list), the step is skipped with a warning.
 */
export async function loadOrganizations(ctx: StepContext, clients: OrganizationClients) {
  const { staff, asOrganization } = clients;
  const probe = await staff.call('GET', '/v1/organizations?limit=1').catch((err: Error) => err);
  if (probe instanceof Error || probe.status === 404) {
    const why = probe instanceof Error ? `is not reachable (${probe.message})` : 'routes answer 404';
    ctx.log(`seed: warning: organization ${why}: organizations skipped (load again once it is finished)`);
    return;
  }
  await eachLimited(organizations(ctx.seed, ctx.tree, ctx.sizes.organizations), ctx.concurrency, (o) => {
    const { id, ...body } = o;
    const orgId = seeded(ctx.seed, id);
    return ensure(
      ctx,
      'organizations',
      orgId,
      () => staff.call('GET', `/v1/organizations/${orgId}`),
      async () => (await asOrganization(orgId)).call('POST', '/v1/organizations', body, key(ctx, id)),
    );
  });
  const all = organizations(ctx.seed, ctx.tree, ctx.sizes.organizations);
  await eachLimited(all, ctx.concurrency, (o) => register(ctx, clients, o.id, o.category));
}

/**
 * Takes an application through to `registered` (pre-approval first when the category needs it); counted under
 * `registrations`: created when approved now, existing when it already was registered.
 */
async function register(ctx: StepContext, clients: OrganizationClients, id: string, category: string) {
  const orgId = seeded(ctx.seed, id);
  const step = (client: Client, path: string) =>
    client.call(
      'POST',
      `/v1/organizations/${orgId}/${path}`,
      {},
      { 'idempotency-key': `seed:${ctx.seed}:${id}:${path}` },
    );
  try {
    const found = await clients.staff.call('GET', `/v1/organizations/${orgId}`);
    const state = (found.body as { registration?: string } | null)?.registration;
    if (found.status === 404) return; // its application failed (counted under organizations)
    if (found.status !== 200) return ctx.mark('registrations', 'failed', orgId, found);
    if (state === 'registered') return ctx.mark('registrations', 'existing', orgId);
    if (state === 'applied' && !DIRECT.includes(category)) {
      const pre = await step(clients.supervisor, 'pre-approval');
      if (pre.status !== 200) return ctx.mark('registrations', 'failed', orgId, pre);
    }
    const r = await step(clients.authority, 'approval');
    ctx.mark('registrations', r.status === 200 ? 'created' : 'failed', orgId, r);
  } catch (err) {
    ctx.log(`seed: registrations ${orgId}: ${(err as Error).message}`);
    ctx.mark('registrations', 'failed', orgId);
  }
}
