/** GB 11643-1999 resident ID check character for the first 17 digits. */
export function residentIdCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return '10X98765432'[sum % 11]!;
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015 unified social credit code check character for the first 17 characters. */
export function creditCodeCheck(first17: string): string {
  const sum = [...first17].reduce((acc, ch, i) => acc + USCC_ALPHABET.indexOf(ch) * USCC_WEIGHTS[i]!, 0);
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}
