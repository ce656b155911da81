import type { ReactNode } from 'react';
import { Empty, Spin, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../api/linkageTypes.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { Wide } from '../../components/Wide.tsx';
import { useLang } from '../../components/lang.ts';
import { formatDateTime } from '../../format.ts';
import { useCaseHistory } from './queries.ts';

/** The case's history (GetCaseHistory): when, who with which roles, and what, newest first. */
export function CaseHistory({ caseId }: { caseId: string }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const q = useCaseHistory(caseId, true);
  if (q.isLoading) return <Spin aria-label={t('common.loading')} />;
  if (q.error) return <ApiErrorAlert error={q.error} />;
  const entries = [...(q.data ?? [])].reverse();
  if (entries.length === 0) return <Empty description={t('history.none')} />;
  const actorOf = (a: string) =>
    a.startsWith('system:') ? t('history.system', { process: a.slice('system:'.length) }) : a;
  return (
    <Wide>
      <Table<HistoryEntry>
        size="small"
        rowKey="version"
        pagination={false}
        dataSource={entries}
        data-testid="history"
        columns={[
          { title: t('history.at'), render: (_: unknown, e) => formatDateTime(e.at, lang) },
          { title: t('history.actor'), render: (_: unknown, e) => actorOf(e.actor) },
          {
            title: t('history.roles'),
            render: (_: unknown, e) => e.roles.map((r) => t(`role.${r}`, { defaultValue: r })).join('、'),
          },
          {
            title: t('history.what'),
            render: (_: unknown, e) => t(`historyType.${e.type}`, { defaultValue: e.words }),
          },
        ]}
      />
    </Wide>
  );
}
