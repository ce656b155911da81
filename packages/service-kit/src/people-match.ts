import { createHmac, hkdfSync } from 'node:crypto';
import { pinyin } from 'pinyin-pro';

/**
 * Duplicate people, found blind: keyed blind indexes (HMAC-SHA256 under a key of the service's own,
 * derived from its master key) of a person's normalized ID number, phone and name, so that two records
 * of one resident can be found without any collection holding the clear values. The same normalization,
 * keys and weighted rules serve every service that registers people (community's residents on needs,
 * volunteer's volunteers, charity's person donors).
 */

/** The fields a person is indexed and compared by. */
export const BLIND_FIELDS = ['idNumber', 'phone', 'nameBirthDate', 'nameBirthYear', 'name'] as const;
export type BlindField = (typeof BLIND_FIELDS)[number];
/** A person's blind indexes: one HMAC (hex) per field that could be computed. */
export type BlindIndexes = Partial<Record<BlindField, string>>;
/** The fields whose index is also looked up (a plain name is compared, never looked up: too common). */
export const LOOKUP_FIELDS = ['idNumber', 'phone', 'nameBirthDate', 'nameBirthYear'] as const;

/** GB 11643: spaces (and dashes) are dropped and the check character X is upper case. */
export const normalizeIdNumber = (idNumber: string): string => idNumber.replace(/[\s-]/g, '').toUpperCase();

/** True for an 18-character resident ID number once normalized (17 digits and a digit or X). */
export const isIdNumber = (idNumber: string): boolean => /^\d{17}[\dX]$/.test(normalizeIdNumber(idNumber));

/** The birth date an 18-character ID number carries (characters 7–14, `YYYYMMDD`), when it is a real date. */
export function birthDateOfIdNumber(idNumber: string): string | undefined {
  const id = normalizeIdNumber(idNumber);
  if (!/^\d{17}[\dX]$/.test(id)) return undefined;
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return id.slice(6, 14);
}

/**
 * A phone number as digits only: spaces, dashes, dots and brackets go, and so does the country code of
 * China (`+86`, `0086`, or a bare `86` before an 11-digit mobile number).
 */
export function normalizePhone(phone: string): string {
  let digits = phone.replace(/[\s\-().]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (/^861\d{10}$/.test(digits)) digits = digits.slice(2);
  return digits.replace(/\D/g, '');
}

/**
 * A name as it sounds: Chinese characters in pinyin without tones (ü as v), lower case, letters only, so
 * 张三, 章三 and "Zhang San" are one name (a misheard or mistyped character still matches).
 */
export function normalizeName(name: string): string {
  const syllables = pinyin(name.normalize('NFKC'), {
    toneType: 'none',
    type: 'array',
    v: true,
    nonZh: 'consecutive',
  });
  return syllables
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** What a person is indexed from: the clear data, which never leaves the process. */
export interface MatchablePerson {
  name: string;
  phone?: string | undefined;
  idNumber?: string | undefined;
  /** `YYYY-MM-DD` or `YYYYMMDD`, when known apart from the ID number. */
  birthDate?: string | undefined;
  birthYear?: number | undefined;
}

/** The service's blind-index key, derived from its master key (HKDF-SHA256, as its other keys are). */
export const blindIndexKey = (masterKey: Buffer, service: string): Buffer =>
  Buffer.from(hkdfSync('sha256', masterKey, `fivesoc-${service}`, 'people-blind-index', 32));

const mac = (key: Buffer, field: BlindField, value: string): string =>
  createHmac('sha256', key).update(`${field}|${value}`).digest('hex');

/** A person's blind indexes: normalized values, each HMAC'd with its field's name under the service key. */
export function blindIndexes(key: Buffer, p: MatchablePerson): BlindIndexes {
  const out: BlindIndexes = {};
  const id = p.idNumber ? normalizeIdNumber(p.idNumber) : '';
  if (id) out.idNumber = mac(key, 'idNumber', id);
  const phone = p.phone ? normalizePhone(p.phone) : '';
  if (phone.length >= 5) out.phone = mac(key, 'phone', phone);
  const name = normalizeName(p.name);
  if (!name) return out;
  out.name = mac(key, 'name', name);
  const birthDate =
    (p.birthDate ? p.birthDate.replace(/-/g, '') : undefined) ?? (id ? birthDateOfIdNumber(id) : undefined);
  if (birthDate && /^\d{8}$/.test(birthDate))
    out.nameBirthDate = mac(key, 'nameBirthDate', `${name}|${birthDate}`);
  const year = birthDate ? Number(birthDate.slice(0, 4)) : p.birthYear;
  if (year) out.nameBirthYear = mac(key, 'nameBirthYear', `${name}|${year}`);
  return out;
}

/**
 * The weighted rules (documented in docs/decisions.md): an equal ID number weighs 60, an equal phone 30,
 * and the best of the name rules: name with birth date 30, name with birth year 20, name alone 10. Two
 * different ID numbers (both known) take 20 off: one mistyped digit with the same phone, name and birth date
 * is still "possible", and the same phone and name with another ID number is not offered. 60 or more is "likely", 30 or more "possible"; below that
 * nothing is offered.
 */
export const MATCH_WEIGHTS = {
  idNumber: 60,
  phone: 30,
  nameBirthDate: 30,
  nameBirthYear: 20,
  name: 10,
} as const satisfies Record<BlindField, number>;
export const ID_NUMBER_CONFLICT_PENALTY = 20;
export const LIKELY_THRESHOLD = 60;
export const POSSIBLE_THRESHOLD = 30;
const NAME_RULES = ['nameBirthDate', 'nameBirthYear', 'name'] as const;

export interface Match {
  score: number;
  level: 'likely' | 'possible';
  /** The fields that counted, in rule order. */
  matched: BlindField[];
  /** Fields both people have and that differ (only the ID number counts against). */
  conflicting: BlindField[];
}

/** Compares two people by their blind indexes; undefined below the "possible" threshold. */
export function scoreMatch(a: BlindIndexes, b: BlindIndexes): Match | undefined {
  const matched: BlindField[] = [];
  const conflicting: BlindField[] = [];
  let score = 0;
  for (const field of ['idNumber', 'phone'] as const) {
    if (a[field] && a[field] === b[field]) {
      matched.push(field);
      score += MATCH_WEIGHTS[field];
    }
  }
  const nameRule = NAME_RULES.find((f) => a[f] && a[f] === b[f]);
  if (nameRule) {
    matched.push(nameRule);
    score += MATCH_WEIGHTS[nameRule];
  }
  if (a.idNumber && b.idNumber && a.idNumber !== b.idNumber) {
    conflicting.push('idNumber');
    score -= ID_NUMBER_CONFLICT_PENALTY;
  }
  if (score < POSSIBLE_THRESHOLD) return undefined;
  return { score, level: score >= LIKELY_THRESHOLD ? 'likely' : 'possible', matched, conflicting };
}
