import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { aggregate } from '@fivesoc/eventing';
import {
  ForbiddenError,
  IllegalStateError,
  NotFoundError,
  assertInScope,
  etagOf,
  isCityWide,
  type HttpApp,
  commandContext,
} from '@fivesoc/service-kit';
import { FIELDS } from '../domain/organization/values.ts';
import { streams } from '../domain/registry.ts';
import {
  promotable,
  ventureDecider,
  type VentureCommand,
  type VentureState,
} from '../domain/venture/decider.ts';
import { rulesInForce } from './assessment.ts';
import { READERS, loadOrganization, orgIdSchema, type Deps } from './deps.ts';
import { loadGuidance } from './guidance.ts';
import { errors } from './responses.ts';

const projectId = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/);
const params = z.object({ id: projectId });
const tags = ['venture philanthropy'];
const ventureAnswer = z.looseObject({
  id: z.string(),
  projectId: z.string(),
  status: z.string(),
  version: z.number(),
  score: z.number().optional(),
  promotedAs: z.string().optional(),
});
const proposalBody = z.strictObject({
  projectId,
  organizationId: orgIdSchema,
  title: z.string().trim().min(1).max(200),
  field: z.enum(FIELDS),
  description: z.string().trim().min(1).max(2000),
  budgetFen: z.number().int().min(1).max(100_000_000_000),
});

async function loadVenture(deps: Deps, id: string): Promise<{ state: VentureState; version: number }> {
  const { state, version } = await aggregate(deps.store, ventureDecider, streams.venture(id));
  if (version === 0) throw new NotFoundError('venture project', id);
  return { state, version };
}

const answer = (id: string, s: VentureState, version: number) => ({
  id,
  projectId: id,
  status: s.status,
  version,
  ...(s.project ?? {}),
  ...(s.score !== undefined ? { score: s.score } : {}),
  ...(s.promotedAs ? { promotedAs: s.promotedAs } : {}),
});

/**
 * Venture-philanthropy projects (公益创投): an organization (or the district) proposes, the district approves,
 * the project runs and is concluded with a score; a mature one (score ≥ the district's `ventureMinScore`) is
 * promoted by the city into the guidance catalogue as an item naming the project.
 */
