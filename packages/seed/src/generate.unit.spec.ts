import { describe, expect, it } from 'vitest';
import { creditCodeCheck, residentIdCheck } from './checksums.ts';
import { PRESETS, needs, organizations, tree, volunteers } from './generate.ts';

describe('seed data', () => {
  it('is the same for the same seed and different for another', () => {
    const t = tree(PRESETS.demo);
    const a = [...volunteers(7, t, 5)];
    expect([...volunteers(7, t, 5)]).toEqual(a);
    expect([...volunteers(8, t, 5)]).not.toEqual(a);
  });

  it('builds a valid three-level tree whose codes nest', () => {
    const t = tree(PRESETS.demo);
    expect(t.streets).toHaveLength(4);
    expect(t.communities).toHaveLength(12);
    for (const c of t.communities)
      expect(c.code.startsWith(c.streetCode) && c.streetCode.startsWith(t.district.code)).toBe(true);
    for (const n of needs(1, t, 20)) expect(t.communities.some((c) => c.code === n.communityCode)).toBe(true);
  });

  it('makes resident IDs and credit codes with correct check characters', () => {
    expect(residentIdCheck('11010519491231002')).toBe('X'); // the standard's worked example
    for (const v of volunteers(3, tree(PRESETS.demo), 50))
      expect(residentIdCheck(v.idNumber.slice(0, 17))).toBe(v.idNumber[17]);
    expect(creditCodeCheck('91350100M000100Y4')).toBe('3'); // a published valid code: 91350100M000100Y43
  });

  it('gives every organization its own credit code, also at bench size', () => {
    const codes = [...organizations(1, tree(PRESETS.bench), PRESETS.bench.organizations)].map(
      (o) => o.creditCode,
    );
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes.slice(0, 50)) expect(creditCodeCheck(c.slice(0, 17))).toBe(c[17]);
  });

  it('streams large sizes without building them in memory', () => {
    let n = 0;
    for (const _ of volunteers(1, tree(PRESETS.bench), 100_000)) n++;
    expect(n).toBe(100_000);
  });
});
