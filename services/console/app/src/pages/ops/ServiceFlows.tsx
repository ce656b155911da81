import { type ReactNode } from 'react';
import { Alert, Button, Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { TONE } from '../../components/labels.tsx';
import { useLang } from '../../components/lang.ts';
import { Wide } from '../../components/Wide.tsx';
import { formatNumber, formatWait } from '../../format.ts';
import { useFlows, type GroupStatus, type OpsService } from './queries.ts';
import { h2 } from './heading.tsx';

/** The last hour of a group's lag as a small line: enough to see it climb or drain. */
function Sparkline({ points, label }: { points: [number, number][]; label: string }): ReactNode {
  const w = 120;
  const h = 24;
  if (points.length < 2) return <svg width={w} height={h} role="img" aria-label={label} />;
  const t0 = points[0]![0];
  const t1 = points.at(-1)![0];
  const max = Math.max(1, ...points.map((p) => p[1]));
  const xy = points
    .map(
      ([t, v]) =>
        `${(((t - t0) / Math.max(1, t1 - t0)) * w).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg width={w} height={h} role="img" aria-label={label}>
      <polyline points={xy} fill="none" stroke={TONE.blue} strokeWidth={1.5} />
    </svg>
  );
}

/** One service's flows: what its relay still owes Kafka, its topics, its consumer groups. */
export function ServiceFlows({
  svc,
  onDeadLetters,
}: {
  svc: OpsService;
  onDeadLetters: (svc: OpsService, group: string) => void;
}): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const q = useFlows(svc);
  const f = q.data;
  return (
    <Card size="small" title={h2(t(`ops.service.${svc}`))} data-testid={`flows-${svc}`}>
      <ApiErrorAlert error={q.error} />
      {f && !f.broker.reachable && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid={`broker-down-${svc}`}
          message={t('ops.brokerDown')}
          description={t('ops.brokerDownDetail', { error: f.broker.error ?? '—' })}
        />
      )}
      {f && (
        <Wide>
          <Table
            size="small"
            pagination={false}
            rowKey="topic"
            dataSource={f.relays}
            columns={[
              { title: t('ops.topic'), dataIndex: 'topic' },
              {
                title: t('ops.backlog'),
                render: (_: unknown, r) => (
                  <span data-testid={`backlog-${svc}`}>
                    {r.backlog > 0 ? (
                      <Tag color={TONE.orange}>{formatNumber(r.backlog, lang)}</Tag>
                    ) : (
                      formatNumber(0, lang)
                    )}
                  </span>
                ),
              },
              {
                title: t('ops.oldestAge'),
                render: (_: unknown, r) => (
                  <span data-testid={`age-${svc}`}>
                    {r.backlog > 0 ? formatWait(r.oldestAgeSeconds, lang) : '—'}
                  </span>
                ),
              },
              { title: t('ops.leaseHolder'), render: (_: unknown, r) => r.leaseHolder ?? t('ops.noHolder') },
              {
                title: t('ops.rate'),
                render: (_: unknown, r) => {
                  const rate = f.topics.find((x) => x.topic === r.topic)?.ratePerSecond;
                  return rate == null ? '—' : t('ops.perSecond', { n: formatNumber(rate.toFixed(1), lang) });
                },
              },
            ]}
          />
          <Table<GroupStatus>
            size="small"
            pagination={false}
            rowKey="groupId"
            style={{ marginTop: 8 }}
            dataSource={f.groups}
            columns={[
              { title: t('ops.group'), dataIndex: 'groupId' },
              {
                title: t('ops.lag'),
                render: (_: unknown, g) => (
                  <span data-testid={`lag-${g.groupId}`}>
                    {g.lag == null ? '—' : formatNumber(g.lag, lang)}
                  </span>
                ),
              },
              {
                title: t('ops.lagHour'),
                render: (_: unknown, g) => (
                  <Sparkline points={g.history} label={t('ops.lagHourOf', { group: g.groupId })} />
                ),
              },
              {
                title: t('ops.deadLetters'),
                render: (_: unknown, g) =>
                  g.deadLetterTopic ? (
                    <Button
                      size="small"
                      danger={(g.deadLetters ?? 0) > 0}
                      data-testid={`dlq-${g.groupId}`}
                      onClick={() => onDeadLetters(svc, g.groupId)}
                    >
                      {g.deadLetters == null ? '—' : formatNumber(g.deadLetters, lang)}
                    </Button>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </Wide>
      )}
    </Card>
  );
}
