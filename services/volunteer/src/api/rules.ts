import { z } from 'zod';
import { assertInScope, etagOf, ROLES, type HttpApp, commandContext } from '@fivesoc/service-kit';
import {
  DEFAULT_RULES_SOURCE,
  DEFAULT_VOLUNTEER_RULES,
  rulesStreamOf,
  volunteerRulesSchema,
  type RulesEvent,
  type RulesInForce,
} from '../domain/rules/rules.ts';
import type { Deps } from './deps.ts';
import { errors, rulesBody } from './responses.ts';

const params = z.strictObject({ districtCode: z.string().regex(/^[0-9A-Za-z_-]{1,20}$/) });
const tags = ['local rules'];

/** The rules in force in a district and where they come from (the newest event of its stream, or the default). */
export async function rulesInForce(deps: Pick<Deps, 'store'>, districtCode: string): Promise<RulesInForce> {
  const history = await deps.store.readStream<RulesEvent>(rulesStreamOf(districtCode));
  const last = history.at(-1);
  if (!last)
    return { rules: DEFAULT_VOLUNTEER_RULES, source: { kind: 'default', text: DEFAULT_RULES_SOURCE } };
  return {
    rules: last.payload.rules,
    source: {
      kind: 'district',
      districtCode,
      version: last.streamVersion,
      setBy: last.payload.setBy,
      setAt: last.occurredAt,
    },
  };
}

/** A district's local volunteer rules (地方规则): read by anyone, set by the district's admin. */
export function rulesRoutes(app: HttpApp, deps: Deps) {
  app.get(
    '/v1/districts/:districtCode/volunteer-rules',
    {
      config: {
        roles: [...ROLES],
        scope: { public: "a district's published rules (star thresholds, hours that count), no records" },
      },
      schema: {
        summary: 'The volunteer rules in force in a district, with their source (version, by whom, when)',
        tags,
        params,
        response: { 200: rulesBody },
      },
    },
    async (req, reply) => {
      const r = await rulesInForce(deps, req.params.districtCode);
      const version = r.source.kind === 'district' ? r.source.version : 0;
      return reply.header('etag', etagOf(version)).send({ districtCode: req.params.districtCode, ...r });
    },
  );

  app.put(
    '/v1/districts/:districtCode/volunteer-rules',
    {
      config: { roles: ['district_admin'], scope: 'place' },
      schema: {
        summary: 'Set the district’s volunteer rules from now on (a new version; the same rules again: none)',
        tags,
        params,
        body: volunteerRulesSchema,
        response: { 200: rulesBody, ...errors(409) },
      },
    },
    async (req, reply) => {
      const { districtCode } = req.params;
      assertInScope(req.principal, { districtCode }, `district ${districtCode}`);
      await deps.commands.rules.run(
        districtCode,
        { kind: 'set', districtCode, rules: req.body, setBy: req.principal.subject },
        { ...commandContext(req), retriesOnConflict: 3 },
      );
      const r = await rulesInForce(deps, districtCode);
      const version = r.source.kind === 'district' ? r.source.version : 0;
      return reply.header('etag', etagOf(version)).send({ districtCode, ...r });
    },
  );
}
