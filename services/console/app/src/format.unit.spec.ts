import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatDateTime,
  formatFen,
  formatNumber,
  formatWait,
  maskName,
  maskPhone,
} from './format.ts';

describe('formatting per locale', () => {
  it('shows integer fen as yuan with the ¥ sign and two decimals', () => {
    expect(formatFen(123456, 'zh-CN')).toBe('¥1,234.56');
    expect(formatFen('5', 'en-US')).toBe('¥0.05');
    expect(formatFen(100_000_000, 'zh-CN')).toBe('¥1,000,000.00');
  });

  it('groups numbers as the locale does', () => {
    expect(formatNumber(1234567, 'en-US')).toBe('1,234,567');
    expect(formatNumber('42', 'zh-CN')).toBe('42');
  });

  it('writes dates in the district time zone in the locale', () => {
    const iso = '2026-11-20T01:30:00Z';
    expect(formatDateTime(iso, 'zh-CN')).toContain('2026年11月20日');
    expect(formatDateTime(iso, 'zh-CN')).toContain('09:30');
    expect(formatDateTime(iso, 'en-US')).toContain('Nov 20, 2026');
    expect(formatDateTime(undefined, 'en-US')).toBe('—');
  });

  it('says how old a case is in words', () => {
    const now = Date.parse('2026-11-23T00:00:00Z');
    expect(formatAge('2026-11-20T00:00:00Z', 'zh-CN', now)).toBe('3天前');
    expect(formatAge('2026-11-20T00:00:00Z', 'en-US', now)).toBe('3 days ago');
  });

  it('writes a wait that ops watch grow to the second', () => {
    expect(formatWait(7.9, 'zh-CN')).toBe('7秒');
    expect(formatWait(125, 'zh-CN')).toBe('2分钟5秒');
    expect(formatWait(125, 'en-US')).toBe('2 min 5 sec');
    expect(formatWait(7200, 'zh-CN')).toBe('2小时');
  });

  it('masks names and phones once entered', () => {
    expect(maskName('王奶奶')).toBe('王**');
    expect(maskName('王')).toBe('*');
    expect(maskPhone('13900001111')).toBe('139****1111');
  });
});
