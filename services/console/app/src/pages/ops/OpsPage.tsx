import { useMemo, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Input,
  Popconfirm,
  Progress,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { TONE } from '../../components/labels.tsx';
import { useLang } from '../../components/lang.ts';
import { Wide } from '../../components/Wide.tsx';
import { formatDateTime, formatDuration, formatNumber, formatWait } from '../../format.ts';
import { navigate } from '../../router.ts';
import { isOverdue, useCases } from '../workbench/queries.ts';
import {
  OPS_SERVICES,
  useCaseFlow,
  useDeadLetters,
  useFlows,
  useRebuild,
  useReplay,
  useSaga,
  useStartRebuild,
  type GroupStatus,
  type Hop,
  type Letter,
  type OpsService,
  type ReplayAnswer,
  type ReplayItem,
} from './queries.ts';

/** A case waits too long for a worker after this (the saga keeps looking with backoff meanwhile). */
const WORKER_WAIT_BOUND_MS = 10 * 60_000;

const h2 = (text: string) => <h2 style={{ fontSize: 16, margin: 0 }}>{text}</h2>;

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
function ServiceFlows({
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

/** The saga's pending work, the cases that are stuck, and the read-model rebuild. */
function Linkage(): ReactNode {
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

/** A group's dead letters: reasons, a dry run of a replay, the replay itself. */
function DeadLetterBrowser({ svc, group }: { svc: OpsService; group: string }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const { message } = App.useApp();
  const q = useDeadLetters(svc, group);
  const replay = useReplay(svc);
  const [selected, setSelected] = useState<string[]>([]);
  const [plan, setPlan] = useState<ReplayAnswer | null>(null);
  const d = q.data;
  const pending = (d?.letters ?? []).filter((l) => l.status !== 'replayed');
  // What a replay of the letter would meet, in the page's words (the service's own words are English).
  const outlook = (i: ReplayItem): string => {
    if (i.action === 'held') return t('ops.heldNote', { n: i.replays });
    if (i.action === 'already-replayed') return '—';
    if (i.wouldFailAgain) return t('ops.failsAgain', { reason: i.wouldFailAgain });
    return i.note ? t('ops.handlerFailed') : t('ops.wouldPass');
  };
  const run = async (dryRun: boolean) => {
    const which = selected.length > 0 ? { ids: selected } : { all: true as const };
    const answer = await replay.mutateAsync({ group, dryRun, ...which });
    if (dryRun) setPlan(answer);
    else {
      setPlan(null);
      setSelected([]);
      void message.success(t('ops.replayed', { n: answer.sent.length }));
    }
  };
  return (
    <Card size="small" title={h2(t('ops.deadLettersOf', { group }))} data-testid="dead-letters">
      <ApiErrorAlert error={q.error ?? replay.error} />
      {d && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text data-testid="dlq-depth">
            {t('ops.depth', { n: formatNumber(d.depth, lang) })}
          </Typography.Text>
          <Space wrap data-testid="dlq-reasons">
            {d.reasons.map((r) => (
              <Tag key={r.reason} color={TONE.red}>
                {r.reason} × {formatNumber(r.count, lang)}
              </Tag>
            ))}
          </Space>
          <Wide>
            <Table<Letter>
              size="small"
              rowKey="id"
              dataSource={pending}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              rowSelection={{
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String)),
                getCheckboxProps: (l) => ({ title: l.id }),
              }}
              locale={{ emptyText: <Typography.Text type="secondary">{t('ops.noLetters')}</Typography.Text> }}
              columns={[
                { title: t('ops.letter'), dataIndex: 'id' },
                { title: t('ops.eventType'), render: (_: unknown, l) => l.eventType ?? '—' },
                { title: t('ops.reason'), render: (_: unknown, l) => `${l.errorName}: ${l.error}` },
                { title: t('ops.failedAt'), render: (_: unknown, l) => formatDateTime(l.failedAt, lang) },
                {
                  title: t('ops.replays'),
                  render: (_: unknown, l) => (
                    <>
                      {formatNumber(l.replays, lang)}
                      {l.status === 'held' && (
                        <Tag color={TONE.gold} style={{ marginInlineStart: 4 }}>
                          {t('ops.held')}
                        </Tag>
                      )}
                    </>
                  ),
                },
              ]}
            />
          </Wide>
          <Space wrap>
            <Button onClick={() => void run(true)} disabled={pending.length === 0} loading={replay.isPending}>
              {selected.length > 0 ? t('ops.dryRunSelected', { n: selected.length }) : t('ops.dryRunAll')}
            </Button>
            <Popconfirm
              title={t('ops.replayConfirm')}
              okText={t('ops.replay')}
              cancelText={t('common.cancel')}
              onConfirm={() => void run(false)}
            >
              <Button type="primary" disabled={pending.length === 0} loading={replay.isPending}>
                {selected.length > 0 ? t('ops.replaySelected', { n: selected.length }) : t('ops.replayAll')}
              </Button>
            </Popconfirm>
          </Space>
          {plan && (
            <Wide>
              <Table<ReplayItem>
                size="small"
                rowKey="id"
                data-testid="dry-run"
                pagination={false}
                dataSource={plan.items}
                columns={[
                  { title: t('ops.letter'), dataIndex: 'id' },
                  { title: t('ops.sendTo'), dataIndex: 'topic' },
                  { title: t('ops.action'), render: (_: unknown, i) => t(`ops.planAction.${i.action}`) },
                  {
                    title: t('ops.wouldFailAgain'),
                    render: (_: unknown, i) => outlook(i),
                  },
                ]}
              />
            </Wide>
          )}
        </Space>
      )}
    </Card>
  );
}

/** A case's flow hop by hop: need appended, published, consumed, the case, each request and its answer. */
function CaseFlowView({ caseId }: { caseId: string }): ReactNode {
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

/**
 * 运维: the event flows at a glance for ops — each service's backlog and lag with the last hour's line, the
 * saga, stuck cases, the rebuild, a group's dead letters (dry run, replay) and a case's flow hop by hop.
 */
export function OpsPage({ search }: { search: URLSearchParams }): ReactNode {
  const { t } = useTranslation();
  const svc = (OPS_SERVICES as readonly string[]).includes(search.get('service') ?? '')
    ? (search.get('service') as OpsService)
    : null;
  const group = search.get('group');
  const caseId = search.get('case');
  const [caseInput, setCaseInput] = useState(caseId ?? '');
  const go = (params: Record<string, string>) => navigate(`/ops?${new URLSearchParams(params).toString()}`);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 20 }}>
          {t('ops.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('ops.intro')}</Typography.Paragraph>
        <Space wrap>
          <label htmlFor="ops-case">{t('ops.caseFlow')}</label>
          <Input
            id="ops-case"
            style={{ width: 320 }}
            value={caseInput}
            placeholder="c-…"
            onChange={(e) => setCaseInput(e.target.value.trim())}
            onPressEnter={() => caseInput && go({ case: caseInput })}
          />
          <Button onClick={() => caseInput && go({ case: caseInput })}>{t('ops.show')}</Button>
        </Space>
      </Card>
      {caseId && <CaseFlowView caseId={caseId} />}
      {svc && group && <DeadLetterBrowser svc={svc} group={group} />}
      <Linkage />
      <Row gutter={[12, 12]}>
        {OPS_SERVICES.map((s) => (
          <Col key={s} xs={24} xl={12}>
            <ServiceFlows svc={s} onDeadLetters={(sv, g) => go({ service: sv, group: g })} />
          </Col>
        ))}
      </Row>
    </Space>
  );
}
