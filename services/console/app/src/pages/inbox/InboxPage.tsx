import type { ReactNode } from 'react';
import { Badge, Card, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { canApprove } from '../../access.ts';
import type { Action } from '../../api/linkageTypes.ts';
import type { Me } from '../../auth.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { TONE } from '../../components/labels.tsx';
import { Wide } from '../../components/Wide.tsx';
import { useLang } from '../../components/lang.ts';
import { formatDateTime } from '../../format.ts';
import { SUPERVISOR_ACTION_KINDS, WORKER_ACTION_KINDS } from '../../i18n/keys.ts';
import { navigate } from '../../router.ts';
import { useInbox } from './queries.ts';

const URGENT = new Set(['task_overdue', 'case_overdue', 'approval_returned', 'approval_waiting']);

function CaseLink({ caseId }: { caseId: string }): ReactNode {
  const href = `/cases/${encodeURIComponent(caseId)}`;
  return (
    <a
      href={href}
      onClick={(e) => {
        e.preventDefault();
        navigate(href);
      }}
    >
      {caseId}
    </a>
  );
}

/** What the action is about, in words: the step, the task, the return's reason, the level, the caseload. */
function useSubject() {
  const { t } = useTranslation();
  return (a: Action): string => {
    switch (a.kind) {
      case 'approval_waiting':
        return t(`approvalStep.${a.subject}`, { defaultValue: a.subject });
      case 'approval_returned':
        return `${t(`approvalStep.${a.subject}`, { defaultValue: a.subject })} · ${t(
          'supervision.returnedWith',
          {
            reason: t(`returnReason.${a.detail}`, { defaultValue: a.detail }),
          },
        )}`;
      case 'task_due':
      case 'task_overdue':
        return t(`taskKind.${a.detail}`, { defaultValue: a.detail });
      case 'escalation_waiting':
        return t(`escalation.${a.detail}`, { defaultValue: a.detail });
      case 'worker_over_caseload':
        return t('inbox.caseload', { load: a.detail });
      case 'match_needs_choice':
        return a.subject;
      default:
        return '';
    }
  };
}

function Group({ kind, actions, count }: { kind: string; actions: Action[]; count: number }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const subject = useSubject();
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={`inbox-${kind}`}
      title={
        <h2 style={{ fontSize: 15, margin: 0 }}>
          {t(`actionKind.${kind}`, { defaultValue: kind })}{' '}
          <Tag color={URGENT.has(kind) ? TONE.red : TONE.blue} data-testid={`inbox-count-${kind}`}>
            {count}
          </Tag>
        </h2>
      }
    >
      <Wide>
        <Table<Action>
          size="small"
          rowKey={(a) => `${a.kind}|${a.caseId}|${a.subject}|${a.workerId}`}
          pagination={false}
          dataSource={actions}
          columns={[
            ...(kind === 'worker_over_caseload'
              ? []
              : [
                  {
                    title: t('inbox.case'),
                    render: (_: unknown, a: Action) => <CaseLink caseId={a.caseId} />,
                  },
                ]),
            { title: t('inbox.worker'), render: (_: unknown, a: Action) => a.workerId || '—' },
            { title: t('inbox.subject'), render: (_: unknown, a: Action) => subject(a) || '—' },
            {
              title: t('inbox.due'),
              render: (_: unknown, a: Action) => (a.dueAt ? formatDateTime(a.dueAt, lang) : '—'),
            },
          ]}
        />
      </Wide>
    </Card>
  );
}

/**
 * The inbox (待办), the home page of social workers and supervisors: what needs their action, grouped by
 * kind with its count, each linking to its case, updated live.
 */
export function InboxPage({ me }: { me: Me }): ReactNode {
  const { t } = useTranslation();
  const q = useInbox();
  const supervisor = canApprove(me.roles);
  const kinds = [
    ...(supervisor ? SUPERVISOR_ACTION_KINDS : []),
    ...(me.roles.includes('social_worker') ? WORKER_ACTION_KINDS : []),
  ];
  const actions = q.data?.actions ?? [];
  const countOf = (k: string) =>
    q.data?.counts.find((c) => c.kind === k)?.count ?? actions.filter((a) => a.kind === k).length;
  const shown = kinds.filter((k) => countOf(k) > 0);
  const total = kinds.reduce((n, k) => n + countOf(k), 0);
  return (
    <div data-testid="inbox">
      <Space style={{ marginBottom: 12 }} wrap align="center">
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {supervisor ? t('inbox.supervisorTitle') : t('inbox.title')}
        </Typography.Title>
        {q.data && <span data-testid="inbox-total">{t('inbox.total', { count: total })}</span>}
        <Badge status={q.live ? 'success' : 'default'} text={q.live ? t('case.live') : t('case.notLive')} />
      </Space>
      <ApiErrorAlert error={q.error} />
      {q.isLoading && <Spin aria-label={t('common.loading')} />}
      {q.data && shown.length === 0 && <Empty description={t('inbox.empty')} />}
      {shown.map((k) => (
        <Group key={k} kind={k} count={countOf(k)} actions={actions.filter((a) => a.kind === k)} />
      ))}
    </div>
  );
}
