import type { ReactNode } from 'react';
import { Button, Popconfirm, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { canExport, canExportPersonal, type ExportList } from '../access.ts';
import { useLang } from './lang.ts';

/** The service that owns each list; its export is `GET /api/<service>/v1/exports/<list>` through the gateway. */
const SERVICE_OF: Record<ExportList, string> = {
  needs: 'community',
  cases: 'linkage',
  statistics: 'linkage',
  donations: 'charity',
};

/** The export's address: the format, the page's language and its filters (empty ones left out). */
export function exportUrl(
  list: ExportList,
  format: 'xlsx' | 'csv',
  lang: string,
  filters: Record<string, string | undefined> = {},
  personal = false,
): string {
  const qs = new URLSearchParams({ format, lang });
  for (const [k, v] of Object.entries(filters)) if (v) qs.set(k, v);
  if (personal) qs.set('personal', 'true');
  return `/api/${SERVICE_OF[list]}/v1/exports/${list}?${qs}`;
}

/** Starts a download of `href` (the server answers it as an attachment, so the page stays). */
function startDownload(href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/**
 * 导出 Excel / 导出 CSV: the list as the service writes it, with the page's filters, in the language the
 * page is shown in. Nothing for a role the export does not allow; for the street and district offices a
 * third choice with the people's names and phones, after a confirm that says the export is recorded.
 */
export function ExportButtons({
  roles,
  list,
  filters,
}: {
  roles: readonly string[];
  list: ExportList;
  filters?: Record<string, string | undefined>;
}): ReactNode {
  const { t } = useTranslation();
  const { lang } = useLang();
  if (!canExport(roles, list)) return null;
  const url = (format: 'xlsx' | 'csv', personal = false) => exportUrl(list, format, lang, filters, personal);
  return (
    <Space wrap data-testid={`export-${list}`}>
      <Button href={url('xlsx')} download data-testid={`export-${list}-xlsx`}>
        {t('export.xlsx')}
      </Button>
      <Button href={url('csv')} download data-testid={`export-${list}-csv`}>
        {t('export.csv')}
      </Button>
      {canExportPersonal(roles, list) && (
        <Popconfirm
          title={t('export.personalTitle')}
          description={t('export.personalConfirm')}
          okText={t('export.personalOk')}
          cancelText={t('common.cancel')}
          onConfirm={() => startDownload(url('xlsx', true))}
        >
          <Button data-testid={`export-${list}-personal`}>{t('export.personal')}</Button>
        </Popconfirm>
      )}
    </Space>
  );
}
