import type { ReactNode } from 'react';
import {
  Alert,
  Badge,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Wide } from '../../components/Wide.tsx';
import { canApprove, canRunCases, canSupervise } from '../../access.ts';
import type { Me } from '../../auth.ts';
import {
  ACTIVE_MATCH,
  type Candidate,
  type Case,
  type Match,
  type PlanItem,
} from '../../api/linkageTypes.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CaseStatusTag, MatchStatusTag, RiskTag } from '../../components/labels.tsx';
import { useLang } from '../../components/lang.ts';
import { ScoreBars } from '../../components/ScoreBars.tsx';
import { formatAge, formatDateTime, formatFen, formatNumber, type Lang } from '../../format.ts';
import { navigate } from '../../router.ts';
import { CaseActions } from './CaseActions.tsx';
import { AcceptButton, RecordDelivery, RejectMatch } from './MatchActions.tsx';
import { CaseHistory } from './CaseHistory.tsx';
import { describeEvent } from './events.ts';
import { Supervision } from './Supervision.tsx';
import { useCase, useCaseEvents } from './queries.ts';

const amountOf = (kind: string, requirement: string, q: string | number, lang: Lang) =>
  kind === 'RESOURCE_KIND_DONATION' && requirement === 'fen' ? formatFen(q, lang) : formatNumber(q, lang);

