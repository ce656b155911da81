import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScoreBreakdown } from '../api/linkageTypes.ts';
import { formatPercent } from '../format.ts';
import { SCORE_PARTS } from '../i18n/keys.ts';
import { useLang } from './lang.ts';

const COLORS: Record<string, string> = {
  skillFit: '#1f5fbf',
  nearness: '#237804',
  loadBalance: '#ad6800',
  rating: '#9e1068',
  credit: '#08979c',
};

/** A candidate's score, part by part, as horizontal bars (each part in [0,1]), with the total. */
export function ScoreBars({ score }: { score: ScoreBreakdown | undefined }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  if (!score) return <span>{t('case.noScore')}</span>;
  return (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: 'minmax(4.5em, auto) 1fr 3.5em',
        gap: '2px 8px',
        alignItems: 'center',
        minWidth: 200,
      }}
    >
      {SCORE_PARTS.map((part) => {
        const v = Math.max(0, Math.min(1, score[part] ?? 0));
        const label = t(`score.${part}`);
        return (
          <div key={part} style={{ display: 'contents' }}>
            <span style={{ fontSize: 12 }}>{label}</span>
            <div
              role="meter"
              aria-label={label}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(v * 100)}
              style={{ background: '#f0f0f0', height: 10, borderRadius: 2 }}
            >
              <div style={{ width: `${v * 100}%`, background: COLORS[part], height: 10, borderRadius: 2 }} />
            </div>
            <span style={{ fontSize: 12, textAlign: 'end' }}>{formatPercent(v, lang)}</span>
          </div>
        );
      })}
      <strong style={{ fontSize: 12 }}>{t('score.total')}</strong>
      <span />
      <strong style={{ fontSize: 12, textAlign: 'end' }} data-testid="score-total">
        {score.total.toFixed(3)}
      </strong>
    </div>
  );
}
