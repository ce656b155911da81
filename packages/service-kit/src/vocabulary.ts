import type { Labels } from './export.ts';

/**
 * The Chinese words of the one vocabulary that travels between services: a need's category (需求类别) and
 * urgency (紧急程度) are chosen in community and carried in its events to linkage (a case's category) and
 * charity (a donation restricted to a category). The codes are community's
 * (`services/community/src/domain/needs/categories.ts`; its spec checks each has its words here); the
 * words are the console's (`services/console/app/src/i18n/zh-CN.json`, `category.*`, `urgency.*`). Each
 * service's own vocabularies (statuses, kinds, skills …) stay beside its export's columns.
 */
export const NEED_CATEGORY_LABELS: Labels = {
  elder_care: '养老服务',
  child_care: '儿童关爱',
  disability: '助残服务',
  poverty_relief: '困难帮扶',
  mental_health: '心理健康',
  emergency: '应急救助',
  property_management: '物业服务',
  education: '教育辅导',
  culture_sports: '文体活动',
  health: '健康服务',
  other: '其他',
};

export const URGENCY_LABELS: Labels = { low: '低', normal: '一般', high: '高', critical: '紧急' };
