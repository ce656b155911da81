import { labelledList, type ExportColumn, type ExportLang, type Labels } from '@fivesoc/service-kit';
import type { Skill } from '../domain/shared.ts';

/** One volunteer as the export writes them: the list's row, their standing, and (personal) name and phone. */
export interface VolunteerExportRow {
  id: string;
  districtCode: string;
  streetCode: string;
  communityCode: string;
  skills: readonly string[];
  languages: readonly string[];
  weekdays: readonly number[];
  registeredAt: string;
  /** 已确认志愿服务时长, under the district's rules in force. */
  confirmedHours: number;
  pendingHours: number;
  starLevel: number;
  name?: string | undefined;
  phone?: string | undefined;
}

/** The skills as the district says them (zh-CN; en-US writes the codes). */
export const SKILL_LABELS: Readonly<Record<Skill, string>> = {
  elder_care: '养老照护',
  child_care: '儿童照护',
  disability_support: '助残服务',
  medical: '医疗护理',
  psychological_support: '心理支持',
  education_tutoring: '教育辅导',
  legal_aid: '法律援助',
  culture_arts: '文化艺术',
  sports: '体育健身',
  it_support: '信息技术',
  logistics: '后勤保障',
  translation: '翻译',
  emergency_rescue: '应急救援',
  other: '其他',
};
/** ISO weekdays, 1 Monday to 7 Sunday. */
export const WEEKDAY_LABELS: Labels = {
  1: '周一',
  2: '周二',
  3: '周三',
  4: '周四',
  5: '周五',
  6: '周六',
  7: '周日',
};
/** 星级: `3 星` (as the certificate says it), none yet `无`; the number in en-US. */
const stars = (n: number, lang: ExportLang) => (lang !== 'zh-CN' ? n : n > 0 ? `${n} 星` : '无');

/** The volunteers export's columns, in order (志愿者名册). */
export const VOLUNTEER_COLUMNS: readonly ExportColumn<VolunteerExportRow>[] = [
  { key: 'id', zh: '志愿者编号', en: 'Volunteer ID', value: (r) => r.id },
  { key: 'name', zh: '姓名', en: 'Name', value: (r) => r.name, personal: true },
  { key: 'phone', zh: '联系电话', en: 'Phone', value: (r) => r.phone, personal: true },
  { key: 'districtCode', zh: '区', en: 'District', value: (r) => r.districtCode },
  { key: 'streetCode', zh: '街道', en: 'Street', value: (r) => r.streetCode },
  { key: 'communityCode', zh: '社区', en: 'Community', value: (r) => r.communityCode },
  { key: 'skills', zh: '技能', en: 'Skills', value: (r, lang) => labelledList(SKILL_LABELS, r.skills, lang) },
  {
    key: 'languages',
    zh: '语言',
    en: 'Languages',
    value: (r, lang) => r.languages.join(lang === 'zh-CN' ? '、' : ', '),
  },
  {
    key: 'weekdays',
    zh: '可服务日（周）',
    en: 'Weekdays available',
    value: (r, lang) => labelledList(WEEKDAY_LABELS, r.weekdays.map(String), lang),
  },
  { key: 'registeredAt', zh: '注册时间', en: 'Registered at', value: (r) => r.registeredAt },
  {
    key: 'confirmedHours',
    zh: '志愿服务时长（已确认，小时）',
    en: 'Confirmed service hours',
    value: (r) => r.confirmedHours,
  },
  {
    key: 'pendingHours',
    zh: '待确认时长（小时）',
    en: 'Hours awaiting confirmation',
    value: (r) => r.pendingHours,
  },
  { key: 'starLevel', zh: '星级', en: 'Star level', value: (r, lang) => stars(r.starLevel, lang) },
];

export const VOLUNTEER_SHEET = { zh: '志愿者', en: 'Volunteers' };
