import { useState, type ReactNode } from 'react';
import { Button, Form, Modal } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert, showFieldError } from './ApiErrorAlert.tsx';

/**
 * A button that opens a form in a dialog; submitting runs `onSubmit`. An API error lands on the field it
 * names, or above the buttons when it names none; the dialog closes only on success.
 */
export function ActionModal<V extends object>({
  label,
  title,
  children,
  onSubmit,
  initialValues,
  danger,
  size,
  testId,
}: {
  label: string;
  title?: string;
  children: (form: FormInstance<V>) => ReactNode;
  onSubmit: (values: V) => Promise<unknown>;
  initialValues?: Partial<V>;
  danger?: boolean;
  size?: 'small' | 'middle';
  testId?: string;
}): ReactNode {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<V>();
  const submit = async (values: V) => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values);
      setOpen(false);
      form.resetFields();
    } catch (err) {
      if (!showFieldError(form, err, t)) setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size={size ?? 'middle'} danger={danger} onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </Button>
      <Modal
        open={open}
        title={title ?? label}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        footer={null}
        width={640}
      >
        <Form<V>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={(v) => void submit(v)}
          preserve={false}
        >
          {children(form)}
          <ApiErrorAlert error={error} />
          <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end', marginTop: 12 }}>
            <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={busy} danger={danger}>
              {t('common.submit')}
            </Button>
          </div>
        </Form>
      </Modal>
    </>
  );
}
