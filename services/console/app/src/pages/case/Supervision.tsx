import { useState, type ReactNode } from 'react';
import { App, Button, Card, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { linkage } from '../../api/client.ts';
import type { Approval, Case, GetApprovalNoteResponse } from '../../api/linkageTypes.ts';
import type { Me } from '../../auth.ts';
import { ActionModal } from '../../components/ActionModal.tsx';
import { FieldSelect } from '../../components/fields.tsx';
import { TONE } from '../../components/labels.tsx';
import { Wide } from '../../components/Wide.tsx';
import { ESCALATION_LEVELS, RETURN_REASONS } from '../../i18n/keys.ts';
import { useCaseAction } from './queries.ts';
import { useErrorMessage } from './useErrorMessage.ts';
import { Tasks } from './CaseTasks.tsx';

const APPROVAL_COLOR: Record<string, string> = {
  pending: TONE.orange,
  approved: TONE.green,
  returned: TONE.red,
};

/** 待督导审批 / 已退回：原因 / 已批准, as a tag. */
export function ApprovalStatusTag({ a }: { a: Approval }): ReactNode {
  const { t } = useTranslation();
  return (
    <Tag color={APPROVAL_COLOR[a.status]} data-testid={`approval-${a.step}`}>
      {a.status === 'returned'
        ? t('supervision.returnedWith', {
            reason: t(`returnReason.${a.reasonCode}`, { defaultValue: a.reasonCode }),
          })
        : t(`approvalStatus.${a.status}`, { defaultValue: a.status })}
    </Tag>
  );
}

function ApproveButtons({ c, step }: { c: Case; step: string }): ReactNode {
  const { t } = useTranslation();
  const approve = useCaseAction('ApproveStep', c.caseId);
  const ret = useCaseAction('ReturnStep', c.caseId);
  const onError = useErrorMessage();
  return (
    <Space>
      <Button
        type="primary"
        size="small"
        loading={approve.isPending}
        data-testid={`approve-${step}`}
        onClick={() => approve.mutate({ step }, { onError })}
      >
        {t('supervision.approve')}
      </Button>
      <ActionModal<{ reasonCode: string; note?: string }>
        label={t('supervision.return')}
        title={`${t('supervision.return')} · ${t(`approvalStep.${step}`)}`}
        size="small"
        danger
        testId={`return-${step}`}
        onSubmit={(v) => ret.mutateAsync({ step, reasonCode: v.reasonCode, note: v.note?.trim() ?? '' })}
      >
        {() => (
          <>
            <Form.Item
              name="reasonCode"
              label={t('supervision.reasonCode')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <FieldSelect
                options={RETURN_REASONS.map((r) => ({ value: r, label: t(`returnReason.${r}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="note"
              label={t('supervision.note')}
              extra={t('supervision.noteSealed')}
              rules={[{ max: 1000, message: t('validation.max1000') }]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        )}
      </ActionModal>
    </Space>
  );
}

/** 查看督导意见: the sealed note of a return, opened for the caller (the reading is recorded). */
function ReadNote({ c, a }: { c: Case; a: Approval }): ReactNode {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const onError = useErrorMessage();
  const [loading, setLoading] = useState(false);
  const open = async () => {
    setLoading(true);
    try {
      const r = await linkage<GetApprovalNoteResponse>('GetApprovalNote', {
        caseId: c.caseId,
        approvalId: a.approvalId,
      });
      modal.info({
        title: `${t('supervision.noteTitle')} · ${t(`approvalStep.${r.step}`, { defaultValue: r.step })}`,
        content: (
          <div data-testid="approval-note">
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{r.note}</Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
              {t('supervision.noteBy', { who: r.decidedBy })} · {t('supervision.noteRecorded')}
            </Typography.Paragraph>
          </div>
        ),
        okText: t('supervision.noteClose'),
      });
    } catch (err) {
      onError(err);
    } finally {
      setLoading(false);
    }
  };
  return (
    <Button size="small" loading={loading} data-testid={`read-note-${a.step}`} onClick={() => void open()}>
      {t('supervision.readNote')}
    </Button>
  );
}

function TakeEscalation({ c }: { c: Case }): ReactNode {
  const { t } = useTranslation();
  const take = useCaseAction('TakeEscalation', c.caseId);
  const onError = useErrorMessage();
  return (
    <Button
      size="small"
      type="primary"
      loading={take.isPending}
      data-testid="take-escalation"
      onClick={() => take.mutate({}, { onError })}
    >
      {t('supervision.take')}
    </Button>
  );
}

function AnswerTransfer({ c }: { c: Case }): ReactNode {
  const { t } = useTranslation();
  const answer = useCaseAction('AnswerTransfer', c.caseId);
  const onError = useErrorMessage();
  return (
    <Space>
      <Button
        size="small"
        type="primary"
        loading={answer.isPending}
        data-testid="accept-transfer"
        onClick={() => answer.mutate({ accept: true }, { onError })}
      >
        {t('supervision.acceptTransfer')}
      </Button>
      <ActionModal<{ reason: string }>
        label={t('supervision.declineTransfer')}
        size="small"
        danger
        testId="decline-transfer"
        onSubmit={(v) => answer.mutateAsync({ accept: false, reason: v.reason })}
      >
        {() => (
          <Form.Item
            name="reason"
            label={t('supervision.declineReason')}
            rules={[
              { required: true, whitespace: true, message: t('validation.required') },
              { max: 200, message: t('validation.max200') },
            ]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
      </ActionModal>
    </Space>
  );
}

/**
 * Supervision of the case (督导): each supervised step's latest submission with approve / return for a
 * supervisor of its place, the escalation and who took it, a transfer waiting for its worker, and the tasks.
 */
export function Supervision({
  c,
  me,
  run,
  approve,
}: {
  c: Case;
  me: Me;
  run: boolean;
  approve: boolean;
}): ReactNode {
  const { t } = useTranslation();
  const level = ESCALATION_LEVELS[c.escalationLevel] ?? 'community';
  const offeredToMe = c.transferToWorkerId !== '' && c.transferToWorkerId === me.subject;
  return (
    <Card
      style={{ marginBottom: 12 }}
      data-testid="supervision"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('supervision.title')}</h2>}
    >
      {c.approvals.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('supervision.none')}</Typography.Paragraph>
      ) : (
        <Wide>
          <Table<Approval>
            size="small"
            rowKey="step"
            pagination={false}
            dataSource={c.approvals}
            data-testid="approvals"
            style={{ marginBottom: 12 }}
            columns={[
              {
                title: t('supervision.step'),
                render: (_: unknown, a) => (
                  <span>
                    {t(`approvalStep.${a.step}`, { defaultValue: a.step })}
                    {a.step === 'closure' && a.outcome
                      ? ` · ${t('supervision.closureOutcome', { outcome: t(`outcome.${a.outcome}`, { defaultValue: a.outcome }) })}`
                      : ''}
                  </span>
                ),
              },
              { title: t('supervision.status'), render: (_: unknown, a) => <ApprovalStatusTag a={a} /> },
              { title: t('supervision.decidedBy'), render: (_: unknown, a) => a.decidedBy || '—' },
              {
                title: t('case.actions'),
                render: (_: unknown, a) =>
                  approve && a.status === 'pending' ? (
                    <ApproveButtons c={c} step={a.step} />
                  ) : a.status === 'returned' && a.hasNote ? (
                    <ReadNote c={c} a={a} />
                  ) : null,
              },
            ]}
          />
        </Wide>
      )}
      {c.approvals.some((a) => a.status !== 'approved') && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('supervision.waitingHint')}
        </Typography.Paragraph>
      )}
      {c.escalationLevel > 0 && (
        <Space style={{ marginBottom: 12 }} wrap data-testid="escalation">
          <Typography.Text strong>{t('supervision.escalation')}:</Typography.Text>
          <span data-testid="escalation-owner">
            {c.escalationOwner
              ? t('supervision.escalationOwner', { who: c.escalationOwner })
              : t('supervision.escalationWaiting', { level: t(`escalation.${level}`) })}
          </span>
          {approve && !c.escalationOwner && me.scope.level === level && <TakeEscalation c={c} />}
        </Space>
      )}
      {c.transferToWorkerId && (
        <Space style={{ marginBottom: 12 }} wrap data-testid="transfer">
          <Typography.Text strong>{t('supervision.transfer')}:</Typography.Text>
          <span>{t('supervision.transferOffered', { worker: c.transferToWorkerId })}</span>
          {offeredToMe && me.roles.includes('social_worker') && <AnswerTransfer c={c} />}
        </Space>
      )}
      <Tasks c={c} run={run} />
    </Card>
  );
}
