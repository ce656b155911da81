import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  coordinatorDisburses,
  organizationAccepts,
  serviceUnderWay,
  volunteerHours,
} from '@fivesoc/e2e/src/caseFlow/drive.ts';
import { linkageClient, waitForCase } from '@fivesoc/e2e/src/caseFlow/linkageClient.ts';
import { loadScenario, PLACE, type Scenario } from '@fivesoc/e2e/src/caseFlow/scenario.ts';
import { System } from '@fivesoc/e2e/src/caseFlow/system.ts';
import type { Proc } from '@fivesoc/e2e/src/processes.ts';
import { readExport, useInfra } from '@fivesoc/test-support';
import { ensureBuilt } from './build.ts';
import { findChromium } from './chromium.ts';
import {
  ARTIFACTS,
  closeAll,
  formItem,
  pick,
  seriousViolations,
  submitDialog,
  signedIn,
  startConsole,
  type Who,
} from './console.ts';

// The console in a real Chromium against the real system: the five societies, linkage and the console as
// their own processes on the real Kafka and FerretDB, the app built by Vite and served by the console.

let sys: System;
let scenario: Scenario;
let consoleUrl = '';
let consoleProc: Proc | undefined;
let browser: Browser;
const contexts: BrowserContext[] = [];
let grpc: ReturnType<typeof linkageClient>;

const worker = (): Who => ({
  role: 'social_worker',
  scopeLevel: 'community',
  scopeCode: PLACE.communityCode,
  subject: scenario.workerId,
});
const staff: Who = {
  role: 'community_staff',
  scopeLevel: 'community',
  scopeCode: PLACE.communityCode,
  subject: 'staff-e2e',
};
const coordinator: Who = {
  role: 'charity_coordinator',
  scopeLevel: 'district',
  scopeCode: PLACE.districtCode,
  subject: 'coordinator-e2e',
};
const admin: Who = {
  role: 'district_admin',
  scopeLevel: 'district',
  scopeCode: PLACE.districtCode,
  subject: 'admin-e2e',
};
/** The district's supervisor (督导), who approves the assessment, the plan and the closure of the case. */
const supervisor: Who = {
  role: 'supervisor',
  scopeLevel: 'district',
  scopeCode: PLACE.districtCode,
  subject: 'supervisor-e2e',
};
const ops: Who = { role: 'ops', scopeLevel: 'district', scopeCode: PLACE.districtCode, subject: 'ops-e2e' };

async function open(who: Who, path: string, lang: 'zh-CN' | 'en-US' = 'zh-CN'): Promise<Page> {
  const s = await signedIn(browser, consoleUrl, who, lang);
  contexts.push(s.context);
  await s.page.goto(path);
  return s.page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Closed cases on the dashboard, as the page shows them (digits only). */
async function closedOnDashboard(page: Page): Promise<number> {
  const text = await page.getByTestId('stat-closed').locator('.ant-statistic-content').innerText();
  return Number(text.replace(/\D/g, ''));
}

/**
 * A date-time input's value in Beijing time (the worker's browser runs in Asia/Shanghai), for a slot under
 * way now: volunteers record hours only once a task has started.
 */
const beijingInput = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);

/** Polls until the page shows it (a shared, loaded machine is slow; it ends as soon as it holds). */
const poll = <T>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout, interval: 200 });

let needId = '';
let caseId = '';
let workerPage: Page;
let supervisorPage: Page;
let dashboard: Page;
let closedBefore = 0;

