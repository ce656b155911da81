import type { HttpApp } from '@fivesoc/service-kit';
import { transparency } from '../projections/queries.ts';
import type { Deps } from './deps.ts';

export function transparencyRoutes(app: HttpApp, { db }: Deps): void {
  app.get(
    '/v1/public/disclosure',
    {
      config: { public: true },
      schema: {
        summary:
          '阳光运作: totals received and used per fund, community and category; donations of consenting donors',
        tags: ['transparency'],
        security: [],
      },
    },
    async () => transparency(db),
  );
}
