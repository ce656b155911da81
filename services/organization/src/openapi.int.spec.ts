import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('the API document', () => {
  it('describes every route with a summary and tags', async () => {
    const res = await h.svc.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ paths: Record<string, Record<string, { summary?: string; tags?: string[] }>> }>();
    const ops = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([m, op]) => ({ route: `${m} ${path}`, ...op })),
      );
    expect(ops.length).toBeGreaterThanOrEqual(25);
    expect(ops.filter((o) => !o.summary || !o.tags?.length).map((o) => o.route)).toEqual([]);
  });
});
