import { NEED_CATEGORY_LABELS, URGENCY_LABELS, type ExportLang } from '@fivesoc/service-kit';
import { describe, expect, it } from 'vitest';
import { NEED_CATEGORIES, URGENCIES } from '../domain/needs/index.ts';
import type { NeedRow } from '../projections/needs.ts';
import { NEED_COLUMNS, NEED_STATUS_LABELS } from './needExport.ts';

const row: NeedRow = {
  _id: 'n-1',
  status: 'withdrawn',
  category: 'poverty_relief',
  urgency: 'critical',
  districtCode: '330102',
  streetCode: '330102001',
  communityCode: '330102001001',
  peopleCount: 1,
  reportedAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-02T08:00:00.000Z',
};
const cells = (lang: ExportLang) => Object.fromEntries(NEED_COLUMNS.map((c) => [c.key, c.value(row, lang)]));

describe('the needs export’s words', () => {
  it('has Chinese words for every category, urgency and status community has', () => {
    expect(NEED_CATEGORIES.filter((c) => !NEED_CATEGORY_LABELS[c])).toEqual([]);
    expect(URGENCIES.filter((u) => !URGENCY_LABELS[u])).toEqual([]);
    const statuses: NeedRow['status'][] = ['reported', 'withdrawn'];
    expect(statuses.filter((s) => !NEED_STATUS_LABELS[s])).toEqual([]);
  });

  it('writes the words in zh-CN and the codes in en-US', () => {
    expect(cells('zh-CN')).toMatchObject({ status: '已撤回', category: '困难帮扶', urgency: '紧急' });
    expect(cells('en-US')).toMatchObject({
      status: 'withdrawn',
      category: 'poverty_relief',
      urgency: 'critical',
    });
    // Codes and counts are not words: the same in both.
    expect(cells('zh-CN')).toMatchObject({ id: 'n-1', communityCode: '330102001001', peopleCount: 1 });
  });
});
