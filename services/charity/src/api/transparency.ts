import type { HttpApp } from '@fivesoc/service-kit';
import { transparency } from '../projections/queries.ts';
import type { Deps } from './deps.ts';
import { disclosureReport } from './responses.ts';

export function transparencyRoutes(app: HttpApp, { db }: Deps): void {
  app.get(
    '/v1/public/disclosure',
    {
      config: {
        public: true,
        scope: {
          public:
            'the law on charity (慈善法) asks for public disclosure: totals and consenting donors only, nobody else',
        },
      },
      schema: {
        summary:
          '阳光运作: totals received and used per fund, community and category; donations of consenting donors',
        tags: ['transparency'],
        security: [],
        response: { 200: disclosureReport },
      },
    },
    async () => transparency(db),
  );
}
