import { z } from 'zod';
import { aggregate } from '@fivesoc/eventing';
import {
  IllegalStateError,
  NotFoundError,
  assertInScope,
  etagOf,
  type HttpApp,
  commandContext,
  newRecordId,
} from '@fivesoc/service-kit';
import { publishedWith } from '../domain/guidance/decider.ts';
import { assess } from './assessment.ts';
import { placeSchema } from '../domain/organization/values.ts';
import { streams } from '../domain/registry.ts';
import { purchaseDecider, type PurchaseState } from '../domain/purchase/decider.ts';
import { READERS, STAFF_READERS, idParams, loadOrganization, type Deps } from './deps.ts';
import { loadGuidance } from './guidance.ts';
import {
  awardAnswer,
  bidsAnswer,
  errors,
  purchaseProject,
  purchasePublished,
  purchaseStatus,
} from './responses.ts';

const fen = z.number().int().min(1).max(100_000_000_000);
const needBody = z.strictObject({
  itemId: z.string().max(100),
  title: z.string().trim().min(1).max(200),
  place: placeSchema,
  budgetFen: fen,
  bidDeadline: z.iso.datetime(),
});
const tags = ['purchases'];
const streamOf = streams.purchase;

async function loadPurchase(deps: Deps, id: string): Promise<PurchaseState> {
  const { state, version } = await aggregate(deps.store, purchaseDecider, streamOf(id));
  if (version === 0) throw new NotFoundError('purchase project', id);
  return state;
}

/** Purchase projects: publish a need from the catalogue → bids → award to an eligible organization → delivery → evaluation. */
export function purchaseRoutes(app: HttpApp, deps: Deps): void {
  const staff = ['district_admin', 'street_admin'] as const;

  app.post(
    '/v1/purchases',
    {
      config: { roles: [...staff], scope: 'place' },
      schema: {
        response: { 201: purchasePublished, ...errors(409, 422) },
        summary: 'Publish a purchase need for a published catalogue item',
        tags,
        body: needBody,
      },
    },
    async (req, reply) => {
      const b = req.body;
      assertInScope(req.principal, b.place, 'this place');
      const version = publishedWith(await loadGuidance(deps), b.itemId);
      if (!version) throw new IllegalStateError(`item ${b.itemId} is in no published catalogue version`);
      const ctx = commandContext(req);
      const id = newRecordId(ctx);
      const r = await deps.commands.purchase.run(
        id,
        { kind: 'publishNeed', need: { projectId: id, ...b, catalogueVersion: version.version } },
        ctx,
      );
      return reply
        .status(201)
        .header('etag', etagOf(r.version))
        .send({ id, status: r.state.status, catalogueVersion: version.version });
    },
  );

  app.post(
    '/v1/purchases/:id/bids',
    {
      config: { roles: ['organization'], scope: 'own' },
      schema: {
        response: { 201: bidsAnswer, ...errors(404, 409, 422) },
        summary: 'Bid for a project (as the organization of the token)',
        tags,
        params: idParams,
        body: z.strictObject({ priceFen: fen, proposal: z.string().trim().min(1).max(2000) }),
      },
    },
    async (req, reply) => {
      await loadOrganization(deps.store, req.principal.subject);
      const r = await deps.commands.purchase.run(
        req.params.id,
        {
          kind: 'bid',
          organizationId: req.principal.subject,
          ...req.body,
        },
        commandContext(req),
      );
      return reply.status(201).header('etag', etagOf(r.version)).send({ bids: r.state.bids.length });
    },
  );

  app.post(
    '/v1/purchases/:id/award',
    {
      config: { roles: [...staff], scope: 'place' },
      schema: {
        response: { 200: awardAnswer, ...errors(404, 409, 422) },
        summary: 'Award to a bidder in the eligible-organization catalogue',
        tags,
        params: idParams,
        body: z.strictObject({ organizationId: z.string().max(100) }),
      },
    },
    async (req, reply) => {
      const project = await loadPurchase(deps, req.params.id);
      assertInScope(req.principal, project.place ?? {}, 'this project');
      const { state } = await loadOrganization(deps.store, req.body.organizationId);
      const { eligibility: e } = await assess(deps, state, new Date());
      const reasons = e.checks.filter((c) => !c.passed).map((c) => c.reason);
      const r = await deps.commands.purchase.run(
        req.params.id,
        {
          kind: 'award',
          organizationId: req.body.organizationId,
          eligible: e.eligible,
          reasons,
        },
        commandContext(req),
      );
      return reply
        .header('etag', etagOf(r.version))
        .send({ status: r.state.status, awardedTo: r.state.awardedTo });
    },
  );

  app.post(
    '/v1/purchases/:id/delivery',
    {
      config: { roles: ['organization'], scope: 'own' },
      schema: {
        response: { 200: purchaseStatus, ...errors(404, 409, 422) },
        summary: 'The awarded organization reports delivery',
        tags,
        params: idParams,
        body: z.strictObject({ summary: z.string().trim().min(1).max(2000) }),
      },
    },
    async (req, reply) => {
      const r = await deps.commands.purchase.run(
        req.params.id,
        {
          kind: 'reportDelivery',
          organizationId: req.principal.subject,
          summary: req.body.summary,
        },
        commandContext(req),
      );
      return reply.header('etag', etagOf(r.version)).send({ status: r.state.status });
    },
  );

  app.post(
    '/v1/purchases/:id/evaluation',
    {
      config: { roles: [...staff, 'evaluator'], scope: 'place' },
      schema: {
        response: { 200: purchaseStatus, ...errors(404, 409, 422) },
        summary: 'Evaluate the delivered project',
        tags,
        params: idParams,
        body: z.strictObject({
          score: z.number().int().min(0).max(100),
          comment: z.string().trim().min(1).max(2000),
        }),
      },
    },
    async (req, reply) => {
      const project = await loadPurchase(deps, req.params.id);
      assertInScope(req.principal, project.place ?? {}, 'this project');
      const r = await deps.commands.purchase.run(
        req.params.id,
        { kind: 'evaluate', ...req.body },
        commandContext(req),
      );
      return reply.header('etag', etagOf(r.version)).send({ status: r.state.status });
    },
  );

  app.get(
    '/v1/purchases/:id',
    {
      config: {
        roles: [...READERS],
        scope: {
          public:
            'a purchase project is announced openly (政府购买服务公告): any organization reads it to bid, and sees only its own bid; staff read the projects of their place',
        },
      },
      schema: {
        response: { 200: purchaseProject, ...errors(404) },
        summary: 'A purchase project (organizations see any, to bid, with their own bid only)',
        tags,
        params: idParams,
      },
    },
    async (req) => {
      const project = await loadPurchase(deps, req.params.id);
      const p = req.principal;
      if (p.roles.some((r) => (STAFF_READERS as readonly string[]).includes(r))) {
        assertInScope(p, project.place ?? {}, 'this project');
        return project;
      }
      // Bids are sealed from the other bidders: an organization sees its own bid, never a rival's price.
      return { ...project, bids: project.bids.filter((b) => b.organizationId === p.subject) };
    },
  );
}
