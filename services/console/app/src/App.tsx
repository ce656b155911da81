import { useState, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api/errors.ts';
import { Shell } from './components/Shell.tsx';
import type { Lang } from './format.ts';
import { storeLang } from './i18n/index.ts';
import { LangContext } from './components/lang.ts';

/** The CSP nonce the console server put into index.html; Ant Design puts it on every `<style>` it adds. */
function cspNonce(): string | undefined {
  const metas = document.querySelectorAll<HTMLMetaElement>('meta[name="csp-nonce"]');
  for (const m of metas) if (m.content) return m.content;
  return undefined;
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (n, err) => n < 2 && !(err instanceof ApiError && err.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

export function App(): ReactNode {
  const { i18n } = useTranslation();
  const [lang, setLangState] = useState<Lang>(i18n.language === 'en-US' ? 'en-US' : 'zh-CN');
  const setLang = (l: Lang) => {
    storeLang(l);
    dayjs.locale(l === 'zh-CN' ? 'zh-cn' : 'en');
    void i18n.changeLanguage(l);
    setLangState(l);
  };
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  const nonce = cspNonce();
  return (
    <ConfigProvider
      locale={lang === 'zh-CN' ? zhCN : enUS}
      {...(nonce ? { csp: { nonce } } : {})}
      theme={{
        // Darker than Ant Design's defaults where its text falls below 4.5:1 on white (WCAG AA).
        token: {
          colorPrimary: '#1f5fbf',
          colorTextDescription: 'rgba(0, 0, 0, 0.62)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
          colorError: '#c41d1d',
          colorSuccess: '#237804',
          colorWarning: '#ad4e00',
          colorLink: '#1f5fbf',
        },
      }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <LangContext.Provider value={{ lang, setLang }}>
            <Shell />
          </LangContext.Provider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
