import type { ReactNode } from 'react';
import { Button, Form, Input, InputNumber, Rate, Space } from 'antd';
import { FieldRadioGroup, FieldSelect } from '../../components/fields.tsx';
import { useTranslation } from 'react-i18next';
import type { Case } from '../../api/linkageTypes.ts';
import { ActionModal } from '../../components/ActionModal.tsx';
import { OUTCOMES, RESOURCE_KINDS, RISK_LEVELS, URGENCIES } from '../../i18n/keys.ts';
import { fromLocalInput, shortText, toLocalInput } from './formValues.ts';
import { useCaseAction } from './queries.ts';

interface PlanFormItem {
  itemId: string;
  kind: string;
  description: string;
  requirement: string;
  quantity: number;
  startAt?: string;
  endAt?: string;
}

/** The case's own actions (assess, plan, propose, review, close, transfer, escalate), for those who run it. */
export function CaseActions({ c, supervise }: { c: Case; supervise: boolean }): ReactNode {
  const { t } = useTranslation();
  const assess = useCaseAction('Assess', c.caseId);
  const plan = useCaseAction('Plan', c.caseId);
  const propose = useCaseAction('ProposeMatches', c.caseId);
  const review = useCaseAction('Review', c.caseId);
  const close = useCaseAction('CloseCase', c.caseId);
  const transfer = useCaseAction('TransferCase', c.caseId);
  const escalate = useCaseAction('EscalateCase', c.caseId);
  const closed = c.status === 'CASE_STATUS_CLOSED';
  if (closed) return null;
  const planInitial: PlanFormItem[] = c.plan.length
    ? c.plan.map((i) => ({
        itemId: i.itemId,
        kind: i.kind,
        description: i.description,
        requirement: i.requirement,
        quantity: Number(i.quantity),
        startAt: toLocalInput(i.startAt),
        endAt: toLocalInput(i.endAt),
      }))
    : [{ itemId: 'item1', kind: 'RESOURCE_KIND_VOLUNTEER', description: '', requirement: '', quantity: 1 }];

  return (
    <Space wrap data-testid="case-actions" aria-label={t('case.actions')}>
      <ActionModal<{ riskLevel: string; urgency: string; needsIdentified: string[] }>
        label={t('action.assess')}
        testId="action-assess"
        initialValues={{
          riskLevel: c.riskLevel || undefined,
          urgency: c.urgency || 'normal',
          needsIdentified: c.needsIdentified.length ? c.needsIdentified : [],
        }}
        onSubmit={(v) => assess.mutateAsync(v)}
      >
        {() => (
          <>
            <Form.Item
              name="riskLevel"
              label={t('case.risk')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <FieldRadioGroup
                optionType="button"
                options={RISK_LEVELS.map((r) => ({ value: r, label: t(`risk.${r}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="urgency"
              label={t('case.urgency')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <FieldRadioGroup
                optionType="button"
                options={URGENCIES.map((r) => ({ value: r, label: t(`urgency.${r}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="needsIdentified"
              label={t('case.needsIdentified')}
              extra={t('case.needsHint')}
              rules={[
                { required: true, type: 'array', min: 1, max: 20, message: t('validation.needs') },
                {
                  validator: (_, v: string[] = []) =>
                    v.every((x) => x.length <= 60)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('validation.max60'))),
                },
              ]}
            >
              <FieldSelect
                mode="tags"
                tokenSeparators={[',', '，', ' ']}

                aria-label={t('case.needsIdentified')}
              />
            </Form.Item>
          </>
        )}
      </ActionModal>

      <ActionModal<{ items: PlanFormItem[] }>
        label={t('action.plan')}
        testId="action-plan"
        initialValues={{ items: planInitial }}
        onSubmit={(v) =>
          plan.mutateAsync({
            items: v.items.map((i) => ({
              itemId: i.itemId,
              kind: i.kind,
              description: i.description ?? '',
              requirement: i.requirement,
              quantity: String(i.quantity),
              ...(i.startAt ? { startAt: fromLocalInput(i.startAt) } : {}),
              ...(i.endAt ? { endAt: fromLocalInput(i.endAt) } : {}),
            })),
          })
        }
      >
        {() => (
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, index) => (
                  <fieldset
                    key={f.key}
                    style={{ border: '1px solid #e5e5e5', padding: 8, marginBottom: 8 }}
                    data-testid={`plan-item-${index}`}
                  >
                    <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>
                      {t('plan.item', { n: index + 1 })}
                    </legend>
                    <Form.Item
                      name={[f.name, 'itemId']}
                      label={t('plan.itemId')}
                      rules={[
                        { required: true, pattern: /^[A-Za-z0-9_-]{1,64}$/, message: t('validation.itemId') },
                      ]}
                    >
                      <Input aria-label={`${t('plan.itemId')} ${index + 1}`} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'kind']}
                      label={t('plan.kind')}
                      rules={[{ required: true, message: t('validation.required') }]}
                    >
                      <FieldRadioGroup
                        optionType="button"
                        options={RESOURCE_KINDS.map((k) => ({ value: k, label: t(`resourceKind.${k}`) }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'description']}
                      label={t('plan.description')}
                      rules={[{ max: 200, message: t('validation.max200') }]}
                    >
                      <Input aria-label={`${t('plan.description')} ${index + 1}`} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'requirement']}
                      label={t('plan.requirement')}
                      extra={t('plan.requirementHint')}
                      rules={[
                        { required: true, whitespace: true, max: 60, message: t('validation.requirement') },
                      ]}
                    >
                      <Input aria-label={`${t('plan.requirement')} ${index + 1}`} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'quantity']}
                      label={t('plan.quantity')}
                      extra={t('plan.quantityHint')}
                      rules={[
                        {
                          required: true,
                          type: 'integer',
                          min: 1,
                          max: 1_000_000_000,
                          message: t('validation.quantity'),
                        },
                      ]}
                    >
                      <InputNumber
                        aria-label={`${t('plan.quantity')} ${index + 1}`}
                        style={{ width: '100%' }}
                        precision={0}
                      />
                    </Form.Item>
                    <Space wrap>
                      <Form.Item name={[f.name, 'startAt']} label={t('plan.startAt')}>
                        <Input type="datetime-local" aria-label={`${t('plan.startAt')} ${index + 1}`} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'endAt']} label={t('plan.endAt')}>
                        <Input type="datetime-local" aria-label={`${t('plan.endAt')} ${index + 1}`} />
                      </Form.Item>
                    </Space>
                    <Button size="small" danger onClick={() => remove(f.name)}>
                      {t('plan.removeItem')}
                    </Button>
                  </fieldset>
                ))}
                <Button
                  onClick={() =>
                    add({
                      itemId: `item${fields.length + 1}`,
                      kind: 'RESOURCE_KIND_ORGANIZATION',
                      requirement: '',
                      quantity: 1,
                    })
                  }
                  disabled={fields.length >= 20}
                >
                  {t('plan.addItem')}
                </Button>
              </>
            )}
          </Form.List>
        )}
      </ActionModal>

      <ActionModal<{ topK: number }>
        label={t('action.propose')}
        testId="action-propose"
        initialValues={{ topK: 5 }}
        onSubmit={(v) => propose.mutateAsync({ topK: v.topK })}
      >
        {() => (
          <Form.Item
            name="topK"
            label={t('case.topK')}
            rules={[{ required: true, type: 'integer', min: 1, max: 20, message: t('validation.topK') }]}
          >
            <InputNumber precision={0} aria-label={t('case.topK')} />
          </Form.Item>
        )}
      </ActionModal>

      <ActionModal<{ rating: number }>
        label={t('action.review')}
        testId="action-review"
        onSubmit={(v) => review.mutateAsync(v)}
      >
        {() => (
          <Form.Item
            name="rating"
            label={t('case.rating')}
            rules={[{ required: true, type: 'integer', min: 1, max: 5, message: t('validation.rating') }]}
          >
            <Rate aria-label={t('case.rating')} />
          </Form.Item>
        )}
      </ActionModal>

      <ActionModal<{ outcome: string }>
        label={t('action.close')}
        testId="action-close"
        onSubmit={(v) => close.mutateAsync(v)}
      >
        {() => (
          <Form.Item
            name="outcome"
            label={t('case.outcome')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <FieldRadioGroup options={OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))} />
          </Form.Item>
        )}
      </ActionModal>

      {supervise && (
        <>
          <ActionModal<{ toWorkerId: string; reason: string }>
            label={t('action.transfer')}
            testId="action-transfer"
            onSubmit={(v) => transfer.mutateAsync(v)}
          >
            {() => (
              <>
                <Form.Item
                  name="toWorkerId"
                  label={t('case.toWorker')}
                  rules={[
                    { required: true, pattern: /^[A-Za-z0-9_-]{1,64}$/, message: t('validation.itemId') },
                  ]}
                >
                  <Input />
                </Form.Item>
                <Form.Item name="reason" label={t('case.reason')} rules={shortText(t)}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              </>
            )}
          </ActionModal>
          <ActionModal<{ reason: string }>
            label={t('action.escalate')}
            testId="action-escalate"
            onSubmit={(v) => escalate.mutateAsync(v)}
          >
            {() => (
              <Form.Item name="reason" label={t('case.reason')} rules={shortText(t)}>
                <Input.TextArea rows={2} />
              </Form.Item>
            )}
          </ActionModal>
        </>
      )}
    </Space>
  );
}
