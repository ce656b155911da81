import { useState, type ReactNode } from 'react';
import { Button, Card, Col, Input, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../router.ts';
import { OPS_SERVICES, type OpsService } from './queries.ts';
import { ServiceFlows } from './ServiceFlows.tsx';
import { LinkageFlows } from './LinkageFlows.tsx';
import { DeadLetterBrowser } from './DeadLetterBrowser.tsx';
import { CaseFlowView } from './CaseFlowView.tsx';

/**
 * 运维: the event flows at a glance for ops — each service's backlog and lag with the last hour's line, the
 * saga, stuck cases, the rebuild, a group's dead letters (dry run, replay) and a case's flow hop by hop.
 */
export function OpsPage({ search }: { search: URLSearchParams }): ReactNode {
  const { t } = useTranslation();
  const svc = (OPS_SERVICES as readonly string[]).includes(search.get('service') ?? '')
    ? (search.get('service') as OpsService)
    : null;
  const group = search.get('group');
  const caseId = search.get('case');
  const [caseInput, setCaseInput] = useState(caseId ?? '');
  const go = (params: Record<string, string>) => navigate(`/ops?${new URLSearchParams(params).toString()}`);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card>
        <Typography.Title level={1} style={{ fontSize: 20 }}>
          {t('ops.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('ops.intro')}</Typography.Paragraph>
        <Space wrap>
          <label htmlFor="ops-case">{t('ops.caseFlow')}</label>
          <Input
            id="ops-case"
            style={{ width: 320 }}
            value={caseInput}
            placeholder="c-…"
            onChange={(e) => setCaseInput(e.target.value.trim())}
            onPressEnter={() => caseInput && go({ case: caseInput })}
          />
          <Button onClick={() => caseInput && go({ case: caseInput })}>{t('ops.show')}</Button>
        </Space>
      </Card>
      {caseId && <CaseFlowView caseId={caseId} />}
      {svc && group && <DeadLetterBrowser svc={svc} group={group} />}
      <LinkageFlows />
      <Row gutter={[12, 12]}>
        {OPS_SERVICES.map((s) => (
          <Col key={s} xs={24} xl={12}>
            <ServiceFlows svc={s} onDeadLetters={(sv, g) => go({ service: sv, group: g })} />
          </Col>
        ))}
      </Row>
    </Space>
  );
}