describe('the console in Chromium against the whole system', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const dist = ensureBuilt((l) => console.log(l));
    const executablePath = findChromium((l) => console.log(l));
    sys = new System(useInfra());
    await sys.start();
    grpc = linkageClient(sys.grpcAddress, () => sys.token(['district_admin']));
    scenario = await loadScenario(sys, sys.suffix, {
      volunteers: 3,
      organizations: 2,
      donations: 2,
      received: 100_000,
    });
    const c = await startConsole(sys, dist);
    consoleUrl = c.url;
    consoleProc = c.proc;
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  }, 1_500_000);

  afterAll(async () => {
    await closeAll(contexts);
    await browser?.close();
    grpc?.close();
    consoleProc?.child.kill('SIGTERM');
    await consoleProc?.exited;
    await sys?.stop();
  }, 120_000);

  it('signs in through the development page, marked as development on every page', async () => {
    const context = await browser.newContext({
      baseURL: consoleUrl,
      viewport: { width: 1280, height: 800 },
      timezoneId: 'Asia/Shanghai',
    });
    context.setDefaultTimeout(60_000);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/cases');
    await poll(() => page.url()).toContain('/signin');
    await poll(() => page.getByTestId('dev-marker').innerText()).toBe('开发环境');
    await pick(page, page, '角色', '社工');
    await formItem(page, '区划代码').locator('input').fill(PLACE.communityCode);
    await formItem(page, '账号标识').locator('input').fill(scenario.workerId);
    await page.getByRole('button', { name: '登录' }).click();
    // A social worker's home is their inbox (待办).
    await poll(() => page.url()).toContain('/inbox');
    await page.getByTestId('inbox-total').waitFor();
    await poll(() => page.getByTestId('whoami').innerText()).toContain(scenario.workerId);
    expect(await page.getByTestId('dev-marker').innerText()).toBe('开发环境');
    workerPage = page;
    supervisorPage = await open(supervisor, '/');
    await poll(() => supervisorPage.url()).toContain('/inbox');
    await poll(() => supervisorPage.locator('h1').innerText()).toBe('督导待办');
    dashboard = await open(admin, '/dashboard');
    await dashboard.getByTestId('stat-closed').waitFor();
    closedBefore = await closedOnDashboard(dashboard);
  }, 300_000);

  it('community staff report a need; the covering social worker sees its case appear without reloading', async () => {
    const page = await open(staff, '/needs');
    await pick(page, page, '需求类别', '养老服务');
    await formItem(page, '紧急程度').getByText('高', { exact: true }).click();
    await formItem(page, '情况说明').locator('textarea').fill('独居老人需要助餐和日间照料');
    await formItem(page, '姓名').locator('input').fill('王奶奶');
    await formItem(page, '联系电话').locator('input').fill('13900001111');
    await formItem(page, '住址').locator('input').fill('保俶社区3栋101');
    await formItem(page, '授权范围').getByText('转介合作方').click();
    await page.getByRole('button', { name: '上报需求' }).click();
    const detail = page.getByTestId('need-detail');
    await detail.waitFor();
    // Entered once, shown masked afterwards.
    expect(await page.getByTestId('masked-people').innerText()).toBe('王** 139****1111');
    expect(await page.content()).not.toContain('13900001111');
    needId = (await detail.locator('.ant-card-head-title').innerText()).replace(/^需求\s*/, '').trim();
    expect(needId).not.toBe('');
    caseId = `c-${needId}`;
    await shot(page, 'needs-reported.zh-CN');

    // 导出 Excel: community's export of the list, in the page's language; the need just reported is in it.
    await page.locator('.ant-table-row', { hasText: needId.slice(0, 12) }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '导出 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^needs-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const [head, ...rows] = await readExport(await readFile(await download.path()), 'xlsx');
    expect(head).toEqual(expect.arrayContaining(['需求编号', '状态', '需求类别', '紧急程度', '社区']));
    const at = (h: string) => head!.indexOf(h);
    const exported = rows.find((r) => r[at('需求编号')] === needId);
    expect([exported?.[at('需求类别')], exported?.[at('紧急程度')], exported?.[at('状态')]]).toEqual([
      '养老服务',
      '高',
      '已上报',
    ]);
    // Community staff get no personal choice (street and district offices only), and no name in the file.
    expect(await page.getByTestId('export-needs-personal').count()).toBe(0);
    expect(rows.flat()).not.toContain('王奶奶');

    // The worker's inbox refreshes by itself once linkage opened the case and assigned them.
    const row = workerPage.getByTestId('inbox-case_assigned').getByRole('link', { name: caseId });
    await row.waitFor({ timeout: 90_000 });
    await row.click();
    await poll(() => workerPage.getByTestId('case-worker').innerText(), 30_000).toBe(scenario.workerId);
  }, 300_000);

  it('the worker assesses and plans; a bad plan value shows the API error on that field', async () => {
    const page = workerPage;
    await page.getByTestId('action-assess').click();
    let dialog = page.getByRole('dialog');
    await formItem(dialog, '风险等级').getByText('高', { exact: true }).click();
    await formItem(dialog, '紧急程度').getByText('高', { exact: true }).click();
    const needs = formItem(dialog, '评估出的需求').locator('input');
    for (const n of ['meals', 'day_care', 'subsidy']) {
      await needs.fill(n);
      await needs.press('Enter');
    }
    // As a person would: click away, so the tags' dropdown closes and no longer covers the buttons.
    await dialog.locator('.ant-modal-title').click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    // The action forms are dialogs, which the page scans below never see open.
    expect(await seriousViolations(page)).toEqual([]);
    await submitDialog(dialog);
    await poll(() => page.getByTestId('case-status').innerText()).toBe('已评估');
    // A high risk: the assessment waits for the supervisor (督导), who finds it in their queue and returns it.
    await poll(() => page.getByTestId('approval-assessment').innerText()).toBe('待督导审批');
    const sup = supervisorPage;
    const waiting = sup.getByTestId('inbox-approval_waiting').getByRole('link', { name: caseId });
    await waiting.waitFor({ timeout: 60_000 });
    expect(await sup.getByTestId('inbox-approval_waiting').innerText()).toContain('需求评估');
    await waiting.click();
    await sup.getByTestId('return-assessment').click();
    dialog = sup.getByRole('dialog');
    await pick(sup, dialog, '退回原因', '风险研判不准');
    // With a note for the worker: sealed, read only by opening it.
    await formItem(dialog, '督导意见（可选）')
      .locator('textarea')
      .fill('独居老人夜间无人照看，请按极高风险重新评估');
    expect(await seriousViolations(sup)).toEqual([]);
    await submitDialog(dialog);
    await poll(() => page.getByTestId('approval-assessment').innerText()).toBe('已退回：风险研判不准');
    // The worker opens the supervisor's note on the case page (the reading is recorded by linkage).
    await page.getByTestId('read-note-assessment').click();
    const note = page.getByTestId('approval-note');
    await note.waitFor();
    expect(await note.innerText()).toContain('独居老人夜间无人照看，请按极高风险重新评估');
    expect(await note.innerText()).toContain(`督导 ${supervisor.subject}`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '关闭' }).click();
    await note.waitFor({ state: 'hidden' });
    // The return is in the worker's inbox, with its reason.
    const inbox = await page.context().newPage();
    await inbox.goto('/inbox');
    const returned = inbox.getByTestId('inbox-approval_returned');
    await returned.getByRole('link', { name: caseId }).waitFor({ timeout: 60_000 });
    expect(await returned.innerText()).toContain('风险研判不准');
    expect(await seriousViolations(inbox)).toEqual([]);
    await shot(inbox, 'inbox-returned.zh-CN');
    await inbox.close();
    // The worker assesses again (the risk was misjudged: critical), the supervisor's open page shows it
    // waiting, and they approve it.
    await page.getByTestId('action-assess').click();
    dialog = page.getByRole('dialog');
    // The dialog opens with the assessment as recorded.
    const again = formItem(dialog, '评估出的需求');
    await poll(() => again.locator('.ant-select-selection-item').count()).toBe(3);
    await formItem(dialog, '风险等级').getByText('极高', { exact: true }).click();
    await submitDialog(dialog);
    await poll(() => page.getByTestId('approval-assessment').innerText()).toBe('待督导审批');
    await sup.getByTestId('approve-assessment').click();
    await poll(() => page.getByTestId('approval-assessment').innerText()).toBe('已批准');
    expect(await page.getByTestId('approvals').innerText()).toContain(supervisor.subject);
    await shot(sup, 'case-supervisor.zh-CN');

    await page.getByTestId('action-plan').click();
    dialog = page.getByRole('dialog');
    const item = (i: number) => dialog.getByTestId(`plan-item-${i}`);
    const start = serviceUnderWay();
    await item(0).getByLabel('项目编号 1', { exact: true }).fill('meals');
    await item(0).getByLabel('服务内容 1', { exact: true }).fill('每周六上门助餐');
    await item(0).getByLabel('要求 1', { exact: true }).fill('elder_care');
    await item(0).getByLabel('开始时间 1', { exact: true }).fill(beijingInput(start));
    await item(0)
      .getByLabel('结束时间 1', { exact: true })
      .fill(beijingInput(new Date(start.getTime() + 2 * 3_600_000)));
    await dialog.getByRole('button', { name: '添加服务项目' }).click();
    await item(1).getByText('社会组织（转介）').click();
    await item(1).getByLabel('项目编号 2', { exact: true }).fill('daycare');
    await item(1).getByLabel('服务内容 2', { exact: true }).fill('日间照料服务');
    await item(1).getByLabel('要求 2', { exact: true }).fill('elderly');
    await item(1).getByLabel('数量 2', { exact: true }).fill('2');
    await dialog.getByRole('button', { name: '添加服务项目' }).click();
    await item(2).getByText('慈善捐赠').click();
    await item(2).getByLabel('项目编号 3', { exact: true }).fill('subsidy');
    await item(2).getByLabel('服务内容 3', { exact: true }).fill('助餐补贴');
    await item(2).getByLabel('要求 3', { exact: true }).fill('fen');
    await item(2).getByLabel('数量 3', { exact: true }).fill('50000');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: '提交' }).click();
    // linkage refuses an organization item of 2: the words land under that item's quantity.
    const error = formItem(item(1), '数量').locator('.ant-form-item-explain-error');
    await poll(() => error.innerText()).toContain('an organization item has quantity 1');
    expect(await error.innerText()).toContain('填写有误');
    await shot(page, 'case-plan-field-error.zh-CN');
    await item(1).getByLabel('数量 2', { exact: true }).fill('1');
    await submitDialog(dialog);
    await poll(() => page.getByTestId('case-status').innerText()).toBe('已制定计划');
    // The plan is supervised too: matching waits for its approval.
    await poll(() => page.getByTestId('approval-plan').innerText()).toBe('待督导审批');
    await supervisorPage.getByTestId('approve-plan').click();
    await poll(() => page.getByTestId('approval-plan').innerText()).toBe('已批准');

    // The worker adds a task of their own and marks it done.
    await page.getByTestId('add-task').click();
    dialog = page.getByRole('dialog');
    await formItem(dialog, '任务内容').locator('input').fill('电话联系家属');
    await submitDialog(dialog);
    const task = page.getByTestId('tasks').locator('tr', { hasText: '电话联系家属' });
    await poll(() => task.innerText()).toContain('待完成');
    await task.getByRole('button', { name: '完成' }).click();
    await poll(() => task.innerText()).toContain('已完成');
  }, 300_000);

  it('proposes and accepts candidates with their score bars; a refused one is replaced by the next on the open page', async () => {
    const page = workerPage;
    await page.getByTestId('action-propose').click();
    const dialog = page.getByRole('dialog');
    await submitDialog(dialog);
    for (const item of ['meals', 'daycare', 'subsidy'])
      await page.getByTestId(`candidates-${item}`).waitFor();
    const bars = page.getByTestId('candidates-meals').getByRole('meter');
    expect(await bars.count()).toBe(3 * 5);
    expect(await page.getByTestId('candidates-meals').getByRole('meter', { name: '技能匹配' }).count()).toBe(
      3,
    );

    for (const item of ['meals', 'daycare', 'subsidy']) {
      await page.getByTestId(`candidates-${item}`).getByRole('button', { name: '选定' }).first().click();
      await page.getByTestId(`matches-${item}`).waitFor({ timeout: 30_000 });
    }
    await shot(page, 'case-matching.zh-CN');

    // The first volunteer confirms at once, then withdraws: linkage asks the next one, the page shows it.
    let c = await waitForCase(
      grpc,
      caseId,
      (x) => x.matches.some((m) => m.itemId === 'meals' && m.status === 'MATCH_STATUS_CONFIRMED'),
      'meals confirmed',
    );
    const first = c.matches.find((m) => m.itemId === 'meals')!;
    await sys.ok(
      'volunteer',
      'DELETE',
      `/v1/tasks/${first.matchId}/sign-ups/${first.resourceId}`,
      await sys.token(['volunteer'], first.resourceId),
    );
    const rows = page.getByTestId('matches-meals').locator('tbody tr');
    await poll(() => rows.count(), 60_000).toBe(2);
    await poll(() => rows.nth(0).innerText()).toContain('已婉拒');
    await poll(() => rows.nth(1).innerText(), 60_000).toContain('已确认');
    c = (await grpc.getCase({ caseId })).case!;
    const second = c.matches.filter((m) => m.itemId === 'meals')[1]!;
    expect(second.resourceId).not.toBe(first.resourceId);
    expect(await rows.nth(1).innerText()).toContain(second.resourceId);
    expect(await page.getByTestId('timeline').innerText()).toContain('被婉拒');
  }, 300_000);

  it('the societies confirm; delivery, review and close move the dashboard counts', async () => {
    const page = workerPage;
    let c = await waitForCase(
      grpc,
      caseId,
      (x) =>
        ['daycare', 'subsidy'].every((i) =>
          x.matches.some((m) => m.itemId === i && m.status === 'MATCH_STATUS_HELD'),
        ),
      'referral and reservation held',
      60_000,
    );
    const org = c.matches.find((m) => m.itemId === 'daycare')!;
    const money = c.matches.find((m) => m.itemId === 'subsidy')!;
    await organizationAccepts(sys, org.resourceId, org.matchId);

    // The charity coordinator allocates the held reservation on the charity page.
    const charity = await open(coordinator, '/charity');
    const row = charity.getByTestId('donations').locator('tr', { hasText: money.resourceId });
    await row.locator('.ant-table-row-expand-icon').click();
    await charity.getByTestId(`allocate-${money.matchId}`).click();
    await poll(() => charity.getByTestId(`entries-${money.resourceId}`).innerText(), 30_000).toContain(
      '已分配',
    );
    await shot(charity, 'charity-allocated.zh-CN');

    await poll(() => page.getByTestId('case-status').innerText(), 60_000).toBe('服务中');
    const meals = (await grpc.getCase({ caseId })).case!.matches.filter((m) => m.itemId === 'meals').at(-1)!;
    await volunteerHours(sys, scenario.workerId, meals.resourceId, meals.matchId, 2);
    await page.getByTestId(`deliver-${org.matchId}`).click();
    let dialog = page.getByRole('dialog');
    await submitDialog(dialog);
    await coordinatorDisburses(sys, money.resourceId, money.matchId);
    await poll(() => page.getByTestId('case-status').innerText(), 60_000).toBe('待回访');

    await page.getByTestId('action-review').click();
    dialog = page.getByRole('dialog');
    await dialog.locator('.ant-rate-star').nth(4).click();
    await submitDialog(dialog);
    await page.getByTestId('action-close').click();
    dialog = page.getByRole('dialog');
    await dialog.getByText('已解决（已服务并回访）').click();
    await submitDialog(dialog);
    // The closure is only submitted: the supervisor's approval closes the case.
    await poll(() => page.getByTestId('approval-closure').innerText()).toBe('待督导审批');
    expect(await page.getByTestId('case-status').innerText()).not.toBe('已结案');
    await supervisorPage.getByTestId('approve-closure').click();
    await poll(() => page.getByTestId('case-status').innerText()).toBe('已结案');
    c = (await grpc.getCase({ caseId })).case!;
    expect([c.outcome, c.rating]).toEqual(['resolved', 5]);
    const timeline = await page.getByTestId('timeline').innerText();
    for (const words of [
      '立案',
      '接案',
      '完成需求评估',
      '制定服务计划',
      '已确认承接',
      '登记服务',
      '居民回访评价 5 分',
      '结案',
    ])
      expect(timeline).toContain(words);
    expect(timeline).not.toContain('{');
    expect(timeline).toContain('退回了需求评估：风险研判不准');
    await shot(page, 'case-closed.zh-CN');

    // The history tab: who did what, when, with their roles.
    await page.getByTestId('history-tab').click();
    const history = page.getByTestId('history');
    await poll(() => history.innerText()).toContain('督导批准');
    const said = await history.innerText();
    for (const words of ['立案', '提交督导审批', '督导退回', '督导批准', '社工督导', supervisor.subject])
      expect(said).toContain(words);
    expect(said).toContain(scenario.workerId);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'case-history.zh-CN');

    // The admin's dashboard, open all along, counts the closed case by itself.
    await poll(() => closedOnDashboard(dashboard), 60_000).toBe(closedBefore + 1);
  }, 300_000);

  it('a role that may not act sees no action, and the gateway refuses the same call', async () => {
    const page = await open(ops, `/cases/${caseId}`);
    await page.getByTestId('read-only').waitFor();
    expect(await page.getByTestId('case-actions').count()).toBe(0);
    expect(await page.getByRole('button', { name: '选定' }).count()).toBe(0);
    const answer = await page.evaluate(async (id) => {
      const me = (await (await fetch('/auth/me')).json()) as { csrfToken: string };
      const r = await fetch('/api/linkage/EscalateCase', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ caseId: id, reason: 'ops should not' }),
      });
      return { status: r.status, body: (await r.json()) as { error?: { code?: string } } };
    }, caseId);
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe('FORBIDDEN');
  }, 300_000);

  it('ops see every flow, a poison message dead-lettered with its reason and a dry run, and a case hop by hop', async () => {
    const page = await open(ops, '/ops');
    for (const svc of ['community', 'organization', 'social-worker', 'volunteer', 'charity', 'linkage'])
      await page.getByTestId(`flows-${svc}`).locator('.ant-table-row').first().waitFor();
    // A message no consumer can read, on community's topic: linkage's case saga dead-letters it.
    const producer = new Kafka({ brokers: useInfra().kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({
      topic: sys.topic('community'),
      messages: [{ key: 'poison', value: 'not an event', headers: { 'event-type': 'NeedReported' } }],
    });
    await producer.disconnect();
    const saga = page.locator('[data-testid^="dlq-"][data-testid$=".case-saga"]');
    await poll(() => saga.innerText(), 90_000).toBe('1');
    await saga.click();
    await poll(() => page.getByTestId('dlq-depth').innerText()).toBe('待处理死信：1 条');
    expect(await page.getByTestId('dlq-reasons').innerText()).not.toBe('');
    await page.getByRole('button', { name: '试运行：全部重放' }).click();
    const plan = page.getByTestId('dry-run').locator('.ant-table-row');
    await plan.first().waitFor();
    expect(await plan.count()).toBe(1);
    // The dry run decodes the letter with the contracts: it says it would fail again, not that it would pass.
    expect(await plan.first().innerText()).not.toContain('可正常处理');
    await shot(page, 'ops-dead-letters.zh-CN');

    await page.goto(`/ops?case=${caseId}`);
    const hops = page.getByTestId('case-flow');
    await hops.locator('.ant-table-row').first().waitFor();
    const text = await hops.innerText();
    for (const words of [
      '写入事件库',
      '发布到 Kafka',
      '被消费',
      '向合作方发出请求',
      '合作方答复',
      '追踪编号',
    ])
      expect(text).toContain(words);
    expect(text).toContain('CaseClosed');
    await shot(page, 'ops-case-flow.zh-CN');
  }, 300_000);

  // One test per language, so that each stays within its time on a loaded machine.
  const AXE_PAGES = (): { name: string; who: Who | null; path: string; width?: number; ready: string }[] => [
    { name: 'signin', who: null, path: '/signin', ready: 'form' },
    { name: 'disclosure', who: null, path: '/disclosure', ready: '.ant-table' },
    { name: 'inbox', who: worker(), path: '/inbox', ready: '[data-testid="inbox-total"]' },
    { name: 'inbox-supervisor', who: supervisor, path: '/inbox', ready: '[data-testid="inbox-total"]' },
    { name: 'workbench', who: worker(), path: '/cases', ready: '.ant-table-row' },
    { name: 'case', who: worker(), path: `/cases/${caseId}`, ready: '[data-testid="timeline"]' },
    {
      name: 'case-390',
      who: worker(),
      path: `/cases/${caseId}`,
      width: 390,
      ready: '[data-testid="timeline"]',
    },
    {
      name: 'case-supervisor',
      who: supervisor,
      path: `/cases/${caseId}`,
      ready: '[data-testid="approvals"]',
    },
    { name: 'needs', who: staff, path: '/needs', ready: '.ant-table-row' },
    { name: 'charity', who: coordinator, path: '/charity', ready: '.ant-table-row' },
    { name: 'dashboard', who: admin, path: '/dashboard', ready: '[data-testid="chart-cases"] canvas' },
    { name: 'ops', who: ops, path: '/ops', ready: '[data-testid="flows-linkage"] .ant-table' },
    {
      name: 'ops-case-flow',
      who: ops,
      path: `/ops?case=${caseId}`,
      ready: '[data-testid="case-flow"] .ant-table-row',
    },
  ];
  for (const lang of ['zh-CN', 'en-US'] as const)
    it(`every page in ${lang} has no serious or critical axe violation (screenshots in .artifacts/console)`, async () => {
      const pages = AXE_PAGES();
      const problems: string[] = [];
      for (const p of pages) {
        const viewport = { width: p.width ?? 1280, height: 800 };
        let page: Page;
        if (p.who) {
          page = await open(p.who, p.path, lang);
          await page.setViewportSize(viewport);
        } else {
          const context = await browser.newContext({ baseURL: consoleUrl, viewport, locale: lang });
          await context.addInitScript((l) => localStorage.setItem('fivesoc.lang', l), lang);
          contexts.push(context);
          page = await context.newPage();
          await page.goto(p.path);
        }
        await page.locator(p.ready).first().waitFor({ timeout: 30_000 });
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        if (p.width === 390) {
          // Usable on a phone: nothing wider than the screen.
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(overflow).toBeLessThanOrEqual(1);
        }
        await shot(page, `${p.name}.${lang}`);
        for (const v of await seriousViolations(page)) problems.push(`${p.name} ${lang}: ${v}`);
        await page.context().close();
      }
      expect(problems).toEqual([]);
    }, 900_000);
});
