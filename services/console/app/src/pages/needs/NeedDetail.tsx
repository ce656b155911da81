import type { ReactNode } from 'react';
import { Card, Descriptions, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../../components/ActionModal.tsx';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { FieldRadioGroup } from '../../components/fields.tsx';
import { useLang } from '../../components/lang.ts';
import { formatDateTime, maskName, maskPhone } from '../../format.ts';
import { WITHDRAW_REASONS } from '../../i18n/keys.ts';
import { useNeed, useWithdrawNeed } from './queries.ts';

/** One need as community staff see it: the people masked, the consent, and 撤回 while it is open. */
export function NeedDetail({ id }: { id: string }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const need = useNeed(id);
  const withdraw = useWithdrawNeed();
  const n = need.data;
  if (!n) return <ApiErrorAlert error={need.error} />;
  return (
    <Card
      size="small"
      title={t('need.detail', { id: n.id })}
      data-testid="need-detail"
      style={{ marginTop: 12 }}
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('need.status')}>
          {t(`needStatus.${n.status}`, { defaultValue: n.status })}
        </Descriptions.Item>
        <Descriptions.Item label={t('need.category')}>{t(`category.${n.category}`)}</Descriptions.Item>
        <Descriptions.Item label={t('need.urgency')}>{t(`urgency.${n.urgency}`)}</Descriptions.Item>
        <Descriptions.Item label={t('need.people')}>
          <span data-testid="masked-people">
            {n.people
              .map((p) =>
                p.erased ? t('need.erased') : `${maskName(p.name ?? '')} ${maskPhone(p.phone ?? '')}`,
              )
              .join('；') || '—'}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('need.consent')}>
          {n.consent.given ? t('need.consentYes') : t('need.consentNo')} ·{' '}
          {t(`consentGiver.${n.consent.givenBy}`)} · {formatDateTime(n.consent.at, lang)} ·{' '}
          {n.consent.scope.map((s) => t(`consentScope.${s}`)).join('、')}
        </Descriptions.Item>
        <Descriptions.Item label={t('need.reportedAt')}>
          {formatDateTime(n.reportedAt, lang)}
        </Descriptions.Item>
      </Descriptions>
      {n.status === 'reported' && (
        <ActionModal<{ reason: string }>
          label={t('need.withdraw')}
          danger
          testId="withdraw-need"
          onSubmit={(v) => withdraw.mutateAsync({ id: n.id, reason: v.reason })}
        >
          {() => (
            <Form.Item
              name="reason"
              label={t('need.withdrawReason')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <FieldRadioGroup
                options={WITHDRAW_REASONS.map((r) => ({ value: r, label: t(`withdrawReason.${r}`) }))}
              />
            </Form.Item>
          )}
        </ActionModal>
      )}
    </Card>
  );
}
