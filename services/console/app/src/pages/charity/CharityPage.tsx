import type { TFunction } from 'i18next';
import { useState, type ReactNode } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Wide } from '../../components/Wide.tsx';
import { canAllocate, canOpen, canRoute } from '../../access.ts';
import type { Me } from '../../auth.ts';
import type { Allocation, RouteDonationsResponse } from '../../api/linkageTypes.ts';
import { ActionModal } from '../../components/ActionModal.tsx';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { TONE } from '../../components/labels.tsx';
import { useLang } from '../../components/lang.ts';
import { formatFen, formatNumber, type Lang } from '../../format.ts';
import {
  availableOf,
  useDonation,
  useDonations,
  useEntryAction,
  useOpenDonationItems,
  useRouteDonations,
  type DonationRow,
  type LedgerEntry,
} from './queries.ts';

/** A ledger figure in its donation's measure: fen as ¥, hours and goods as counts with their unit. */
export function amount(q: number | string, measure: string, lang: Lang, t: TFunction): string {
  if (measure === 'fen') return formatFen(q, lang);
  if (measure === 'hour') return t('charity.hours', { n: formatNumber(q, lang) });
  return `${formatNumber(q, lang)} ${measure.split('/')[1] ?? ''} ${measure.split('/')[0] ?? ''}`.trim();
}