function ItemCard({ c, item, run }: { c: Case; item: PlanItem; run: boolean }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const matches = c.matches.filter((m) => m.itemId === item.itemId);
  const covered = matches.some((m) => ACTIVE_MATCH.has(m.status));
  const candidates = c.candidates.filter((x) => x.itemId === item.itemId).sort((a, b) => a.rank - b.rank);
  const asked = new Set(matches.map((m) => m.resourceId));
  const closed = c.status === 'CASE_STATUS_CLOSED';
  const kindLabel = t(`resourceKind.${item.kind}`, { defaultValue: item.kind });
  return (
    <Card
      size="small"
      data-testid={`item-${item.itemId}`}
      title={
        <span>
          {kindLabel} · {item.description || item.itemId}
        </span>
      }
      extra={<span>{amountOf(item.kind, item.requirement, item.quantity, lang)}</span>}
      style={{ marginBottom: 12 }}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('plan.requirement')}: {item.requirement}
        {item.startAt ? ` · ${formatDateTime(item.startAt, lang)} – ${formatDateTime(item.endAt, lang)}` : ''}
      </Typography.Paragraph>
      {matches.length > 0 && (
        <Wide>
          <Table<Match>
            size="small"
            rowKey="matchId"
            pagination={false}
            dataSource={matches}

            data-testid={`matches-${item.itemId}`}
            columns={[
              { title: t('match.resource'), dataIndex: 'resourceId' },
              {
                title: t('match.status'),
                dataIndex: 'status',
                render: (s: string) => <MatchStatusTag status={s} />,
              },
              { title: t('match.attempt'), dataIndex: 'attempt' },
              {
                title: t('match.deadline'),
                dataIndex: 'deadline',
                render: (d?: string) => formatDateTime(d, lang),
              },
              {
                title: t('match.delivered'),
                render: (_: unknown, m) =>
                  `${amountOf(item.kind, item.requirement, m.delivered, lang)} (${m.deliveries})`,
              },
              {
                title: t('case.actions'),
                render: (_: unknown, m) =>
                  run && !closed ? (
                    <Space>
                      {(m.status === 'MATCH_STATUS_REQUESTED' || m.status === 'MATCH_STATUS_HELD') && (
                        <RejectMatch c={c} matchId={m.matchId} />
                      )}
                      {m.status === 'MATCH_STATUS_CONFIRMED' && <RecordDelivery c={c} matchId={m.matchId} />}
                    </Space>
                  ) : null,
              },
            ]}
          />
        </Wide>
      )}
      {candidates.length > 0 && (
        <>
          <Typography.Title level={4} style={{ fontSize: 14, marginTop: 12 }}>
            {t('case.candidates')}
          </Typography.Title>
          <Wide>
            <Table<Candidate>
              size="small"
              rowKey="resourceId"
              pagination={false}
              dataSource={candidates}

              data-testid={`candidates-${item.itemId}`}
              columns={[
                { title: t('case.rank'), dataIndex: 'rank', width: 60 },
                { title: t('match.resource'), dataIndex: 'resourceId' },
                { title: t('case.score'), render: (_: unknown, x) => <ScoreBars score={x.score} /> },
                {
                  title: t('case.actions'),
                  render: (_: unknown, x) =>
                    asked.has(x.resourceId) ? (
                      <Tag>{t('case.asked')}</Tag>
                    ) : run && !covered && !closed ? (
                      <AcceptButton c={c} itemId={item.itemId} resourceId={x.resourceId} />
                    ) : null,
                },
              ]}
            />
          </Wide>
        </>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        {t('case.hardRules')}: {t(`hardRules.${item.kind}`, { defaultValue: '' })}
      </Typography.Paragraph>
    </Card>
  );
}

export function CasePage({ me, caseId }: { me: Me; caseId: string }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const q = useCase(caseId);
  const { events, live } = useCaseEvents(caseId);
  const run = canRunCases(me.roles);
  const approve = canApprove(me.roles);
  const c = q.data;
  return (
    <div>
      <Space style={{ marginBottom: 8 }} wrap>
        <a
          href="/cases"
          onClick={(e) => {
            e.preventDefault();
            navigate('/cases');
          }}
        >
          ← {t('nav.workbench')}
        </a>
        <Badge status={live ? 'success' : 'default'} text={live ? t('case.live') : t('case.notLive')} />
      </Space>
      <ApiErrorAlert error={q.error} />
      {q.isLoading && <Spin aria-label={t('common.loading')} />}
      {c && (
        <>
          <Card style={{ marginBottom: 12 }}>
            <Typography.Title level={1} style={{ fontSize: 20 }}>
              {t('case.title', { id: c.caseId })}
            </Typography.Title>
            <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} data-testid="case-header">
              <Descriptions.Item label={t('case.status')}>
                <span data-testid="case-status">
                  <CaseStatusTag status={c.status} />
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('case.risk')}>
                <RiskTag risk={c.riskLevel} />
              </Descriptions.Item>
              <Descriptions.Item label={t('case.category')}>
                {t(`category.${c.category}`, { defaultValue: c.category })}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.urgency')}>
                {t(`urgency.${c.urgency}`, { defaultValue: c.urgency })}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.place')}>
                {c.place ? `${c.place.streetCode} / ${c.place.communityCode}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.worker')}>
                <span data-testid="case-worker">
                  {c.workerId ||
                    (c.pendingWorkerId ? `${c.pendingWorkerId} (${t('case.pending')})` : t('case.noWorker'))}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('case.age')}>
                {formatAge(c.openedAt, lang)} ({formatDateTime(c.openedAt, lang)})
              </Descriptions.Item>
              <Descriptions.Item label={t('case.escalationLevel')}>
                {t(`escalation.${['community', 'street', 'district'][c.escalationLevel] ?? 'community'}`)}
              </Descriptions.Item>
              {c.rating > 0 && <Descriptions.Item label={t('case.rating')}>{c.rating} / 5</Descriptions.Item>}
              {c.outcome && (
                <Descriptions.Item label={t('case.outcome')}>{t(`outcome.${c.outcome}`)}</Descriptions.Item>
              )}
              {c.needsIdentified.length > 0 && (
                <Descriptions.Item label={t('case.needsIdentified')}>
                  {c.needsIdentified.join('、')}
                </Descriptions.Item>
              )}
            </Descriptions>
            {run ? (
              <CaseActions c={c} supervise={canSupervise(me.roles)} />
            ) : approve ? null : (
              <Alert type="info" showIcon message={t('case.readOnly')} data-testid="read-only" />
            )}
          </Card>
          <Supervision c={c} me={me} run={run} approve={approve} />
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={15}>
              <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('case.plan')}</h2>}>
                {c.plan.length === 0 ? (
                  <Empty description={t('case.noPlan')} />
                ) : (
                  c.plan.map((item) => <ItemCard key={item.itemId} c={c} item={item} run={run} />)
                )}
              </Card>
            </Col>
            <Col xs={24} lg={9}>
              <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('record.title')}</h2>}>
                <Tabs
                  items={[
                    {
                      key: 'timeline',
                      label: t('case.timeline'),
                      children: (
                        <>
                          {events.length === 0 ? (
                            <Empty description={t('case.noEvents')} />
                          ) : (
                            <Timeline
                              data-testid="timeline"
                              items={events.map((e) => {
                                const s = describeEvent(e, t, lang);
                                return {
                                  key: e.eventId,
                                  children: (
                                    <div data-event-type={e.type}>
                                      <div>{s.what}</div>
                                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                        {s.who} · {s.when}
                                      </Typography.Text>
                                    </div>
                                  ),
                                };
                              })}
                            />
                          )}
                        </>
                      ),
                    },
                    {
                      key: 'history',
                      label: <span data-testid="history-tab">{t('history.tab')}</span>,
                      children: <CaseHistory caseId={c.caseId} />,
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
