import type { ReactNode } from 'react';
import { Card, Col, Row, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Wide } from '../../components/Wide.tsx';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { useLang } from '../../components/lang.ts';
import { amount } from '../charity/CharityPage.tsx';
import { useDisclosure, type Flow } from './queries.ts';

interface FlowRow {
  key: string;
  name: string;
  measure: string;
  received: number;
  used: number;
}

const rowsOf = (flow: Flow, name: (k: string) => string): FlowRow[] =>
  Object.entries(flow).flatMap(([k, byMeasure]) =>
    Object.entries(byMeasure).map(([measure, v]) => ({
      key: `${k}-${measure}`,
      name: name(k),
      measure,
      received: v.received ?? 0,
      used: v.used ?? 0,
    })),
  );

export function DisclosurePage(): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  const q = useDisclosure();
  const d = q.data;
  const flowColumns = (first: string) => [
    { title: first, dataIndex: 'name' },
    {
      title: t('disclosure.received'),
      render: (_: unknown, r: FlowRow) => amount(r.received, r.measure, lang, t),
    },
    { title: t('disclosure.used'), render: (_: unknown, r: FlowRow) => amount(r.used, r.measure, lang, t) },
  ];
  const undesignated = (k: string) => (k === 'undesignated' ? t('disclosure.undesignated') : k);
  return (
    <div>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 20 }}>
          {t('disclosure.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('disclosure.intro')}</Typography.Paragraph>
        <ApiErrorAlert error={q.error} />
      </Card>
      {d && (
        <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
          <Col xs={24} lg={12}>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('disclosure.perFund')}</h2>}>
              <Wide>
                <Table<FlowRow>
                  size="small"
                  pagination={false}
                  dataSource={[
                    ...d.funds.flatMap((f) => rowsOf({ [f.name]: f.totals }, (k) => k)),
                    ...rowsOf({ direct: d.direct }, () => t('disclosure.direct')),
                  ]}
                  columns={flowColumns(t('disclosure.fund'))}
                />
              </Wide>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('disclosure.perCommunity')}</h2>}>
              <Wide>
                <Table<FlowRow>
                  size="small"
                  pagination={false}
                  dataSource={rowsOf(d.perCommunity, undesignated)}
                  columns={flowColumns(t('disclosure.community'))}
                />
              </Wide>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('disclosure.perCategory')}</h2>}>
              <Wide>
                <Table<FlowRow>
                  size="small"
                  pagination={false}
                  dataSource={rowsOf(d.perCategory, (k) =>
                    k === 'undesignated'
                      ? t('disclosure.undesignated')
                      : t(`category.${k}`, { defaultValue: k }),
                  )}
                  columns={flowColumns(t('disclosure.category'))}
                />
              </Wide>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('disclosure.donations')}</h2>}>
              <Wide>
                <Table
                  size="small"
                  rowKey="donationId"
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  dataSource={d.donations}
                  data-testid="disclosure-donations"
                  columns={[
                    {
                      title: t('disclosure.donor'),
                      render: (_: unknown, x) =>
                        x.donorName ??
                        t(`disclosure.donorKind.${x.donorKind}`, { defaultValue: x.donorKind }),
                    },
                    {
                      title: t('charity.kind'),
                      dataIndex: 'kind',
                      render: (k: string) => t(`giftKind.${k}`, { defaultValue: k }),
                    },
                    {
                      title: t('disclosure.received'),
                      render: (_: unknown, x) => amount(x.received, x.measure, lang, t),
                    },
                    {
                      title: t('disclosure.used'),
                      render: (_: unknown, x) => amount(x.used, x.measure, lang, t),
                    },
                  ]}
                />
              </Wide>
            </Card>
          </Col>
        </Row>
      )}
    </div>
  );
}
