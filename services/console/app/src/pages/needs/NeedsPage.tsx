import { useState, type ReactNode } from 'react';
import { Button, Card, Checkbox, Col, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { FieldCheckboxGroup, FieldRadioGroup, FieldSelect } from '../../components/fields.tsx';
import { useTranslation } from 'react-i18next';
import { Wide } from '../../components/Wide.tsx';
import type { Me } from '../../auth.ts';
import { ApiErrorAlert, showFieldError } from '../../components/ApiErrorAlert.tsx';
import { ExportButtons } from '../../components/ExportButtons.tsx';
import { useLang } from '../../components/lang.ts';
import { formatDateTime } from '../../format.ts';
import {
  CONSENT_GIVERS,
  CONSENT_SCOPES,
  NEED_CATEGORIES,
  NEED_STATUSES,
  URGENCIES,
} from '../../i18n/keys.ts';
import { NeedDetail } from './NeedDetail.tsx';
import { useNeeds, useReportNeed, type NeedInput, type NeedRow } from './queries.ts';

interface FormValues extends Omit<NeedInput, 'consent'> {
  consent: { given: boolean; givenBy: string; at: string; scope: string[] };
}

const nowLocal = () => {
  const d = new Date(Date.now() - 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

function ReportForm({ me, onReported }: { me: Me; onReported: (id: string) => void }): ReactNode {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const report = useReportNeed();
  const [error, setError] = useState<unknown>(null);
  const submit = async (v: FormValues) => {
    setError(null);
    try {
      const need = await report.mutateAsync({
        ...v,
        people: (v.people ?? []).map((p) => ({ ...p, ...(p.idNumber ? {} : { idNumber: undefined }) })),
        consent: { ...v.consent, at: new Date(v.consent.at).toISOString() },
      });
      form.resetFields();
      onReported(need.id);
    } catch (err) {
      if (!showFieldError(form, err, t)) setError(err);
    }
  };
  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      name="report-need"
      onFinish={(v) => void submit(v)}
      initialValues={{
        communityCode: me.scope.level === 'community' ? me.scope.code : '',
        urgency: 'normal',
        people: [{ name: '', phone: '', address: '' }],
        consent: {
          given: true,
          givenBy: 'self',
          at: nowLocal(),
          scope: ['needs_assessment', 'case_handling'],
        },
      }}
    >
      <Form.Item
        name="communityCode"
        label={t('need.community')}
        rules={[{ required: true, pattern: /^\d{12}$/, message: t('validation.communityCode') }]}
      >
        <Input inputMode="numeric" />
      </Form.Item>
      <Form.Item
        name="category"
        label={t('need.category')}
        rules={[{ required: true, message: t('validation.required') }]}
      >
        <FieldSelect
          aria-label={t('need.category')}
          options={NEED_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="urgency"
        label={t('need.urgency')}
        rules={[{ required: true, message: t('validation.required') }]}
      >
        <FieldRadioGroup
          optionType="button"
          options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('need.description')}
        extra={t('need.descriptionHint')}
        rules={[{ required: true, whitespace: true, max: 2000, message: t('validation.description') }]}
      >
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.List name="people">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <fieldset key={f.key} style={{ border: '1px solid #e5e5e5', padding: 8, marginBottom: 8 }}>
                <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>
                  {t('need.person', { n: i + 1 })}
                </legend>
                <Row gutter={8}>
                  <Col xs={24} sm={12}>
                    <Form.Item
                      name={[f.name, 'name']}
                      label={t('need.name')}
                      rules={[{ required: true, whitespace: true, max: 50, message: t('validation.name') }]}
                    >
                      <Input autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item
                      name={[f.name, 'phone']}
                      label={t('need.phone')}
                      rules={[{ required: true, message: t('validation.required') }]}
                    >
                      <Input autoComplete="off" inputMode="tel" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item name={[f.name, 'idNumber']} label={t('need.idNumber')}>
                      <Input autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item
                      name={[f.name, 'address']}
                      label={t('need.address')}
                      rules={[
                        { required: true, whitespace: true, max: 200, message: t('validation.address') },
                      ]}
                    >
                      <Input autoComplete="off" />
                    </Form.Item>
                  </Col>
                </Row>
                <Button size="small" onClick={() => remove(f.name)}>
                  {t('need.removePerson')}
                </Button>
              </fieldset>
            ))}
            <Button
              onClick={() => add({ name: '', phone: '', address: '' })}
              disabled={fields.length >= 10}
              style={{ marginBottom: 12 }}
            >
              {t('need.addPerson')}
            </Button>
          </>
        )}
      </Form.List>
      <fieldset style={{ border: '1px solid #e5e5e5', padding: 8, marginBottom: 8 }}>
        <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>
          {t('need.consent')}
        </legend>
        <Form.Item name={['consent', 'given']} valuePropName="checked">
          <Checkbox>{t('need.consentGiven')}</Checkbox>
        </Form.Item>
        <Form.Item
          name={['consent', 'givenBy']}
          label={t('need.consentBy')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <FieldRadioGroup
            options={CONSENT_GIVERS.map((g) => ({ value: g, label: t(`consentGiver.${g}`) }))}
          />
        </Form.Item>
        <Form.Item
          name={['consent', 'at']}
          label={t('need.consentAt')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item
          name={['consent', 'scope']}
          label={t('need.consentScope')}
          rules={[{ required: true, type: 'array', min: 1, message: t('validation.scope') }]}
        >
          <FieldCheckboxGroup
            options={CONSENT_SCOPES.map((s) => ({ value: s, label: t(`consentScope.${s}`) }))}
          />
        </Form.Item>
      </fieldset>
      <ApiErrorAlert error={error} />
      <Button type="primary" htmlType="submit" loading={report.isPending} style={{ marginTop: 12 }}>
        {t('need.submit')}
      </Button>
    </Form>
  );
}

