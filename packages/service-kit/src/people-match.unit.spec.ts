import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  birthDateOfIdNumber,
  blindIndexes,
  blindIndexKey,
  normalizeIdNumber,
  normalizeName,
  normalizePhone,
  scoreMatch,
} from './people-match.ts';

const key = blindIndexKey(randomBytes(32), 'community');

describe('normalization for blind indexes', () => {
  it('writes an ID number one way (GB 11643): no spaces, upper-case X, and reads its birth date', () => {
    expect(normalizeIdNumber(' 330102 19500101 123x ')).toBe('33010219500101123X');
    expect(birthDateOfIdNumber('330102 19500101 123x')).toBe('19500101');
    expect(birthDateOfIdNumber('33010219501301123X')).toBeUndefined();
  });

  it('drops +86, 0086, spaces and dashes from a phone', () => {
    for (const p of ['+86 138-0000-1111', '0086 13800001111', '8613800001111', '138 0000 1111'])
      expect(normalizePhone(p)).toBe('13800001111');
    expect(normalizePhone('0571-8888 1234')).toBe('057188881234');
  });

  it('compares names by their pinyin without tones, so homophones and Latin spellings meet', () => {
    expect(normalizeName('张三')).toBe('zhangsan');
    expect(normalizeName('章 三')).toBe('zhangsan');
    expect(normalizeName('Zhang San')).toBe('zhangsan');
    expect(normalizeName('吕')).toBe('lv');
  });
});

describe('blind indexes and the weighted rules', () => {
  const a = { name: '张三', phone: '13800001111', idNumber: '33010219500101123X' };

  it('holds HMACs only, under the service key: another key gives other values', () => {
    const bi = blindIndexes(key, a);
    expect(Object.keys(bi).sort()).toEqual(['idNumber', 'name', 'nameBirthDate', 'nameBirthYear', 'phone']);
    for (const v of Object.values(bi)) expect(v).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(bi)).not.toContain('13800001111');
    expect(blindIndexes(blindIndexKey(randomBytes(32), 'community'), a).idNumber).not.toBe(bi.idNumber);
  });

  it('finds the same person written differently "likely", naming the fields that matched', () => {
    const b = { name: '张三', phone: '+86 138 0000 1111', idNumber: '330102 19500101 123x' };
    expect(scoreMatch(blindIndexes(key, a), blindIndexes(key, b))).toEqual({
      score: 120,
      level: 'likely',
      matched: ['idNumber', 'phone', 'nameBirthDate'],
      conflicting: [],
    });
  });

  it('offers a shared phone with the same name as "possible", and a name alone not at all', () => {
    const phoneAndName = scoreMatch(
      blindIndexes(key, a),
      blindIndexes(key, { name: '张三', phone: a.phone }),
    );
    expect(phoneAndName).toMatchObject({ level: 'possible', score: 40, matched: ['phone', 'name'] });
    expect(scoreMatch(blindIndexes(key, a), blindIndexes(key, { name: '张三', phone: '13900000000' }))).toBe(
      undefined,
    );
  });

  it('counts two different ID numbers against a match', () => {
    // A typo in the sequence digits: same phone, name and birth date is still worth a look.
    const typo = { ...a, idNumber: '330102195001011231' };
    expect(scoreMatch(blindIndexes(key, a), blindIndexes(key, typo))).toMatchObject({
      score: 40,
      level: 'possible',
      matched: ['phone', 'nameBirthDate'],
      conflicting: ['idNumber'],
    });
    // Same phone and name, another person's ID number (another birth date): not offered.
    const other = { ...a, idNumber: '330102196203041234' };
    expect(scoreMatch(blindIndexes(key, a), blindIndexes(key, other))).toBeUndefined();
  });
});
