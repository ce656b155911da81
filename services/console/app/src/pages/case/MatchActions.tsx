import type { ReactNode } from 'react';
import { App, Button, Form, Input, InputNumber } from 'antd';
import { ApiError, reasonOf } from '../../api/errors.ts';
import { useTranslation } from 'react-i18next';
import type { Case } from '../../api/linkageTypes.ts';
import { ActionModal } from '../../components/ActionModal.tsx';
import { useCaseAction } from './queries.ts';
import { fromLocalInput, shortText, toLocalInput } from './formValues.ts';

/** Accept one candidate for its item (the society is asked and must confirm in time). */
export function AcceptButton({
  c,
  itemId,
  resourceId,
}: {
  c: Case;
  itemId: string;
  resourceId: string;
}): ReactNode {
  const { t } = useTranslation();
  const accept = useCaseAction('AcceptMatch', c.caseId);
  const { message } = App.useApp();
  const onError = (err: unknown) =>
    void message.error(
      err instanceof ApiError ? `${t(`errorCode.${err.code}`)}: ${reasonOf(err)}` : t('errorCode.INTERNAL'),
    );
  return (
    <Button
      size="small"
      type="primary"
      loading={accept.isPending}
      onClick={() => accept.mutate({ itemId, resourceId }, { onError })}
      data-testid={`accept-${itemId}-${resourceId}`}
    >
      {t('action.accept')}
    </Button>
  );
}

export function RejectMatch({ c, matchId }: { c: Case; matchId: string }): ReactNode {
  const { t } = useTranslation();
  const reject = useCaseAction('RejectMatch', c.caseId);
  return (
    <ActionModal<{ reason: string }>
      label={t('action.reject')}
      size="small"
      danger
      testId={`reject-${matchId}`}
      onSubmit={(v) => reject.mutateAsync({ matchId, reason: v.reason })}
    >
      {() => (
        <Form.Item name="reason" label={t('case.reason')} rules={shortText(t)}>
          <Input.TextArea rows={2} />
        </Form.Item>
      )}
    </ActionModal>
  );
}

export function RecordDelivery({ c, matchId }: { c: Case; matchId: string }): ReactNode {
  const { t } = useTranslation();
  const record = useCaseAction('RecordDelivery', c.caseId);
  return (
    <ActionModal<{ quantity: number; deliveredAt: string }>
      label={t('action.deliver')}
      size="small"
      testId={`deliver-${matchId}`}
      initialValues={{ quantity: 1, deliveredAt: toLocalInput(new Date().toISOString()) }}
      onSubmit={(v) =>
        record.mutateAsync({
          matchId,
          quantity: String(v.quantity),
          deliveredAt: fromLocalInput(v.deliveredAt),
        })
      }
    >
      {() => (
        <>
          <Form.Item
            name="quantity"
            label={t('case.deliveredQuantity')}
            extra={t('case.deliveredHint')}
            rules={[{ required: true, type: 'integer', min: 1, message: t('validation.quantity') }]}
          >
            <InputNumber precision={0} aria-label={t('case.deliveredQuantity')} />
          </Form.Item>
          <Form.Item
            name="deliveredAt"
            label={t('case.deliveredAt')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Input type="datetime-local" />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}
