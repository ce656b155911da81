import type { HttpApp } from '@fivesoc/service-kit';
import { assess } from './assessment.ts';
import { READERS, assertMayRead, idParams, loadOrganization, type Deps } from './deps.ts';
import { currentEvaluationAnswer } from './localRulesResponses.ts';
import { errors } from './responses.ts';

/**
 * The evaluation as it stands (绩效评价): the latest valid round with its social benefit fed by residents'
 * ratings (效果共评), under the district's bands, with every source named: which ratings, how many, their
 * average, the formula, and the version of the rules.
 */
export function evaluationViewRoutes(app: HttpApp, deps: Deps): void {
  app.get(
    '/v1/organizations/:id/evaluation',
    {
      config: { roles: [...READERS], scope: 'place_or_own' },
      schema: {
        response: { 200: currentEvaluationAnswer, ...errors(404) },
        summary:
          'The current evaluation: indicator scores, the social benefit with residents’ ratings, the rating, and their sources',
        tags: ['evaluations'],
        params: idParams,
      },
    },
    async (req) => {
      const { state } = await loadOrganization(deps.store, req.params.id);
      assertMayRead(req.principal, state);
      const a = await assess(deps, state, new Date());
      return {
        organizationId: req.params.id,
        evaluation: a.assessment ?? null,
        rules: { ratingBands: a.rules.ratingBands, source: a.source },
      };
    },
  );
}
