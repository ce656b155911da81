import { type ReactNode } from 'react';
import { Button, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Case, Task } from '../../api/linkageTypes.ts';
import { ActionModal } from '../../components/ActionModal.tsx';
import { TONE } from '../../components/labels.tsx';
import { Wide } from '../../components/Wide.tsx';
import { useLang } from '../../components/lang.ts';
import { formatDateTime } from '../../format.ts';
import { useCaseAction } from './queries.ts';
import { useErrorMessage } from './useErrorMessage.ts';

const toLocalInput = (d: Date) => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

export function Tasks({ c, run }: { c: Case; run: boolean }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const add = useCaseAction('AddTask', c.caseId);
  const complete = useCaseAction<{ taskId: string }>('CompleteTask', c.caseId);
  const onError = useErrorMessage();
  const tasks = c.tasks.filter((x) => x.status !== 'cancelled');
  return (
    <>
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ fontSize: 14, margin: 0 }}>
          {t('tasks.title')}
        </Typography.Title>
        {run && c.status !== 'CASE_STATUS_CLOSED' && (
          <ActionModal<{ title: string; dueAt: string }>
            label={t('tasks.add')}
            size="small"
            testId="add-task"
            initialValues={{ dueAt: toLocalInput(new Date(Date.now() + 86_400_000)) }}
            onSubmit={(v) => add.mutateAsync({ title: v.title, dueAt: new Date(v.dueAt).toISOString() })}
          >
            {() => (
              <>
                <Form.Item
                  name="title"
                  label={t('tasks.taskTitle')}
                  rules={[
                    { required: true, whitespace: true, message: t('validation.required') },
                    { max: 200, message: t('validation.max200') },
                  ]}
                >
                  <Input />
                </Form.Item>
                <Form.Item
                  name="dueAt"
                  label={t('tasks.due')}
                  rules={[{ required: true, message: t('validation.required') }]}
                >
                  <Input type="datetime-local" />
                </Form.Item>
              </>
            )}
          </ActionModal>
        )}
      </Space>
      {tasks.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('tasks.none')}</Typography.Paragraph>
      ) : (
        <Wide>
          <Table<Task>
            size="small"
            rowKey="taskId"
            pagination={false}
            dataSource={tasks}
            data-testid="tasks"
            columns={[
              {
                title: t('tasks.task'),
                render: (_: unknown, x) => x.title || t(`taskKind.${x.kind}`, { defaultValue: x.kind }),
              },
              { title: t('tasks.due'), render: (_: unknown, x) => formatDateTime(x.dueAt, lang) },
              {
                title: t('tasks.status'),
                render: (_: unknown, x) => (
                  <Space size={4}>
                    <Tag color={x.status === 'done' ? TONE.green : undefined}>
                      {t(`taskStatus.${x.status}`, { defaultValue: x.status })}
                    </Tag>
                    {x.overdue && <Tag color={TONE.red}>{t('tasks.overdue')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('case.actions'),
                render: (_: unknown, x) =>
                  run && x.status === 'open' ? (
                    <Button
                      size="small"
                      data-testid={`complete-${x.taskId}`}
                      loading={complete.isPending && complete.variables?.taskId === x.taskId}
                      onClick={() => complete.mutate({ taskId: x.taskId }, { onError })}
                    >
                      {t('tasks.complete')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Wide>
      )}
    </>
  );
}
