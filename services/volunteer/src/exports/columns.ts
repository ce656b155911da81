import type { ExportColumn } from '@fivesoc/service-kit';

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

const list = (xs: readonly (string | number)[]) => xs.join('、');

/** The volunteers export's columns, in order (志愿者名册). */
export const VOLUNTEER_COLUMNS: readonly ExportColumn<VolunteerExportRow>[] = [
  { key: 'id', zh: '志愿者编号', en: 'Volunteer ID', value: (r) => r.id },
  { key: 'name', zh: '姓名', en: 'Name', value: (r) => r.name, personal: true },
  { key: 'phone', zh: '联系电话', en: 'Phone', value: (r) => r.phone, personal: true },
  { key: 'districtCode', zh: '区', en: 'District', value: (r) => r.districtCode },
  { key: 'streetCode', zh: '街道', en: 'Street', value: (r) => r.streetCode },
  { key: 'communityCode', zh: '社区', en: 'Community', value: (r) => r.communityCode },
  { key: 'skills', zh: '技能', en: 'Skills', value: (r) => list(r.skills) },
  { key: 'languages', zh: '语言', en: 'Languages', value: (r) => list(r.languages) },
  { key: 'weekdays', zh: '可服务日（周）', en: 'Weekdays available', value: (r) => list(r.weekdays) },
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
  { key: 'starLevel', zh: '星级', en: 'Star level', value: (r) => r.starLevel },
];

export const VOLUNTEER_SHEET = { zh: '志愿者', en: 'Volunteers' };
