import { z } from 'zod';
import { assertInScope, etagOf, ROLES, type HttpApp, commandContext } from '@fivesoc/service-kit';
import { organizationRulesSchema } from '../domain/rules/rules.ts';
import { rulesInForce } from './assessment.ts';
import { type Deps } from './deps.ts';
import { organizationRulesAnswer } from './localRulesResponses.ts';
import { errors } from './responses.ts';

const params = z.object({ districtCode: z.string().regex(/^\d{6}$/) });
const tags = ['local rules'];

/** A district's organization rules (地方规则): 1A–5A bands, catalogue threshold, residents' share. */
export function localRulesRoutes(app: HttpApp, deps: Deps): void {
  app.get(
    '/v1/districts/:districtCode/organization-rules',
    {
      config: {
        roles: [...ROLES],
        scope: { public: "a district's published rules (rating bands, catalogue threshold), no records" },
      },
      schema: {
        response: { 200: organizationRulesAnswer },
        summary: 'The organization rules in force in a district, with their source (version, by whom, when)',
        tags,
        params,
      },
    },
    async (req, reply) => {
      const r = await rulesInForce(deps, req.params.districtCode);
      const version = r.source.kind === 'district' ? r.source.version : 0;
      return reply.header('etag', etagOf(version)).send({ districtCode: req.params.districtCode, ...r });
    },
  );

  app.put(
    '/v1/districts/:districtCode/organization-rules',
    {
      config: { roles: ['district_admin'], scope: 'place' },
      schema: {
        response: { 200: organizationRulesAnswer, ...errors(409) },
        summary: 'Set the district’s organization rules from now on (a new version; the same rules: none)',
        tags,
        params,
        body: organizationRulesSchema,
      },
    },
    async (req, reply) => {
      const { districtCode } = req.params;
      assertInScope(req.principal, { districtCode }, `district ${districtCode}`);
      await deps.commands.rules.run(
        districtCode,
        { kind: 'set', districtCode, rules: req.body, setBy: req.principal.subject },
        commandContext(req),
      );
      const now = await rulesInForce(deps, districtCode);
      const version = now.source.kind === 'district' ? now.source.version : 0;
      return reply.header('etag', etagOf(version)).send({ districtCode, ...now });
    },
  );
}
