import { type ReactNode } from 'react';
import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { useLang } from '../../components/lang.ts';
import { Wide } from '../../components/Wide.tsx';
import { formatDateTime, formatNumber } from '../../format.ts';
import { useCaseFlow, type Hop } from './queries.ts';
import { h2 } from './heading.tsx';

/** A case's flow hop by hop: need appended, published, consumed, the case, each request and its answer. */
export function CaseFlowView({ caseId }: { caseId: string }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const q = useCaseFlow(caseId);
  const f = q.data;
  return (
    <Card size="small" title={h2(t('ops.caseFlowOf', { caseId }))} data-testid="case-flow">
      <ApiErrorAlert error={q.error} />
      {f && (
        <>
          <Typography.Paragraph>
            {t('ops.traces', { ids: f.traceIds.join('、') || '—' })}
            {f.totalMs != null && ` · ${t('ops.total', { ms: formatNumber(f.totalMs, lang) })}`}
          </Typography.Paragraph>
          <Wide>
            <Table<Hop>
              size="small"
              pagination={false}
              rowKey={(h) => `${h.eventId}-${h.kind}-${h.kafka?.group ?? ''}`}
              dataSource={f.hops}
              columns={[
                { title: t('ops.hop'), render: (_: unknown, h) => t(`ops.hopKind.${h.kind}`) },
                { title: t('ops.step'), dataIndex: 'step' },
                { title: t('ops.eventType'), dataIndex: 'eventType' },
                { title: t('ops.at'), render: (_: unknown, h) => formatDateTime(h.at, lang) },
                {
                  title: t('ops.took'),
                  render: (_: unknown, h) =>
                    h.tookMs == null ? '—' : t('ops.ms', { ms: formatNumber(h.tookMs, lang) }),
                },
                {
                  title: t('ops.where'),
                  render: (_: unknown, h) =>
                    h.kafka ? `${h.kafka.topic}#${h.kafka.partition}@${h.kafka.offset}` : '—',
                },
              ]}
            />
          </Wide>
        </>
      )}
    </Card>
  );
}
