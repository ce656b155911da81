import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.ts';
import { assertCreditCode, checkCharacter, isValidCreditCode } from './creditCode.ts';

// A code published on a business licence (Fujian), its check character worked by hand:
// sum of value × weight over the first 17 = 1640; 1640 mod 31 = 28; 31 - 28 = 3 → '3'.
const PUBLISHED = '91350100M000100Y43';

describe('the unified social credit code (GB 32100-2015)', () => {
  it('accepts a published valid code and computes its check character', () => {
    expect(checkCharacter(PUBLISHED.slice(0, 17))).toBe('3');
    expect(isValidCreditCode(PUBLISHED)).toBe(true);
  });

  it('refuses a wrong check character, naming the right one', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(() => assertCreditCode('91350100M000100Y44')).toThrow(/check character should be 3/);
  });

  it('refuses a wrong length and letters outside the alphabet (I, O, S, V, Z)', () => {
    expect(() => assertCreditCode('91350100M000100Y4')).toThrow(ValidationError);
    expect(() => assertCreditCode('91350100M000100I43')).toThrow(/'I' is not in/);
  });

  it('maps a remainder of 0 to the check character 0', () => {
    // 17 zeros sum to 0, so the check is alphabet[(31 - 0) mod 31] = '0'.
    expect(checkCharacter('0'.repeat(17))).toBe('0');
  });
});
