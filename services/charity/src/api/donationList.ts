import { z } from 'zod';
import { afterCursor, decodeCursor, page, pageQuery, scopeFilter, type HttpApp } from '@fivesoc/service-kit';
import { id } from '../domain/shared.ts';
import { collections } from '../projections/collections.ts';
import { READ_ROLES, type Deps } from './deps.ts';
import { donationPage } from './responses.ts';

/** Donations in the caller's scope, oldest first, from the query model (it lags commands slightly). */
export function donationListRoutes(app: HttpApp, { db }: Deps): void {
  app.get(
    '/v1/donations',
    {
      config: { roles: READ_ROLES, scope: 'place' },
      schema: {
        summary:
          'List donations in your scope with their ledger totals, by fund or donor, with stable cursors',
        tags: ['donations'],
        querystring: z.strictObject({ ...pageQuery, fundId: id.optional(), donorId: id.optional() }),
        response: { 200: donationPage },
      },
    },
    async (req) => {
      const { limit, cursor, fundId, donorId } = req.query;
      const filter = {
        $and: [
          scopeFilter(req.principal),
          fundId ? { fundId } : {},
          donorId ? { donorId } : {},
          afterCursor('registeredAt', decodeCursor(cursor)),
        ],
      };
      const rows = await collections(db)
        .donations.find(filter)
        .sort({ registeredAt: 1, _id: 1 })
        .limit(limit + 1)
        .toArray();
      const { items, nextCursor } = page(rows, limit, (r) => r.registeredAt);
      return {
        items: items.map(({ _id, _v: _omit, ...r }: (typeof rows)[number] & { _v?: number }) => ({
          donationId: _id,
          ...r,
        })),
        ...(nextCursor ? { nextCursor } : {}),
      };
    },
  );
}
