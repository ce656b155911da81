import { useState, type ReactNode } from 'react';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { TONE } from '../../components/labels.tsx';
import { useLang } from '../../components/lang.ts';
import { Wide } from '../../components/Wide.tsx';
import { formatDateTime, formatNumber } from '../../format.ts';
import {
  useDeadLetters,
  useReplay,
  type Letter,
  type OpsService,
  type ReplayAnswer,
  type ReplayItem,
} from './queries.ts';
import { h2 } from './heading.tsx';

/** A group's dead letters: reasons, a dry run of a replay, the replay itself. */
export function DeadLetterBrowser({ svc, group }: { svc: OpsService; group: string }): ReactNode {
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
