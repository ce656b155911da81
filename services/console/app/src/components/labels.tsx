import type { ReactNode } from 'react';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** Tag colours dark enough for white text at 4.5:1 (Ant Design's light presets fall short of it). */
export const TONE = {
  blue: '#0958d9',
  cyan: '#006d75',
  geekblue: '#1d39c4',
  purple: '#531dab',
  gold: '#874d00',
  orange: '#ad4e00',
  green: '#237804',
  red: '#a8071a',
} as const;
const tone = (c: string | undefined) => (c && c in TONE ? TONE[c as keyof typeof TONE] : undefined);

const STATUS_COLOR: Record<string, string> = {
  CASE_STATUS_OPEN: 'default',
  CASE_STATUS_ASSIGNED: 'blue',
  CASE_STATUS_ASSESSED: 'cyan',
  CASE_STATUS_PLANNED: 'geekblue',
  CASE_STATUS_MATCHING: 'purple',
  CASE_STATUS_IN_DELIVERY: 'gold',
  CASE_STATUS_UNDER_REVIEW: 'orange',
  CASE_STATUS_CLOSED: 'green',
};
const RISK_COLOR: Record<string, string> = { low: 'green', medium: 'gold', high: 'orange', critical: 'red' };
const MATCH_COLOR: Record<string, string> = {
  MATCH_STATUS_REQUESTED: 'blue',
  MATCH_STATUS_HELD: 'purple',
  MATCH_STATUS_CONFIRMED: 'green',
  MATCH_STATUS_REFUSED: 'red',
  MATCH_STATUS_EXPIRED: 'orange',
  MATCH_STATUS_WITHDRAWN: 'default',
};

export function CaseStatusTag({ status }: { status: string }): ReactNode {
  const { t } = useTranslation();
  return <Tag color={tone(STATUS_COLOR[status])}>{t(`caseStatus.${status}`, { defaultValue: status })}</Tag>;
}

export function RiskTag({ risk }: { risk: string }): ReactNode {
  const { t } = useTranslation();
  if (!risk) return <Tag>{t('case.notAssessed')}</Tag>;
  return <Tag color={tone(RISK_COLOR[risk])}>{t(`risk.${risk}`, { defaultValue: risk })}</Tag>;
}

export function MatchStatusTag({ status }: { status: string }): ReactNode {
  const { t } = useTranslation();
  return <Tag color={tone(MATCH_COLOR[status])}>{t(`matchStatus.${status}`, { defaultValue: status })}</Tag>;
}
