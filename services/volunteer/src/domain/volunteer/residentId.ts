/**
 * The Chinese resident identity number (居民身份证号码, GB 11643-1999): 17 digits and a check character
 * computed by ISO 7064 MOD 11-2 (weights 2^(17-i) mod 11; remainder → "10X98765432").
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function residentIdProblem(value: string): string | undefined {
  if (!/^\d{17}[\dX]$/.test(value)) return 'must be 17 digits and a digit or X (18 characters)';
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(value[i]), 0);
  if (CHECK[sum % 11] !== value[17]) return 'has a wrong check character (GB 11643)';
  return undefined;
}

/** Shows the region and the last four only, e.g. 110101********123X. */
export const maskResidentId = (value: string): string => `${value.slice(0, 6)}********${value.slice(14)}`;
