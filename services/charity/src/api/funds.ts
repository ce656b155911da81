import { aggregate } from '@fivesoc/eventing';
import { z } from 'zod';
import {
  assertInScope,
  NotFoundError,
  type HttpApp,
  commandContext,
  newRecordId,
} from '@fivesoc/service-kit';
import { FUND_KINDS, fundDecider, fundStreamId } from '../domain/fund/index.ts';
import { id, placeSchema, shortText } from '../domain/shared.ts';
import { fundLedger } from '../projections/queries.ts';
import { etagOf, READ_ROLES, type Deps } from './deps.ts';
import { fundCreated, fundBody, errors } from './responses.ts';

const tags = ['funds'];
const params = z.object({ id });

export async function requireFund(store: Deps['store'], fundId: string) {
  const { state, version } = await aggregate(store, fundDecider, fundStreamId(fundId));
  if (!state.opened) throw new NotFoundError('fund', fundId);
  return { state, version };
}

export function fundRoutes(app: HttpApp, { store, db, commands }: Deps): void {
  app.post(
    '/v1/funds',
    {
      config: { roles: ['district_admin', 'charity_coordinator'], scope: 'place' },
      schema: {
        summary: 'Open a fund: 专项资金, 社区基金会 or a project fund',
        tags,
        body: z.strictObject({ kind: z.enum(FUND_KINDS), name: shortText, ...placeSchema.shape }),
        response: { 201: fundCreated, ...errors(409, 422) },
      },
    },
    async (req, reply) => {
      assertInScope(req.principal, req.body, 'the fund’s place');
      const ctx = commandContext(req);
      const fundId = newRecordId(ctx);
      const fund = { ...req.body, fundId };
      const r = await commands.fund.run(fundId, { kind: 'open', fund }, ctx);
      return reply.status(201).header('etag', etagOf(r.version)).send({ fundId });
    },
  );

  app.get(
    '/v1/funds/:id',
    {
      config: { roles: READ_ROLES, scope: 'place' },
      schema: {
        summary: 'A fund and its ledger: the sums of its donations’ ledgers, per measure',
        tags,
        params,
        response: { 200: fundBody, ...errors(404) },
      },
    },
    async (req, reply) => {
      const { state, version } = await requireFund(store, req.params.id);
      assertInScope(req.principal, state, 'this fund');
      const { opened: _opened, ...fund } = state;
      return reply
        .header('etag', etagOf(version))
        .send({ ...fund, ledger: await fundLedger(db, req.params.id) });
    },
  );
}
