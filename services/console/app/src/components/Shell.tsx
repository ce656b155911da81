import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Layout, Result, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { canOpen, homeOf, PAGES, type PageId } from '../access.ts';
import { call } from '../api/client.ts';
import { useAuthConfig, useMe, type Me } from '../auth.ts';
import { navigate, useLocation } from '../router.ts';
import { TONE } from './labels.tsx';
import { useLang } from './lang.ts';
import { SignInPage } from '../pages/signin/SignInPage.tsx';
import { WorkbenchPage } from '../pages/workbench/WorkbenchPage.tsx';
import { CasePage } from '../pages/case/CasePage.tsx';
import { InboxPage } from '../pages/inbox/InboxPage.tsx';
import { NeedsPage } from '../pages/needs/NeedsPage.tsx';
import { CharityPage } from '../pages/charity/CharityPage.tsx';
import { DisclosurePage } from '../pages/disclosure/DisclosurePage.tsx';
import { OpsPage } from '../pages/ops/OpsPage.tsx';

// ECharts is large: only the dashboard loads it.
const DashboardPage = lazy(() =>
  import('../pages/dashboard/DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })),
);

function LanguageSwitch(): ReactNode {
  const { lang, setLang } = useLang();
  const { t } = useTranslation();
  const other = lang === 'zh-CN' ? 'en-US' : 'zh-CN';
  return (
    <Button size="small" onClick={() => setLang(other)} lang={other} title={t('shell.switchLanguage')}>
      {other === 'en-US' ? 'English' : '中文'}
    </Button>
  );
}

function DevMarker(): ReactNode {
  const { t } = useTranslation();
  return (
    <Tag color={TONE.orange} data-testid="dev-marker" style={{ marginInlineEnd: 0 }}>
      {t('shell.dev')}
    </Tag>
  );
}

function pageOf(path: string): PageId | 'case' | 'signin' | 'home' | 'unknown' {
  if (path === '/' || path === '') return 'home';
  if (path === '/signin') return 'signin';
  if (/^\/cases\/[^/]+$/.test(path)) return 'case';
  return PAGES.find((p) => p.path === path)?.id ?? 'unknown';
}

function Content({
  me,
  page,
  path,
  search,
}: {
  me: Me;
  page: ReturnType<typeof pageOf>;
  path: string;
  search: URLSearchParams;
}): ReactNode {
  const { t } = useTranslation();
  const allowed = (id: PageId) => canOpen(me.roles, id);
  switch (page) {
    case 'case':
      if (!allowed('workbench')) break;
      return <CasePage me={me} caseId={decodeURIComponent(path.slice('/cases/'.length))} />;
    case 'inbox':
      if (!allowed('inbox')) break;
      return <InboxPage me={me} />;
    case 'workbench':
      if (!allowed('workbench')) break;
      return <WorkbenchPage me={me} />;
    case 'needs':
      if (!allowed('needs')) break;
      return <NeedsPage me={me} />;
    case 'charity':
      if (!allowed('charity')) break;
      return <CharityPage me={me} />;
    case 'dashboard':
      if (!allowed('dashboard')) break;
      return (
        <Suspense fallback={<Spin />}>
          <DashboardPage me={me} />
        </Suspense>
      );
    case 'ops':
      if (!allowed('ops')) break;
      return <OpsPage search={search} />;
    case 'disclosure':
      return <DisclosurePage />;
    case 'home':
    case 'signin':
    case 'unknown':
      return <Result status="404" title={t('shell.notFound')} />;
  }
  return <Result status="403" title={t('shell.forbidden')} />;
}

export function Shell(): ReactNode {
  const { t } = useTranslation();
  const { path, search } = useLocation();
  const me = useMe();
  const config = useAuthConfig();
  const qc = useQueryClient();
  const page = pageOf(path);
  const signedIn = me.data ?? null;

  useEffect(() => {
    if (me.isLoading) return;
    if (!signedIn && page !== 'signin' && page !== 'disclosure') navigate('/signin');
    if (signedIn && (page === 'home' || page === 'signin')) navigate(homeOf(signedIn.roles));
  }, [me.isLoading, signedIn, page]);

  useEffect(() => {
    document.title = t('shell.title');
  });

  const signOut = async () => {
    await call('/auth/logout', { method: 'POST' }).catch(() => undefined);
    qc.clear();
    navigate('/signin');
    await qc.invalidateQueries({ queryKey: ['auth'] });
  };

  const dev = signedIn ? signedIn.dev : (config.data?.devSignIn ?? false);
  const nav = PAGES.filter((p) => (signedIn ? canOpen(signedIn.roles, p.id) : p.roles === 'public'));
  const selected = page === 'case' ? 'workbench' : page;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: 16,
          flexWrap: 'wrap',
          height: 'auto',
          lineHeight: '48px',
        }}
      >
        <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
          {t('shell.title')}
        </Typography.Text>
        {dev && <DevMarker />}
        <nav aria-label={t('shell.navigation')} style={{ flex: 1, minWidth: 120 }}>
          <Space wrap size={4}>
            {nav.map((p) => (
              <a
                key={p.id}
                href={p.path}
                aria-current={selected === p.id ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(p.path);
                }}
                style={{
                  color: '#fff',
                  padding: '4px 10px',
                  borderRadius: 4,
                  background: selected === p.id ? '#1f5fbf' : 'transparent',
                }}
              >
                {t(`nav.${p.id}`)}
              </a>
            ))}
          </Space>
        </nav>
        <Space wrap>
          <LanguageSwitch />
          {signedIn && (
            <>
              <Typography.Text style={{ color: '#fff' }} data-testid="whoami">
                {t(`role.${signedIn.roles[0] ?? 'ops'}`)} · {signedIn.subject}
              </Typography.Text>
              <Button size="small" onClick={() => void signOut()}>
                {t('shell.signOut')}
              </Button>
            </>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        <main>
          {me.isError && <Alert type="error" showIcon message={t('shell.unreachable')} />}
          {page === 'disclosure' ? (
            <DisclosurePage />
          ) : me.isLoading ? (
            <Spin aria-label={t('common.loading')} />
          ) : !signedIn ? (
            <SignInPage />
          ) : (
            <Content me={signedIn} page={page} path={path} search={search} />
          )}
        </main>
      </Layout.Content>
    </Layout>
  );
}
