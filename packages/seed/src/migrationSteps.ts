import { organizationCreditCode, type Tree } from './generate.ts';
import type { Client } from './http.ts';
import type { StepContext } from './steps.ts';

/**
 * An organization of the district's earlier registry (迁移): registered in 2016, its annual reports filed
 * up to the one for 2022, none since. Imported with its history, the lifecycle rules put it on the
 * abnormal list (2024-07-01), flag it a zombie and issue its exit notice on the scheduler's next run, each
 * dated when it fell due; the exit waits the notice's deadline, counted from the import.
 */
export function migratedOrganization(seed: number, t: Tree) {
  const community = t.communities[0]!;
  return {
    creditCode: organizationCreditCode(seed, 99_999),
    name: '武昌区老城文体协会',
    category: 'culture_sports',
    kind: 'social_group',
    field: 'culture',
    place: { districtCode: t.district.code, streetCode: community.streetCode, communityCode: community.code },
    supervisor: '武昌区文化和旅游局',
    registeredOn: '2016-03-01',
    legalRepresentative: { name: '周建国', phone: '13971000000' },
    annualReports: [2016, 2017, 2018, 2019, 2020, 2021, 2022].map((year) => ({
      year,
      summary: '组织社区文体活动',
      filedOn: `${year + 1}-04-20`,
    })),
    creditRecords: [
      {
        recordId: 'award-2019',
        polarity: 'positive',
        source: '武昌区民政局',
        date: '2019-09-01',
        description: '优秀社区社会组织',
      },
    ],
  };
}

interface ImportReply {
  lines?: { status: string; id: string | null; reason?: string }[];
}

/**
 * Imports the registry's organizations (counted under `migrations`: created when accepted, existing when the
 * import answers duplicate), then asks for a scheduler run (as ops) until the list model has them and
 * the lifecycle steps are applied (counted under `lifecycle`).
 */
export async function loadMigrations(ctx: StepContext, clients: { authority: Client; ops: Client }) {
  const record = migratedOrganization(ctx.seed, ctx.tree);
  const id = record.creditCode;
  try {
    const r = await clients.authority.call('POST', '/v1/imports/organizations', JSON.stringify(record), {
      'content-type': 'application/x-ndjson',
    });
    const line = (r.body as ImportReply | null)?.lines?.[0];
    const outcome =
      r.status !== 200
        ? 'failed'
        : line?.status === 'accepted'
          ? 'created'
          : line?.status === 'duplicate'
            ? 'existing'
            : 'failed';
    ctx.mark('migrations', outcome, id, r);
    if (outcome === 'failed') return;
    // The scheduler takes its candidates from the list model, which follows the import by a moment.
    for (let attempt = 1; attempt <= 60; attempt++) {
      const found = await clients.authority.call('GET', `/v1/organizations/${id}`);
      const activity = (found.body as { activity?: string } | null)?.activity;
      if (activity && activity !== 'normal')
        return ctx.mark('lifecycle', attempt === 1 ? 'existing' : 'created', id);
      await clients.ops.call('POST', '/v1/scheduler/runs', {});
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    ctx.mark('lifecycle', 'failed', id);
  } catch (err) {
    ctx.log(`seed: migrations ${id}: ${(err as Error).message}`);
    ctx.mark('migrations', 'failed', id);
  }
}
