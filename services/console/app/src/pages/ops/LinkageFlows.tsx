import { useMemo, type ReactNode } from 'react';
import { Button, Card, Col, Descriptions, Popconfirm, Progress, Row, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { useLang } from '../../components/lang.ts';
import { Wide } from '../../components/Wide.tsx';
import { formatDateTime, formatDuration, formatNumber } from '../../format.ts';
import { navigate } from '../../router.ts';
import { isOverdue, useCases } from '../workbench/queries.ts';
import { useRebuild, useSaga, useStartRebuild } from './queries.ts';
import { h2 } from './heading.tsx';

/** A case waits too long for a worker after this (the saga keeps looking with backoff meanwhile). */
const WORKER_WAIT_BOUND_MS = 10 * 60_000;

/** The saga's pending work, the cases that are stuck, and the read-model rebuild. */
export function LinkageFlows(): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const saga = useSaga();
  const rebuild = useRebuild();
  const start = useStartRebuild();
  const cases = useCases({});
  const stuck = useMemo(() => {
    const now = Date.now();
    return (cases.data ?? []).flatMap((c) => {
      if (isOverdue(c, now)) return [{ c, why: t('ops.stuckOverdue') }];
      const waiting =
        c.status === 'CASE_STATUS_OPEN' &&
        !!c.openedAt &&
        now - new Date(c.openedAt).getTime() > WORKER_WAIT_BOUND_MS;
      return waiting ? [{ c, why: t('ops.stuckNoWorker') }] : [];
    });
  }, [cases.data, t]);
  const s = saga.data;
  const r = rebuild.data;
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={12}>
        <Card size="small" title={h2(t('ops.saga'))} data-testid="saga">
          <ApiErrorAlert error={saga.error} />
          {s && (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('ops.pending')}>
                {Object.entries(s.pending)
                  .map(
                    ([kind, n]) =>
                      `${t(`ops.kind.${kind}`, { defaultValue: kind })} ${formatNumber(n, lang)}`,
                  )
                  .join('，') || formatNumber(0, lang)}
              </Descriptions.Item>
              <Descriptions.Item label={t('ops.deadlines')}>
                {t('ops.deadlinesOf', {
                  scheduled: formatNumber(s.deadlines.scheduled, lang),
                  due: formatNumber(s.deadlines.due, lang),
                  overdue: formatNumber(s.deadlines.overdue, lang),
                })}
              </Descriptions.Item>
              <Descriptions.Item label={t('ops.waitingForWorker')}>
                {formatNumber(s.waitingForWorker, lang)}
                {s.waitingForWorker > 0 && ` (${formatDuration(Math.round(s.oldestWaitSeconds), lang)})`}
              </Descriptions.Item>
            </Descriptions>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={h2(t('ops.rebuild'))} data-testid="rebuild">
          <ApiErrorAlert error={rebuild.error ?? start.error} />
          {r && (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Progress
                percent={Math.floor(r.progress * 1000) / 10}
                aria-label={t('ops.rebuildProgress')}
                status={r.progress < 1 ? 'active' : 'success'}
              />
              <Typography.Text>
                {t('ops.rebuildOf', {
                  generation: r.generation,
                  consumed: formatNumber(r.consumed, lang),
                  total: formatNumber(r.total, lang),
                })}
              </Typography.Text>
              <Popconfirm
                title={t('ops.rebuildConfirm')}
                okText={t('ops.rebuildStart')}
                cancelText={t('common.cancel')}
                onConfirm={() => start.mutate()}
              >
                <Button loading={start.isPending}>{t('ops.rebuildStart')}</Button>
              </Popconfirm>
            </Space>
          )}
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title={h2(t('ops.stuck'))} data-testid="stuck">
          <ApiErrorAlert error={cases.error} />
          <Wide>
            <Table
              size="small"
              rowKey={(x) => x.c.caseId}
              dataSource={stuck}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: <Typography.Text type="secondary">{t('ops.noStuck')}</Typography.Text> }}
              columns={[
                {
                  title: t('ops.case'),
                  render: (_: unknown, x) => (
                    <a
                      href={`/ops?case=${encodeURIComponent(x.c.caseId)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(`/ops?case=${encodeURIComponent(x.c.caseId)}`);
                      }}
                    >
                      {x.c.caseId}
                    </a>
                  ),
                },
                { title: t('ops.why'), dataIndex: 'why' },
                { title: t('ops.openedAt'), render: (_: unknown, x) => formatDateTime(x.c.openedAt, lang) },
              ]}
            />
          </Wide>
        </Card>
      </Col>
    </Row>
  );
}
