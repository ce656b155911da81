import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { aggregate } from '@fivesoc/eventing';
import {
  ForbiddenError,
  isCityWide,
  NotFoundError,
  ROLES,
  etagOf,
  type HttpApp,
  commandContext,
} from '@fivesoc/service-kit';
import { GUIDANCE_STREAM, guidanceDecider, type GuidanceState } from '../domain/guidance/decider.ts';
import { FIELDS } from '../domain/organization/values.ts';
import { type Deps } from './deps.ts';
import { draftAnswer, errors, guidanceCatalogue, itemDrafted, versionPublished } from './responses.ts';

const itemId = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/);
const itemBody = z.strictObject({
  itemId,
  name: z.string().trim().min(1).max(200),
  field: z.enum(FIELDS),
  description: z.string().trim().min(1).max(2000),
  ventureProject: z.string().trim().min(1).max(100).optional(),
});
const tags = ['guidance catalogue'];

export async function loadGuidance(deps: Pick<Deps, 'store'>): Promise<GuidanceState> {
  return (await aggregate(deps.store, guidanceDecider, GUIDANCE_STREAM)).state;
}

/** The guidance catalogue of purchasable service items (指导目录): drafted, withdrawn, published as versions. */
export function guidanceRoutes(app: HttpApp, deps: Deps): void {
  const run = async (req: FastifyRequest, command: Parameters<typeof guidanceDecider.decide>[0]) => {
    // One catalogue for the city (市级指导目录): no district's admin changes what every district buys from.
    if (!isCityWide(req.principal))
      throw new ForbiddenError(
        'the guidance catalogue is the city’s: only a city-level district_admin (scope district:000000) changes it',
      );
    return deps.commands.guidance.run('catalogue', command, commandContext(req));
  };
  const admin = {
    roles: ['district_admin' as const],
    scope: {
      public: 'one guidance catalogue (指导目录) for the whole city: every party reads the same items',
    },
  };

  app.post(
    '/v1/guidance-catalogue/items',
    {
      config: admin,
      schema: {
        response: { 201: itemDrafted, ...errors(409, 422) },
        summary: 'Draft a service item (a venture-philanthropy project can be promoted by naming it)',
        tags,
        body: itemBody,
      },
    },
    async (req, reply) => {
      const r = await run(req, { kind: 'draftItem', item: req.body });
      return reply
        .status(201)
        .header('etag', etagOf(r.version))
        .send({ itemId: req.body.itemId, draft: r.state.draft });
    },
  );
  app.post(
    '/v1/guidance-catalogue/items/:itemId/withdrawal',
    {
      config: admin,
      schema: {
        response: { 200: draftAnswer, ...errors(404, 409, 422) },
        summary: 'Withdraw an item from the next version',
        tags,
        params: z.object({ itemId }),
        body: z.strictObject({}),
      },
    },
    async (req, reply) => {
      const r = await run(req, { kind: 'withdrawItem', itemId: req.params.itemId });
      return reply.header('etag', etagOf(r.version)).send({ draft: r.state.draft });
    },
  );
  app.post(
    '/v1/guidance-catalogue/publications',
    {
      config: admin,
      schema: {
        response: { 201: versionPublished, ...errors(409, 422) },
        summary: 'Publish the draft as the next version',
        tags,
        body: z.strictObject({}),
      },
    },
    async (req, reply) => {
      const r = await run(req, { kind: 'publish' });
      return reply.status(201).header('etag', etagOf(r.version)).send(r.state.versions.at(-1)!);
    },
  );
  app.get(
    '/v1/guidance-catalogue',
    {
      config: {
        roles: [...ROLES],
        scope: {
          public: 'one guidance catalogue (指导目录) for the whole city: every party reads the same items',
        },
      },
      schema: {
        response: { 200: guidanceCatalogue, ...errors(404) },
        summary: 'A published version with its items (the latest unless ?version=)',
        tags,
        querystring: z.object({ version: z.coerce.number().int().min(1).max(10_000).optional() }),
      },
    },
    async (req) => {
      const s = await loadGuidance(deps);
      const v =
        req.query.version === undefined
          ? s.versions.at(-1)
          : s.versions.find((x) => x.version === req.query.version);
      if (!v) throw new NotFoundError('catalogue version', String(req.query.version ?? 'published'));
      return {
        version: v.version,
        publishedAt: v.at,
        items: v.itemIds.flatMap((i) => (s.items[i] ? [s.items[i]] : [])),
        versions: s.versions.map((x) => x.version),
      };
    },
  );
}
