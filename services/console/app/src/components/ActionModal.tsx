import { useState, type ReactNode } from 'react';
import { Button, Form, Modal } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert, showFieldError } from './ApiErrorAlert.tsx';

/**
 * The dialog's form, mounted afresh on every opening (the dialog destroys it when hidden), so it starts from
 * the record as it is now: a form instance kept across openings would keep the values of the last one.
 */
function ActionForm<V extends object>({
  children,
  onSubmit,
  onDone,
  onCancel,
  initialValues,
  danger,
}: {
  children: (form: FormInstance<V>) => ReactNode;
  onSubmit: (values: V) => Promise<unknown>;
  onDone: () => void;
  onCancel: () => void;
  initialValues?: Partial<V>;
  danger?: boolean;
}): ReactNode {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<V>();
  const submit = async (values: V) => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values);
      onDone();
    } catch (err) {
      if (!showFieldError(form, err, t)) setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
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
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={busy} danger={danger}>
          {t('common.submit')}
        </Button>
      </div>
    </Form>
  );
}

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
  const [open, setOpen] = useState(false);
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
        {open && (
          <ActionForm<V>
            onSubmit={onSubmit}
            onDone={() => setOpen(false)}
            onCancel={() => setOpen(false)}
            {...(initialValues ? { initialValues } : {})}
            {...(danger ? { danger } : {})}
          >
            {children}
          </ActionForm>
        )}
      </Modal>
    </>
  );
}