function Entries({ donationId, allocate }: { donationId: string; allocate: boolean }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const d = useDonation(donationId);
  const act = useEntryAction();
  if (!d.data) return <ApiErrorAlert error={d.error} />;
  const measure = d.data.measure;
  return (
    <Wide>
      <Table<LedgerEntry>
        size="small"
        rowKey="entryId"
        pagination={false}
        dataSource={d.data.entries}
        data-testid={`entries-${donationId}`}
        locale={{ emptyText: t('charity.noEntries') }}
        columns={[
          { title: t('charity.entry'), dataIndex: 'entryId' },
          {
            title: t('charity.quantity'),
            dataIndex: 'quantity',
            render: (q: number) => amount(q, measure, lang, t),
          },
          {
            title: t('charity.target'),
            render: (_: unknown, e) =>
              `${e.target.communityCode} · ${t(`category.${e.target.category}`, { defaultValue: e.target.category })}`,
          },
          {
            title: t('charity.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag>{t(`ledgerStatus.${s}`, { defaultValue: s })}</Tag>,
          },
          {
            title: t('case.actions'),
            render: (_: unknown, e) =>
              allocate && e.status === 'reserved' ? (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    loading={act.isPending}
                    onClick={() => act.mutate({ donationId, entryId: e.entryId, action: 'allocation' })}
                    data-testid={`allocate-${e.entryId}`}
                  >
                    {t('charity.allocate')}
                  </Button>
                  <ActionModal<{ reason: string }>
                    label={t('charity.release')}
                    size="small"
                    danger
                    onSubmit={(v) =>
                      act.mutateAsync({ donationId, entryId: e.entryId, action: 'release', reason: v.reason })
                    }
                  >
                    {() => (
                      <Form.Item
                        name="reason"
                        label={t('case.reason')}
                        rules={[
                          { required: true, whitespace: true, max: 200, message: t('validation.max200') },
                        ]}
                      >
                        <Input.TextArea rows={2} />
                      </Form.Item>
                    )}
                  </ActionModal>
                </Space>
              ) : null,
          },
        ]}
      />
    </Wide>
  );
}

function Routing({ donations }: { donations: DonationRow[] }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const route = useRouteDonations();
  const [preview, setPreview] = useState<RouteDonationsResponse | null>(null);
  const [applied, setApplied] = useState<RouteDonationsResponse | null>(null);
  const measureOf = new Map(donations.map((d) => [d.donationId, d.measure]));
  const shown = applied ?? preview;
  const used = new Map<string, number>();
  for (const a of shown?.allocations ?? [])
    used.set(a.donationId, (used.get(a.donationId) ?? 0) + Number(a.quantity));
  const left = donations
    .map((d) => ({ d, left: availableOf(d) - (used.get(d.donationId) ?? 0) }))
    .filter((x) => x.left > 0);
  return (
    <Card
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('charity.routing')}</h2>}
      style={{ marginTop: 12 }}
    >
      <Typography.Paragraph type="secondary">{t('charity.routingHint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button
          onClick={() =>
            route.mutate(true, {
              onSuccess: (r) => {
                setApplied(null);
                setPreview(r);
              },
            })
          }
          loading={route.isPending && route.variables}
          data-testid="route-preview"
        >
          {t('charity.preview')}
        </Button>
        <Button
          type="primary"
          disabled={!preview || preview.allocations.length === 0 || !!applied}
          onClick={() => route.mutate(false, { onSuccess: (r) => setApplied(r) })}
          loading={route.isPending && !route.variables}
          data-testid="route-apply"
        >
          {t('charity.apply')}
        </Button>
      </Space>
      <ApiErrorAlert error={route.error} />
      {applied && (
        <Alert
          type="success"
          showIcon
          message={t('charity.appliedMessage', { n: applied.allocations.filter((a) => a.matchId).length })}
        />
      )}
      {shown && (
        <>
          <Space wrap size="large" style={{ margin: '12px 0' }}>
            <Statistic
              title={t('charity.allocations')}
              value={formatNumber(shown.allocations.length, lang)}
            />
            <Statistic title={t('charity.totalQuantity')} value={formatNumber(shown.totalQuantity, lang)} />
            <Statistic title={t('charity.totalScore')} value={shown.totalScore.toFixed(3)} />
          </Space>
          <Wide>
            <Table<Allocation>
              size="small"
              rowKey={(a) => `${a.donationId}-${a.caseId}-${a.itemId}`}
              pagination={false}
              dataSource={shown.allocations}

              data-testid="route-table"
              locale={{ emptyText: t('charity.nothingToRoute') }}
              columns={[
                { title: t('charity.donation'), dataIndex: 'donationId' },
                { title: t('charity.case'), dataIndex: 'caseId' },
                { title: t('charity.item'), dataIndex: 'itemId' },
                {
                  title: t('charity.quantity'),
                  render: (_: unknown, a) =>
                    amount(a.quantity, a.measure || measureOf.get(a.donationId) || 'fen', lang, t),
                },
                { title: t('charity.score'), dataIndex: 'score', render: (s: number) => s.toFixed(3) },
                ...(applied
                  ? [
                      {
                        title: t('charity.result'),
                        render: (_: unknown, a: Allocation) =>
                          a.error ? (
                            <Tag color={TONE.red}>{a.error}</Tag>
                          ) : (
                            <Tag color={TONE.green}>{a.matchId}</Tag>
                          ),
                      },
                    ]
                  : []),
              ]}
            />
          </Wide>
          <Typography.Title level={3} style={{ fontSize: 14, marginTop: 12 }}>
            {t('charity.unmet')}
          </Typography.Title>
          {left.length === 0 ? (
            <Typography.Text>{t('charity.noneLeft')}</Typography.Text>
          ) : (
            <ul data-testid="route-unmet">
              {left.map(({ d, left: l }) => (
                <li key={d.donationId}>
                  {d.donationId}: {amount(l, d.measure, lang, t)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Card>
  );
}

export function CharityPage({ me }: { me: Me }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const donations = useDonations();
  const items = useOpenDonationItems(canOpen(me.roles, 'workbench'));
  const allocate = canAllocate(me.roles);
  const rows = donations.data ?? [];
  return (
    <div>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 20 }}>
          {t('charity.title')}
        </Typography.Title>
        <div style={{ marginBottom: 8 }}>
          <ExportButtons roles={me.roles} list="donations" />
        </div>
        <ApiErrorAlert error={donations.error} />
        <Wide>
          <Table<DonationRow>
            size="small"
            rowKey="donationId"
            loading={donations.isLoading}
            dataSource={rows}

            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="donations"
            expandable={{
              expandedRowRender: (d) => <Entries donationId={d.donationId} allocate={allocate} />,
            }}
            columns={[
              { title: t('charity.donation'), dataIndex: 'donationId' },
              {
                title: t('charity.kind'),
                dataIndex: 'kind',
                render: (k: string) => t(`giftKind.${k}`, { defaultValue: k }),
              },
              {
                title: t('charity.received'),
                render: (_: unknown, d) => amount(d.received, d.measure, lang, t),
              },
              {
                title: t('charity.reserved'),
                render: (_: unknown, d) => amount(d.reserved, d.measure, lang, t),
              },
              {
                title: t('charity.allocated'),
                render: (_: unknown, d) => amount(d.allocated, d.measure, lang, t),
              },
              {
                title: t('charity.available'),
                render: (_: unknown, d) => <strong>{amount(availableOf(d), d.measure, lang, t)}</strong>,
              },
              {
                title: t('charity.restriction'),
                render: (_: unknown, d) =>
                  d.restrictionCommunityCode || d.restrictionCategory ? (
                    <Tag color={TONE.gold}>
                      {t('charity.designated')}
                      {d.restrictionCommunityCode ? ` · ${d.restrictionCommunityCode}` : ''}
                      {d.restrictionCategory
                        ? ` · ${t(`category.${d.restrictionCategory}`, { defaultValue: d.restrictionCategory })}`
                        : ''}
                    </Tag>
                  ) : (
                    <Tag>{t('charity.unrestricted')}</Tag>
                  ),
              },
            ]}
          />
        </Wide>
      </Card>
      {canOpen(me.roles, 'workbench') && (
        <Card
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('charity.openItems')}</h2>}
          style={{ marginTop: 12 }}
        >
          <ApiErrorAlert error={items.error} />
          <Wide>
            <Table
              size="small"
              rowKey={(i) => `${i.caseId}-${i.itemId}`}
              pagination={false}
              dataSource={items.data ?? []}
              columns={[
                { title: t('charity.case'), dataIndex: 'caseId' },
                { title: t('charity.item'), dataIndex: 'description' },
                { title: t('need.community'), dataIndex: 'communityCode' },
                {
                  title: t('charity.quantity'),
                  render: (_: unknown, i) => amount(i.quantity, i.requirement, lang, t),
                },
              ]}
            />
          </Wide>
        </Card>
      )}
      {canRoute(me.roles) && <Routing donations={rows} />}
      {!allocate && (
        <Descriptions size="small" style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('charity.note')}>{t('charity.allocateOnly')}</Descriptions.Item>
        </Descriptions>
      )}
    </div>
  );
}