export function ventureRoutes(app: HttpApp, deps: Deps): void {
  /** Staff act on a project in their scope; an organization only reads and starts its own. */
  const inScope = async (req: FastifyRequest, id: string) => {
    const v = await loadVenture(deps, id);
    assertInScope(req.principal, v.state.project?.place ?? {}, 'this project');
    return v;
  };
  const step = (
    url: string,
    summary: string,
    roles: ('district_admin' | 'evaluator')[],
    body: z.ZodType,
    command: (req: { body: unknown; principal: { subject: string } }) => VentureCommand,
  ) =>
    app.post(
      `/v1/venture-projects/:id/${url}`,
      {
        config: { roles, scope: 'place' },
        schema: { response: { 200: ventureAnswer, ...errors(404, 409, 422) }, summary, tags, params, body },
      },
      async (req, reply) => {
        const { id } = req.params;
        await inScope(req, id);
        const r = await deps.commands.venture.run(id, command(req), commandContext(req));
        return reply.header('etag', etagOf(r.version)).send(answer(id, r.state, r.version));
      },
    );

  app.post(
    '/v1/venture-projects',
    {
      config: { roles: ['organization', 'district_admin'], scope: 'place_or_own' },
      schema: {
        response: { 201: ventureAnswer, ...errors(404, 409, 422) },
        summary: 'Propose a venture-philanthropy project (公益创投) of an organization',
        tags,
        body: proposalBody,
      },
    },
    async (req, reply) => {
      const b = req.body;
      const p = req.principal;
      const { state: org } = await loadOrganization(deps.store, b.organizationId);
      const own = p.roles.includes('organization') && p.subject === b.organizationId;
      if (!own && !p.roles.includes('district_admin'))
        throw new ForbiddenError('an organization proposes only its own projects');
      if (!own) assertInScope(p, org.place ?? {}, 'this organization');
      // Venture funding also incubates (孵化) organizations still being registered; not refused or gone ones.
      if (org.registration === 'rejected' || org.activity === 'exited')
        throw new IllegalStateError(
          `the organization cannot take a project (${org.registration}, ${org.activity})`,
        );
      const project = { ...b, place: org.place!, proposedBy: p.subject };
      const r = await deps.commands.venture.run(
        b.projectId,
        { kind: 'propose', project },
        commandContext(req),
      );
      return reply
        .status(201)
        .header('etag', etagOf(r.version))
        .send(answer(b.projectId, r.state, r.version));
    },
  );

  step('approval', 'Approve the project for funding', ['district_admin'], z.strictObject({}), (req) => ({
    kind: 'approve',
    by: req.principal.subject,
  }));
  const reason = z.strictObject({ reason: z.string().trim().min(1).max(1000) });
  step('rejection', 'Reject the proposal, with a reason', ['district_admin'], reason, (req) => ({
    kind: 'reject',
    by: req.principal.subject,
    reason: (req.body as z.infer<typeof reason>).reason,
  }));
  step('start', 'The approved project starts running', ['district_admin'], z.strictObject({}), () => ({
    kind: 'start',
  }));
  const conclusion = z.strictObject({
    score: z.number().int().min(0).max(100),
    summary: z.string().trim().min(1).max(2000),
  });
  step(
    'conclusion',
    'Conclude the project with its evaluation score (0-100)',
    ['district_admin', 'evaluator'],
    conclusion,
    (req) => ({ kind: 'conclude', by: req.principal.subject, ...(req.body as z.infer<typeof conclusion>) }),
  );

  app.post(
    '/v1/venture-projects/:id/promotion',
    {
      config: { roles: ['district_admin'], scope: 'place' },
      schema: {
        response: { 200: ventureAnswer, ...errors(404, 409, 422) },
        summary: 'Promote a mature concluded project into the guidance catalogue (the city’s admin)',
        tags,
        params,
        body: z.strictObject({ itemId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/) }),
      },
    },
    async (req, reply) => {
      if (!isCityWide(req.principal))
        throw new ForbiddenError(
          'the guidance catalogue is the city’s: only a city-level district_admin (scope district:000000) promotes into it',
        );
      const { id } = req.params;
      const { itemId } = req.body;
      const { state } = await loadVenture(deps, id);
      const project = state.project!;
      const { rules } = await rulesInForce(deps, project.place.districtCode);
      const minScore = rules.catalogue.ventureMinScore;
      const refused = promotable(state, itemId, minScore);
      if (refused) throw new IllegalStateError(refused, { itemId });
      // The item first, then the promotion: a crash between them is repaired by repeating the request.
      const drafted = (await loadGuidance(deps)).items[itemId];
      if (drafted && drafted.ventureProject !== id)
        throw new IllegalStateError(`catalogue item ${itemId} exists for something else`, { itemId });
      if (!drafted) {
        const item = {
          itemId,
          name: project.title,
          field: project.field,
          description: project.description,
          ventureProject: id,
        };
        await deps.commands.guidance.run('catalogue', { kind: 'draftItem', item }, commandContext(req));
      }
      const r = await deps.commands.venture.run(
        id,
        { kind: 'promote', itemId, by: req.principal.subject, minScore },
        commandContext(req),
      );
      return reply.header('etag', etagOf(r.version)).send(answer(id, r.state, r.version));
    },
  );

  app.get(
    '/v1/venture-projects/:id',
    {
      config: { roles: [...READERS], scope: 'place_or_own' },
      schema: {
        response: { 200: ventureAnswer, ...errors(404) },
        summary: 'A venture project with its status (proposed … promoted)',
        tags,
        params,
      },
    },
    async (req, reply) => {
      const { state, version } = await loadVenture(deps, req.params.id);
      const p = req.principal;
      const own = p.roles.includes('organization') && p.subject === state.project?.organizationId;
      if (!own && p.roles.every((r) => r === 'organization'))
        throw new ForbiddenError('an organization sees only its own projects');
      if (!own) assertInScope(p, state.project?.place ?? {}, 'this project');
      return reply.header('etag', etagOf(version)).send(answer(req.params.id, state, version));
    },
  );
}
