import { ValidationError } from './errors.ts';

/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 17 characters and a check character
 * from a 31-character alphabet that leaves out I, O, Z, S and V. One rule for every service that takes one
 * (organization registrations, charity's enterprise donors).
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or undefined when one is outside the alphabet. */
export function checkCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CODE_ALPHABET.indexOf(first17[i]!);
    if (value < 0) return undefined;
    sum += value * WEIGHTS[i]!;
  }
  return CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

export const isValidCreditCode = (code: string): boolean =>
  code.length === 18 && checkCharacter(code.slice(0, 17)) === code[17];

export function assertCreditCode(code: string, field = 'body.creditCode'): void {
  if (code.length !== 18) throw new ValidationError(field, 'a unified social credit code has 18 characters');
  const bad = [...code].find((c) => !CODE_ALPHABET.includes(c));
  if (bad !== undefined) throw new ValidationError(field, `'${bad}' is not in 0-9 A-H J-N P-R T U W-Y`);
  if (!isValidCreditCode(code))
    throw new ValidationError(field, `the check character should be ${checkCharacter(code.slice(0, 17))}`);
}
