import { useState, type ReactNode } from 'react';
import { Button, Card, Form, Input, Space, Typography } from 'antd';
import { FieldSelect } from '../../components/fields.tsx';
import { useTranslation } from 'react-i18next';
import { useAuthConfig } from '../../auth.ts';
import { ApiErrorAlert, showFieldError } from '../../components/ApiErrorAlert.tsx';
import { ROLES, SCOPE_LEVELS } from '../../i18n/keys.ts';
import { useDevSignIn, type DevSignIn } from './queries.ts';

/** Scopes of the demo data, offered as one-click choices (any code may be typed). */
const PRESETS: { key: string; value: Omit<DevSignIn, 'subject'> & { subject: string } }[] = [
  {
    key: 'worker',
    value: { role: 'social_worker', scopeLevel: 'community', scopeCode: '420106001001', subject: 'w-demo' },
  },
  {
    key: 'supervisor',
    value: { role: 'supervisor', scopeLevel: 'district', scopeCode: '420106', subject: 'supervisor-demo' },
  },
  {
    key: 'staff',
    value: {
      role: 'community_staff',
      scopeLevel: 'community',
      scopeCode: '420106001001',
      subject: 'staff-demo',
    },
  },
  {
    key: 'coordinator',
    value: {
      role: 'charity_coordinator',
      scopeLevel: 'district',
      scopeCode: '420106',
      subject: 'coordinator-demo',
    },
  },
  {
    key: 'admin',
    value: { role: 'district_admin', scopeLevel: 'district', scopeCode: '420106', subject: 'admin-demo' },
  },
];

export function SignInPage(): ReactNode {
  const { t } = useTranslation();
  const config = useAuthConfig();
  const signIn = useDevSignIn();
  const [form] = Form.useForm<DevSignIn>();
  const [error, setError] = useState<unknown>(null);

  const submit = async (values: DevSignIn) => {
    setError(null);
    try {
      await signIn.mutateAsync(values);
    } catch (err) {
      if (!showFieldError(form, err, t)) setError(err);
    }
  };

  return (
    <Card style={{ maxWidth: 520, margin: '24px auto' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('signin.title')}
      </Typography.Title>
      {config.data?.oidc && (
        <Button type="primary" href="/auth/login" block style={{ marginBottom: 16 }}>
          {t('signin.oidc')}
        </Button>
      )}
      {config.data?.devSignIn ? (
        <>
          <Typography.Paragraph type="secondary">{t('signin.devHint')}</Typography.Paragraph>
          <Space wrap style={{ marginBottom: 12 }}>
            {PRESETS.map((p) => (
              <Button key={p.key} size="small" onClick={() => form.setFieldsValue(p.value)}>
                {t(`signin.preset.${p.key}`)}
              </Button>
            ))}
          </Space>
          <Form
            form={form}
            layout="vertical"
            initialValues={PRESETS[0]!.value}
            onFinish={(v) => void submit(v)}
            name="dev-sign-in"
          >
            <Form.Item
              name="role"
              label={t('signin.role')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <FieldSelect options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
            </Form.Item>
            <Form.Item
              name="scopeLevel"
              label={t('signin.scopeLevel')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <FieldSelect options={SCOPE_LEVELS.map((l) => ({ value: l, label: t(`scopeLevel.${l}`) }))} />
            </Form.Item>
            <Form.Item
              name="scopeCode"
              label={t('signin.scopeCode')}
              rules={[
                { required: true, pattern: /^(\d{6}|\d{9}|\d{12})$/, message: t('validation.scopeCode') },
              ]}
            >
              <Input inputMode="numeric" autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="subject"
              label={t('signin.subject')}
              extra={t('signin.subjectHint')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
            <ApiErrorAlert error={error} />
            <Button type="primary" htmlType="submit" loading={signIn.isPending} style={{ marginTop: 12 }}>
              {t('signin.submit')}
            </Button>
          </Form>
        </>
      ) : (
        !config.data?.oidc && <Typography.Paragraph>{t('signin.none')}</Typography.Paragraph>
      )}
    </Card>
  );
}
