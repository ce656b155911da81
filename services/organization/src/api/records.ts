import { randomUUID } from 'node:crypto';
import type { HttpApp } from '@fivesoc/service-kit';
import { z } from 'zod';
import { ForbiddenError, assertInScope, etagOf, commandContext } from '@fivesoc/service-kit';
import { creditStanding } from '../domain/organization/credit.ts';
import { indicatorScoresSchema } from '../domain/organization/values.ts';
import { assess, rulesInForce } from './assessment.ts';
import { assertHubOrStaff } from './hubs.ts';
import { READERS, assertMayRead, idParams, orgIdSchema, loadOrganization, type Deps } from './deps.ts';
import {
  annualReportAnswer,
  creditArchive,
  creditRecordAdded,
  eligibilityAnswer,
  errors,
  evaluationAnswer,
  standingAnswer,
} from './responses.ts';

const creditBody = z.strictObject({
  polarity: z.enum(['positive', 'negative']),
  serious: z.boolean().default(false),
  source: z.string().trim().min(1).max(200),
  date: z.iso.date(),
  description: z.string().trim().min(1).max(1000),
});
const reportBody = z.strictObject({
  year: z.number().int().min(1990).max(2200),
  summary: z.string().trim().min(1).max(2000),
});
const evaluationBody = z.strictObject({
  round: z.string().trim().min(1).max(50),
  scores: indicatorScoresSchema,
  validYears: z.number().int().min(1).max(5).default(5),
});

/** The credit archive (诚信档案), annual reports, evaluations and catalogue eligibility of one organization. */
export function recordRoutes(app: HttpApp, deps: Deps): void {
  const { store } = deps;
  const id = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.post(
    '/v1/organizations/:id/credit-records',
    {
      config: { roles: ['registration_authority', 'district_admin', 'organization'], scope: 'place_or_own' },
      schema: {
        response: { 201: creditRecordAdded, ...errors(404, 409, 422) },
        summary: 'Add a positive or negative credit record (serious: onto the serious-violation list)',
        tags: ['credit'],
        params: idParams,
        body: creditBody,
      },
    },
    async (req, reply) => {
      const { state } = await loadOrganization(store, id(req));
      await assertHubOrStaff(deps, req.principal, state);
      const record = { recordId: randomUUID(), ...req.body };
      const r = await deps.commands.organization.run(
        id(req),
        { kind: 'addCreditRecord', record },
        { ...commandContext(req), retriesOnConflict: 3 },
      );
      const added = r.events.find((e) => e.type === 'CreditRecordAdded')?.payload ?? record;
      return reply.status(201).header('etag', etagOf(r.version)).send(added);
    },
  );

  app.post(
    '/v1/organizations/:id/credit-records/:recordId/revocation',
    {
      config: { roles: ['registration_authority', 'district_admin'], scope: 'place' },
      schema: {
        response: { 200: standingAnswer, ...errors(404, 409, 422) },
        summary: 'Revoke a credit record (credit repair); it stays in the archive but no longer counts',
        tags: ['credit'],
        params: z.object({ id: orgIdSchema, recordId: z.string().max(100) }),
        body: z.strictObject({ reason: z.string().trim().min(1).max(1000) }),
      },
    },
    async (req, reply) => {
      const { id, recordId } = req.params;
      const { state } = await loadOrganization(store, id);
      assertInScope(req.principal, state.place ?? {}, 'this organization');
      const command = { kind: 'revokeCreditRecord' as const, recordId, reason: req.body.reason };
      const r = await deps.commands.organization.run(id, command, commandContext(req));
      return reply
        .header('etag', etagOf(r.version))
        .send({ standing: creditStanding(r.state.credit, new Date()) });
    },
  );

  app.get(
    '/v1/organizations/:id/credit',
    {
      config: { roles: [...READERS], scope: 'place_or_own' },
      schema: {
        response: { 200: creditArchive, ...errors(404) },
        summary: 'The credit archive and the standing derived from it',
        tags: ['credit'],
        params: idParams,
      },
    },
    async (req) => {
      const { state } = await loadOrganization(store, id(req));
      assertMayRead(req.principal, state);
      return { standing: creditStanding(state.credit, new Date()), records: state.credit };
    },
  );

  app.post(
    '/v1/organizations/:id/annual-reports',
    {
      config: { roles: ['organization'], scope: 'own' },
      schema: {
        response: { 201: annualReportAnswer, ...errors(404, 409, 422) },
        summary: 'File the annual report for a past year (recovers an organization on the abnormal list)',
        tags: ['annual reports'],
        params: idParams,
        body: reportBody,
      },
    },
    async (req, reply) => {
      if (req.principal.subject !== id(req))
        throw new ForbiddenError('an organization files only its own reports');
      const b = req.body;
      const r = await deps.commands.organization.run(
        id(req),
        { kind: 'fileAnnualReport', ...b },
        { ...commandContext(req), retriesOnConflict: 3 },
      );
      return reply
        .status(201)
        .header('etag', etagOf(r.version))
        .send({ year: b.year, activity: r.state.activity });
    },
  );

  app.post(
    '/v1/organizations/:id/evaluations',
    {
      config: { roles: ['evaluator'], scope: 'place' },
      schema: {
        response: { 201: evaluationAnswer, ...errors(404, 409, 422) },
        summary: 'Record an evaluation round: indicator scores → rating 1A-5A, valid for some years',
        tags: ['evaluations'],
        params: idParams,
        body: evaluationBody,
      },
    },
    async (req, reply) => {
      const { state } = await loadOrganization(store, id(req));
      assertInScope(req.principal, state.place ?? {}, 'this organization');
      const b = req.body;
      const { rules } = await rulesInForce(deps, state.place?.districtCode);
      const command = {
        kind: 'recordEvaluation' as const,
        ...b,
        evaluator: req.principal.subject,
        bands: rules.ratingBands,
      };
      const r = await deps.commands.organization.run(id(req), command, commandContext(req));
      return reply.status(201).header('etag', etagOf(r.version)).send(r.state.evaluations.at(-1)!);
    },
  );

  app.get(
    '/v1/organizations/:id/eligibility',
    {
      config: { roles: [...READERS], scope: 'place_or_own' },
      schema: {
        response: { 200: eligibilityAnswer, ...errors(404) },
        summary: 'Whether the organization is in the eligible-organization catalogue, rule by rule',
        tags: ['catalogue'],
        params: idParams,
      },
    },
    async (req) => {
      const { state } = await loadOrganization(store, id(req));
      assertMayRead(req.principal, state);
      const { eligibility, source } = await assess(deps, state, new Date());
      return { organizationId: state.id, ...eligibility, rules: source };
    },
  );
}
