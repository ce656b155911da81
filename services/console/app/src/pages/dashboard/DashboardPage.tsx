import { useMemo, useState, type ReactNode } from 'react';
import { Breadcrumb, Button, Card, Col, Row, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Wide } from '../../components/Wide.tsx';
import type { AreaStatistics } from '../../api/linkageTypes.ts';
import type { Me } from '../../auth.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { EChart } from '../../components/EChart.tsx';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { useLang } from '../../components/lang.ts';
import { formatDuration, formatNumber } from '../../format.ts';
import { useStatistics } from './queries.ts';

const codeOf = (a: AreaStatistics, level: 'street' | 'community') =>
  (level === 'street' ? a.place?.streetCode : a.place?.communityCode) ?? '';

export function DashboardPage({ me }: { me: Me }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const stats = useStatistics();
  const [street, setStreet] = useState<string | null>(null);
  const level: 'street' | 'community' = street ? 'community' : 'street';
  const rows = useMemo(() => {
    const d = stats.data;
    if (!d) return [];
    return street ? d.communities.filter((c) => c.place?.streetCode === street) : d.streets;
  }, [stats.data, street]);
  const d = stats.data?.district;
  const n = (v: string | undefined) => Number(v ?? 0);

  const bar = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, bottom: 40, top: 32 },
      xAxis: { type: 'category', data: rows.map((r) => codeOf(r, level)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('dashboard.open'), type: 'bar', stack: 'c', data: rows.map((r) => n(r.openCases)) },
        { name: t('dashboard.closed'), type: 'bar', stack: 'c', data: rows.map((r) => n(r.closedCases)) },
      ],
    }),
    [rows, level, t],
  );
  const pie = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          data: [
            { name: t('resourceKind.RESOURCE_KIND_VOLUNTEER'), value: n(d?.volunteerMatches) },
            { name: t('resourceKind.RESOURCE_KIND_ORGANIZATION'), value: n(d?.organizationMatches) },
            { name: t('resourceKind.RESOURCE_KIND_DONATION'), value: n(d?.donationMatches) },
          ],
        },
      ],
    }),
    [d, t],
  );

  const header = [
    t(level === 'street' ? 'dashboard.street' : 'dashboard.community'),
    t('dashboard.open'),
    t('dashboard.closed'),
    t('dashboard.matched'),
    t('dashboard.medianToMatch'),
    t('resourceKind.RESOURCE_KIND_VOLUNTEER'),
    t('resourceKind.RESOURCE_KIND_ORGANIZATION'),
    t('resourceKind.RESOURCE_KIND_DONATION'),
  ];

  return (
    <div>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 20 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <ApiErrorAlert error={stats.error} />
        <Space wrap size="large" data-testid="dashboard-totals">
          <Statistic
            title={t('dashboard.open')}
            value={formatNumber(n(d?.openCases), lang)}
            data-testid="stat-open"
          />
          <Statistic
            title={t('dashboard.closed')}
            value={formatNumber(n(d?.closedCases), lang)}
            data-testid="stat-closed"
          />
          <Statistic title={t('dashboard.matched')} value={formatNumber(n(d?.matchedCases), lang)} />
          <Statistic
            title={t('dashboard.medianToMatch')}
            value={n(d?.matchedCases) ? formatDuration(n(d?.medianSecondsToMatch), lang) : '—'}
          />
        </Space>
      </Card>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={14}>
          <Card
            title={
              <h2 style={{ fontSize: 16, margin: 0 }}>
                {t(level === 'street' ? 'dashboard.byStreet' : 'dashboard.byCommunity')}
              </h2>
            }
          >
            <EChart
              option={bar}
              label={t('dashboard.chartCases')}
              onClick={(name) => !street && name && setStreet(name)}
              testId="chart-cases"
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dashboard.byKind')}</h2>}>
            <EChart option={pie} label={t('dashboard.chartKinds')} testId="chart-kinds" />
          </Card>
        </Col>
      </Row>
      <Card style={{ marginTop: 12 }}>
        <Space style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }} wrap>
          <Breadcrumb
            items={[
              {
                title: street ? (
                  <Button type="link" size="small" onClick={() => setStreet(null)} style={{ padding: 0 }}>
                    {t('dashboard.allStreets')}
                  </Button>
                ) : (
                  t('dashboard.allStreets')
                ),
              },
              ...(street ? [{ title: street }] : []),
            ]}
          />
          {/* The district's statistics as linkage writes them: the whole scope, each street, each community. */}
          <ExportButtons roles={me.roles} list="statistics" />
        </Space>
        <Wide>
          <Table<AreaStatistics>
            size="small"
            rowKey={(r) => codeOf(r, level)}
            dataSource={rows}
            pagination={false}

            data-testid="dashboard-table"
            columns={[
              {
                title: header[0],
                render: (_: unknown, r) =>
                  level === 'street' ? (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0 }}
                      onClick={() => setStreet(codeOf(r, 'street'))}
                    >
                      {codeOf(r, 'street')}
                    </Button>
                  ) : (
                    codeOf(r, 'community')
                  ),
              },
              { title: header[1], render: (_: unknown, r) => formatNumber(n(r.openCases), lang) },
              { title: header[2], render: (_: unknown, r) => formatNumber(n(r.closedCases), lang) },
              { title: header[3], render: (_: unknown, r) => formatNumber(n(r.matchedCases), lang) },
              {
                title: header[4],
                render: (_: unknown, r) =>
                  n(r.matchedCases) ? formatDuration(n(r.medianSecondsToMatch), lang) : '—',
              },
              { title: header[5], render: (_: unknown, r) => formatNumber(n(r.volunteerMatches), lang) },
              { title: header[6], render: (_: unknown, r) => formatNumber(n(r.organizationMatches), lang) },
              { title: header[7], render: (_: unknown, r) => formatNumber(n(r.donationMatches), lang) },
            ]}
          />
        </Wide>
      </Card>
    </div>
  );
}
