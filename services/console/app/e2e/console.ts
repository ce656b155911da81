import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { freePort, readyz, startServiceProcess, waitFor, type Proc } from '@fivesoc/e2e/src/processes.ts';
import type { System } from '@fivesoc/e2e/src/caseFlow/system.ts';
import { APP_DIR } from './build.ts';

export const ARTIFACTS = join(APP_DIR, '../../../.artifacts/console');

/** The console service as its own process in front of the system's six, serving the built app. */
export async function startConsole(sys: System, staticDir: string): Promise<{ url: string; proc: Proc }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = startServiceProcess('console', {
    HTTP_PORT: String(port),
    LOG_LEVEL: 'warn',
    AUTH_PUBLIC_KEY_FILE: join(sys.keysDir, 'dev-public.pem'),
    CONSOLE_DEV_SIGN_IN: '1',
    CONSOLE_STATIC_DIR: staticDir,
    COMMUNITY_URL: sys.urls.community,
    ORGANIZATION_URL: sys.urls.organization,
    SOCIAL_WORKER_URL: sys.urls['social-worker'],
    VOLUNTEER_URL: sys.urls.volunteer,
    CHARITY_URL: sys.urls.charity,
    LINKAGE_URL: sys.urls.linkage,
    LINKAGE_GRPC_URL: sys.grpcAddress,
  });
  await waitFor(
    'console ready',
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`console exited: ${proc.stderr().slice(-2000)}`);
      return readyz(url);
    },
    Number(process.env.E2E_READY_MS ?? 120_000),
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${proc.stderr().slice(-2000)}\n${proc.stdout().slice(-2000)}`);
  });
  return { url, proc };
}

export interface Who {
  role: string;
  scopeLevel: 'district' | 'street' | 'community';
  scopeCode: string;
  subject: string;
}

/** A browser context signed in through the development sign-in (the cookie lands in the context). */
export async function signedIn(browser: Browser, url: string, who: Who, lang: 'zh-CN' | 'en-US' = 'zh-CN') {
  const context = await browser.newContext({
    baseURL: url,
    viewport: { width: 1280, height: 800 },
    locale: lang,
  });
  context.setDefaultTimeout(60_000);
  await context.addInitScript((l) => localStorage.setItem('fivesoc.lang', l), lang);
  const r = await context.request.post('/auth/dev-sign-in', { data: who });
  if (r.status() !== 204) throw new Error(`dev sign-in ${r.status()} ${await r.text()}`);
  const page = await context.newPage();
  return { context, page };
}

/** The form item whose label reads `label` (inside `scope`). */
export const formItem = (scope: Page | Locator, label: string): Locator => {
  // A `has` locator is matched inside each candidate, so it must start at the page, not at `scope`.
  const page = 'goto' in scope ? scope : scope.page();
  return scope
    .locator('.ant-form-item')
    .filter({ has: page.locator('label', { hasText: new RegExp(`^${label}$`) }) });
};

/** Picks `option` in the Ant Design select of the form item labelled `label`. */
export async function pick(page: Page, scope: Page | Locator, label: string, option: string): Promise<void> {
  await formItem(scope, label).locator('.ant-select-selector').click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click();
}

/**
 * Submits the dialog's form and waits for it to close (the console closes a dialog only on success). When
 * it stays open, the error says what the dialog shows: the API's answer or the field that was refused.
 */
export async function submitDialog(dialog: Locator, timeout = 60_000): Promise<void> {
  await dialog.getByRole('button', { name: /^(提交|Submit)$/ }).click();
  try {
    await dialog.waitFor({ state: 'hidden', timeout });
  } catch (err) {
    const shown = await dialog.innerText({ timeout: 2_000 }).catch(() => '(unreadable)');
    throw new Error(`the dialog stayed open, showing: ${shown.replace(/\s+/g, ' ').slice(0, 600)}`, {
      cause: err,
    });
  }
}

/** Serious and critical axe-core violations of the page as it is now (none is the bar). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
}

export async function closeAll(contexts: BrowserContext[]): Promise<void> {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
}
