import type { SeedSizes, Tree } from './generate.ts';
import { needs, volunteers, workers } from './generate.ts';
import { donations, donors, funds } from './generateCharity.ts';
import { eachLimited, type Client, type Reply } from './http.ts';
import { derivedId, outcomeOf, type Outcome } from './tally.ts';

export interface StepContext {
  seed: number;
  sizes: SeedSizes;
  tree: Tree;
  concurrency: number;
  /** The subject of the loader's staff tokens (part of the ids services derive from Idempotency-Keys). */
  subject: string;
  mark: (resource: string, outcome: Outcome, id: string, reply?: Reply) => void;
  log: (line: string) => void;
}

/** A record id that names its seed, so two seeds never collide (`s1-worker-3`). */
export const seeded = (seed: number, id: string) => `s${seed}-${id}`;

/** Looks the record up first (200 = existing); when absent (404) creates it (2xx created, 409 existing). */
export async function ensure(
  ctx: StepContext,
  resource: string,
  id: string,
  lookup: (() => Promise<Reply>) | undefined,
  create: () => Promise<Reply>,
): Promise<void> {
  try {
    if (lookup) {
      const found = await lookup();
      if (found.status === 200) return ctx.mark(resource, 'existing', id);
      if (found.status !== 404) return ctx.mark(resource, 'failed', id, found);
    }
    const r = await create();
    ctx.mark(resource, outcomeOf(r), id, r);
  } catch (err) {
    ctx.log(`seed: ${resource} ${id}: ${(err as Error).message}`);
    ctx.mark(resource, 'failed', id);
  }
}

export const key = (ctx: StepContext, id: string) => ({ 'idempotency-key': `seed:${ctx.seed}:${id}` });

/** 区 → 街道 → 社区, parents first; a taken code answers 409 (existing). */
export async function loadTree(ctx: StepContext, api: Client) {
  const { tree } = ctx;
  await ensure(ctx, 'districts', tree.district.code, undefined, () =>
    api.call('POST', '/v1/districts', tree.district),
  );
  await eachLimited(tree.streets, ctx.concurrency, (s) =>
    ensure(ctx, 'streets', s.code, undefined, () =>
      api.call('POST', '/v1/streets', { ...s, districtCode: tree.district.code }),
    ),
  );
  await eachLimited(tree.communities, ctx.concurrency, (c) =>
    ensure(ctx, 'communities', c.code, undefined, () => api.call('POST', '/v1/communities', c)),
  );
}

export async function loadNeeds(ctx: StepContext, api: Client) {
  await eachLimited(needs(ctx.seed, ctx.tree, ctx.sizes.needs), ctx.concurrency, (n) => {
    const { id, districtCode: _d, streetCode: _s, ...body } = n;
    const needId = derivedId.community(ctx.subject, key(ctx, id)['idempotency-key']);
    return ensure(
      ctx,
      'needs',
      id,
      () => api.call('GET', `/v1/needs/${needId}`),
      () => api.call('POST', '/v1/needs', body, key(ctx, id)),
    );
  });
}

export async function loadWorkers(ctx: StepContext, api: Client) {
  const all = workers(ctx.seed, ctx.tree, ctx.sizes.workers, ctx.sizes.organizations);
  await eachLimited(all, ctx.concurrency, (w) => {
    const { id, ...rest } = w;
    const workerId = seeded(ctx.seed, id);
    const body = { workerId, ...rest, employerId: seeded(ctx.seed, rest.employerId) };
    return ensure(
      ctx,
      'workers',
      workerId,
      () => api.call('GET', `/v1/workers/${workerId}`),
      () => api.call('POST', '/v1/workers', body, key(ctx, id)),
    );
  });
}

/** The service makes volunteer ids itself; one ID number registers once, so a repeat answers 409. */
export async function loadVolunteers(ctx: StepContext, api: Client) {
  await eachLimited(volunteers(ctx.seed, ctx.tree, ctx.sizes.volunteers), ctx.concurrency, (v) => {
    const { id, ...body } = v;
    return ensure(ctx, 'volunteers', id, undefined, () => api.call('POST', '/v1/volunteers', body));
  });
}

/** Donors and funds first (donations name them by the ids the service derived from our keys). */
export async function loadCharity(ctx: StepContext, api: Client) {
  const idOf = (path: string, id: string) =>
    derivedId.charity(ctx.subject, path, key(ctx, id)['idempotency-key']);
  const create = (resource: string, path: string, id: string, body: unknown) =>
    ensure(
      ctx,
      resource,
      id,
      () => api.call('GET', `${path}/${idOf(path, id)}`),
      () => api.call('POST', path, body, key(ctx, id)),
    );
  await eachLimited(donors(ctx.seed, ctx.tree, ctx.sizes.donors), ctx.concurrency, ({ id, ...body }) =>
    create('donors', '/v1/donors', id, body),
  );
  await eachLimited(funds(ctx.seed, ctx.tree, ctx.sizes.funds), ctx.concurrency, ({ id, ...body }) =>
    create('funds', '/v1/funds', id, body),
  );
  const all = donations(ctx.seed, ctx.tree, ctx.sizes.donations, ctx.sizes.donors, ctx.sizes.funds);
  await eachLimited(all, ctx.concurrency, ({ id, donorId, fundId, ...rest }) => {
    const body = {
      ...rest,
      donorId: idOf('/v1/donors', donorId),
      ...(fundId ? { fundId: idOf('/v1/funds', fundId) } : {}),
    };
    return create('donations', '/v1/donations', id, body);
  });
}
