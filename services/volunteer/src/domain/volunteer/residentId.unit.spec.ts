import { describe, expect, it } from 'vitest';
import { maskResidentId, residentIdProblem } from './residentId.ts';

describe('the resident ID number check (GB 11643)', () => {
  it('accepts numbers whose check character is right, X included', () => {
    expect(residentIdProblem('11010519491231002X')).toBeUndefined();
    expect(residentIdProblem('110101199003074477')).toBeUndefined();
  });
  it('refuses a wrong check character', () => {
    expect(residentIdProblem('110105194912310021')).toMatch(/check character/);
  });
  it('refuses wrong lengths, letters and a lower-case x', () => {
    expect(residentIdProblem('1101051949123100')).toMatch(/18 characters/);
    expect(residentIdProblem('11010519491231002x')).toMatch(/18 characters/);
    expect(residentIdProblem('1101051949A231002X')).toMatch(/18 characters/);
  });
  it('masks all but the region and the last four', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110105********002X');
  });
});
