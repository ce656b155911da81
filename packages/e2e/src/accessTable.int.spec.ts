import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useInfra } from '@fivesoc/test-support';
import { accessTable, declaredRoutesOfAll, README, withTable } from './accessTable.ts';

describe("README's access table", () => {
  it('is current: it lists every declared route and RPC with its roles and scope (run ./fivesoc access)', async () => {
    const routes = await declaredRoutesOfAll(useInfra());
    const table = accessTable(routes);
    const readme = readFileSync(README, 'utf8');
    expect(readme).toBe(withTable(readme, table));
    const count = Object.values(routes).reduce((n, r) => n + r.length, 0);
    console.log(`access table: ${count} HTTP routes of 6 services and the gRPC calls`);
  }, 120_000);
});
