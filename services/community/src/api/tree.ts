import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { assertInScope, etagOf, commandContext } from '@fivesoc/service-kit';
import type { HttpApp } from '@fivesoc/service-kit';
import { streetAt, type Level, type TreeCommand } from '../domain/tree/index.ts';
import { ALL_ROLES, type Deps } from './deps.ts';
import { registerUnit } from './treeCommands.ts';
import { loadUnit, requireUnit, unitView } from './units.ts';
import { errors, streetAtBody, unitBody } from './responses.ts';

const name = z.string().trim().min(1).max(100);
const code = z.string().regex(/^\d{6,12}$/, 'a code is 6, 9 or 12 digits');
const admin = { roles: ['district_admin'] as const, scope: 'place' as const };
const map = {
  public: 'the district → street → community tree is the map every party works on; it holds no personal data',
} as const;
const tags = ['tree'];

/** 区 → 街道 → 社区: registration, rename, move, merge (district admins), and reads (everyone signed in). */
export function treeRoutes(app: HttpApp, deps: Deps): void {
  const { store } = deps;

  const registerRoute = (level: Level, parentField?: 'districtCode' | 'streetCode') => {
    const body = parentField
      ? z.strictObject({ code, name, [parentField]: code })
      : z.strictObject({ code, name });
    app.post(
      `/v1/${level === 'community' ? 'communities' : `${level}s`}`,
      {
        config: admin,
        schema: {
          summary: `Register a ${level}`,
          tags,
          body,
          response: { 201: unitBody, ...errors(409, 404, 422) },
        },
      },
      async (req, reply) => {
        const b = req.body as { code: string; name: string } & Record<string, string>;
        const parentCode = parentField ? b[parentField] : undefined;
        const unit = { level, code: b.code, name: b.name, ...(parentCode ? { parentCode } : {}) };
        const r = await registerUnit(deps, req.principal, unit, commandContext(req));
        return reply.status(201).header('etag', etagOf(r.version)).send(unitView(r.state));
      },
    );
  };
  registerRoute('district');
  registerRoute('street', 'districtCode');
  registerRoute('community', 'streetCode');

  app.get(
    '/v1/units/:code',
    {
      config: { roles: ALL_ROLES, scope: map },
      schema: {
        summary: 'A district, street or community by code',
        tags,
        params: z.object({ code }),
        response: { 200: unitBody, ...errors(404) },
      },
    },
    async (req, reply) => {
      const u = await requireUnit(store, req.params.code);
      return reply.header('etag', etagOf(u.version)).send(unitView(u.state));
    },
  );

  const change = async (
    req: FastifyRequest & { params: { code: string } },
    command: (level: Level) => Promise<TreeCommand>,
  ) => {
    const u = await requireUnit(store, req.params.code);
    assertInScope(req.principal, { districtCode: u.state.districtCode }, `${u.level} ${u.state.code}`);
    const r = await deps.commands.unit.run(
      { level: u.level, code: u.state.code },
      await command(u.level),
      commandContext(req),
    );
    return r;
  };

  app.patch(
    '/v1/units/:code',
    {
      config: admin,
      schema: {
        summary: 'Rename a unit',
        tags,
        params: z.object({ code }),
        body: z.strictObject({ name }),
        response: { 200: unitBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const r = await change(req, async () => ({ kind: 'rename', name: req.body.name }));
      return reply.header('etag', etagOf(r.version)).send(unitView(r.state));
    },
  );

  app.post(
    '/v1/communities/:code/move',
    {
      config: admin,
      schema: {
        summary: 'Move a community to another street',
        tags,
        params: z.object({ code }),
        body: z.strictObject({ streetCode: code }),
        response: { 200: unitBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const to = (await loadUnit(store, 'street', req.body.streetCode)).state;
      const r = await change(req, async () => ({ kind: 'move', toStreet: to }));
      return reply.header('etag', etagOf(r.version)).send(unitView(r.state));
    },
  );

  app.post(
    '/v1/communities/:code/merge',
    {
      config: admin,
      schema: {
        summary: 'Merge this community into a survivor: it is closed and points to the survivor',
        tags,
        params: z.object({ code }),
        body: z.strictObject({ survivorCode: code }),
        response: { 200: unitBody, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const survivor = (await loadUnit(store, 'community', req.body.survivorCode)).state;
      const r = await change(req, async () => ({ kind: 'merge', survivor }));
      return reply.header('etag', etagOf(r.version)).send(unitView(r.state));
    },
  );

  app.get(
    '/v1/communities/:code/street',
    {
      config: { roles: ALL_ROLES, scope: map },
      schema: {
        summary: 'The street a community was under on a given date (from its own dated events)',
        tags,
        params: z.object({ code }),
        querystring: z.object({ at: z.iso.datetime({ offset: true }).or(z.iso.date()) }),
        response: { 200: streetAtBody, ...errors(404) },
      },
    },
    async (req) => {
      const u = await requireUnit(store, req.params.code);
      const at = new Date(req.query.at.length === 10 ? `${req.query.at}T23:59:59.999Z` : req.query.at);
      const found = streetAt(u.events, at);
      return {
        communityCode: u.state.code,
        at: at.toISOString(),
        streetCode: found?.streetCode ?? null,
        since: found?.since ?? null,
      };
    },
  );
}