export function NeedsPage({ me }: { me: Me }): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const [status, setStatus] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | null>(null);
  const needs = useNeeds({ ...(status ? { status } : {}) });
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={10}>
        <Card>
          <Typography.Title level={1} style={{ fontSize: 20 }}>
            {t('need.reportTitle')}
          </Typography.Title>
          <ReportForm me={me} onReported={setSelected} />
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('need.listTitle')}</h2>}>
          <Space wrap style={{ marginBottom: 8 }}>
            <Select
              allowClear
              style={{ minWidth: 140 }}
              placeholder={t('need.status')}
              aria-label={t('need.status')}
              value={status}
              onChange={setStatus}
              options={NEED_STATUSES.map((s) => ({ value: s, label: t(`needStatus.${s}`) }))}
            />
            <ExportButtons roles={me.roles} list="needs" filters={{ status }} />
          </Space>
          <ApiErrorAlert error={needs.error} />
          <Wide>
            <Table<NeedRow>
              size="small"
              rowKey="id"
              loading={needs.isLoading}
              dataSource={needs.data ?? []}

              pagination={{ pageSize: 15, hideOnSinglePage: true }}
              columns={[
                {
                  title: t('need.id'),
                  dataIndex: 'id',
                  render: (id: string) => (
                    <Button type="link" size="small" onClick={() => setSelected(id)} style={{ padding: 0 }}>
                      {id.slice(0, 12)}
                    </Button>
                  ),
                },
                {
                  title: t('need.status'),
                  dataIndex: 'status',
                  render: (s: string) => <Tag>{t(`needStatus.${s}`, { defaultValue: s })}</Tag>,
                },
                {
                  title: t('need.category'),
                  dataIndex: 'category',
                  render: (c: string) => t(`category.${c}`, { defaultValue: c }),
                },
                {
                  title: t('need.urgency'),
                  dataIndex: 'urgency',
                  render: (u: string) => t(`urgency.${u}`, { defaultValue: u }),
                },
                { title: t('need.community'), dataIndex: 'communityCode' },
                {
                  title: t('need.reportedAt'),
                  dataIndex: 'reportedAt',
                  render: (d: string) => formatDateTime(d, lang),
                },
              ]}
            />
          </Wide>
          {selected && <NeedDetail id={selected} />}
        </Card>
      </Col>
    </Row>
  );
}
