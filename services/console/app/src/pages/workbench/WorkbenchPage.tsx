import { useMemo, useState, type ReactNode } from 'react';
import { Card, Checkbox, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Wide } from '../../components/Wide.tsx';
import type { Me } from '../../auth.ts';
import type { Case } from '../../api/linkageTypes.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { CaseStatusTag, RiskTag, TONE } from '../../components/labels.tsx';
import { useLang } from '../../components/lang.ts';
import { formatAge, formatNumber } from '../../format.ts';
import { CASE_STATUSES, NEED_CATEGORIES, RISK_LEVELS } from '../../i18n/keys.ts';
import { navigate } from '../../router.ts';
import { isOverdue, useCases } from './queries.ts';

export function WorkbenchPage({ me }: { me: Me }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const isWorker = me.roles.includes('social_worker');
  const [tab, setTab] = useState<'mine' | 'coverage'>(isWorker ? 'mine' : 'coverage');
  const [status, setStatus] = useState<string | undefined>();
  const [risk, setRisk] = useState<string | undefined>();
  const [category, setCategory] = useState<string | undefined>();
  const [community, setCommunity] = useState('');
  const [overdue, setOverdue] = useState(false);
  const communityCode = /^\d{12}$/.test(community) ? community : undefined;
  const cases = useCases({
    ...(status ? { status } : {}),
    ...(communityCode ? { communityCode } : {}),
    ...(tab === 'mine' ? { workerId: me.subject } : {}),
  });

  const rows = useMemo(
    () =>
      (cases.data ?? []).filter(
        (c) =>
          (!risk || c.riskLevel === risk) &&
          (!category || c.category === category) &&
          (!overdue || isOverdue(c)),
      ),
    [cases.data, risk, category, overdue],
  );
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const c of rows) m.set(c.status, (m.get(c.status) ?? 0) + 1);
    return m;
  }, [rows]);

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('workbench.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'mine' | 'coverage')}
        items={[
          ...(isWorker ? [{ key: 'mine', label: t('workbench.mine') }] : []),
          { key: 'coverage', label: t('workbench.coverage') },
        ]}
      />
      <Space wrap style={{ marginBottom: 12 }} role="search" aria-label={t('workbench.filters')}>
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('workbench.status')}
          aria-label={t('workbench.status')}
          value={status}
          onChange={setStatus}
          options={CASE_STATUSES.map((s) => ({ value: s, label: t(`caseStatus.${s}`) }))}
        />
        <Select
          allowClear
          style={{ minWidth: 120 }}
          placeholder={t('workbench.risk')}
          aria-label={t('workbench.risk')}
          value={risk}
          onChange={setRisk}
          options={RISK_LEVELS.map((s) => ({ value: s, label: t(`risk.${s}`) }))}
        />
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('workbench.category')}
          aria-label={t('workbench.category')}
          value={category}
          onChange={setCategory}
          options={NEED_CATEGORIES.map((s) => ({ value: s, label: t(`category.${s}`) }))}
        />
        <Input
          style={{ width: 180 }}
          placeholder={t('workbench.community')}
          aria-label={t('workbench.community')}
          value={community}
          onChange={(e) => setCommunity(e.target.value.trim())}
          inputMode="numeric"
        />
        <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
          {t('workbench.overdue')}
        </Checkbox>
      </Space>
      {tab === 'coverage' && (
        // The export takes the filters linkage selects by (status, category, community); risk and overdue
        // are the page's own, on the cases it read (a risk is not in the export's view; overdue is by now).
        <div style={{ marginBottom: 12 }}>
          <ExportButtons
            roles={me.roles}
            list="cases"
            filters={{
              status: status?.replace(/^CASE_STATUS_/, '').toLowerCase(),
              category,
              communityCode,
            }}
          />
        </div>
      )}
      <Space wrap style={{ marginBottom: 12 }} data-testid="case-counts">
        <Tag color={TONE.blue}>
          {t('workbench.total')}: {formatNumber(rows.length, lang)}
        </Tag>
        {CASE_STATUSES.filter((s) => counts.has(s)).map((s) => (
          <Tag key={s}>
            {t(`caseStatus.${s}`)}: {formatNumber(counts.get(s) ?? 0, lang)}
          </Tag>
        ))}
      </Space>
      <ApiErrorAlert error={cases.error} />
      <Wide>
        <Table<Case>
          rowKey="caseId"
          size="small"
          loading={cases.isLoading}
          dataSource={rows}

          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: t('case.id'),
              dataIndex: 'caseId',
              render: (id: string) => (
                <a
                  href={`/cases/${encodeURIComponent(id)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/cases/${encodeURIComponent(id)}`);
                  }}
                >
                  {id}
                </a>
              ),
            },
            {
              title: t('case.status'),
              dataIndex: 'status',
              render: (s: string) => <CaseStatusTag status={s} />,
            },
            { title: t('case.risk'), dataIndex: 'riskLevel', render: (r: string) => <RiskTag risk={r} /> },
            {
              title: t('case.category'),
              dataIndex: 'category',
              render: (c: string) => t(`category.${c}`, { defaultValue: c }),
            },
            { title: t('case.community'), render: (_: unknown, c) => c.place?.communityCode ?? '—' },
            {
              title: t('case.worker'),
              render: (_: unknown, c) =>
                c.workerId || (c.pendingWorkerId ? `${c.pendingWorkerId} (${t('case.pending')})` : '—'),
            },
            { title: t('case.age'), render: (_: unknown, c) => formatAge(c.openedAt, lang) },
            {
              title: t('workbench.overdue'),
              render: (_: unknown, c) =>
                isOverdue(c) ? <Tag color={TONE.red}>{t('workbench.overdueYes')}</Tag> : null,
            },
          ]}
        />
      </Wide>
    </Card>
  );
}
