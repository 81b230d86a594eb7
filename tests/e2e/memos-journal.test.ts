import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code } from '../../shared/domain/types';
import type { MemoEntry } from '../../shared/ipc/channels/memos';
import { attributeOfAll, eventually, launchBrowser, openPage, saveScreenshot } from './support/browser';
import { assertBuilt, callApi, makeHome, startServer, type RunningServer } from './support/server';

// Memos (issue 4): a rich journal memo written with bold and a list, stored as Markdown and
// reopened as rich text; memos of every kind in one list, found by searching (Chinese too);
// a deletion confirmed, then undone with Ctrl+Z.

describe('memos', () => {
  let browser: Browser;
  let page: Page;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    server = await startServer(home.home);
    browser = await launchBrowser();
    const opened = await openPage(browser, server.url);
    page = opened.page;
    pageErrors = opened.errors;
    await page.getByRole('button', { name: 'Open the sample project' }).click();
    await page.getByRole('tab', { name: 'Memos' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  const memos = () => callApi<MemoEntry[]>(server, 'memos:list');
  const rows = () => page.locator('.memo-row');
  const editor = () => page.getByRole('textbox', { name: 'Memo text' });

  it('writes a journal memo with bold text and a list, stored as Markdown', async () => {
    await page.getByRole('tab', { name: 'Memos' }).click();
    await page.getByText('No memos yet.').waitFor();
    await page.getByRole('button', { name: 'Project journal' }).click();
    const dialog = page.getByRole('dialog', { name: 'Project journal' });
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Week one');
    await editor().click();
    await page.keyboard.type('Key finding: ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('trust');
    await page.keyboard.press('Control+b');
    await page.keyboard.type(' comes before adoption.');
    await page.keyboard.press('Enter');
    // A Markdown shortcut: "- " at the start of a line starts a bulleted list.
    await page.keyboard.type('- pilots first');
    await page.keyboard.press('Enter');
    await page.keyboard.type('then every street office');
    expect(await dialog.getByRole('button', { name: 'Bulleted list' }).getAttribute('aria-pressed')).toBe('true');
    await saveScreenshot(page, 'memos-editor-en.png');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });

    const [journal] = await memos();
    expect(journal).toMatchObject({
      target: { type: 'project', id: null },
      title: 'Week one',
      authorName: 'Researcher',
    });
    expect(journal.body).toBe(
      'Key finding: **trust** comes before adoption.\n\n- pilots first\n- then every street office',
    );
  });

  it('reopens the memo as rich text from the list', async () => {
    await eventually(() => rows().count()).toBe(1);
    await rows().first().click();
    const dialog = page.getByRole('dialog', { name: 'Project journal' });
    await dialog.waitFor();
    expect(await editor().locator('strong, b').allTextContents()).toEqual(['trust']);
    expect(await editor().locator('ul > li').allTextContents()).toEqual(['pilots first', 'then every street office']);
    expect(await dialog.getByRole('textbox', { name: 'Title' }).inputValue()).toBe('Week one');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('lists memos of every kind and finds them by searching, Chinese included', async () => {
    const codes = await callApi<Code[]>(server, 'codes:list');
    const technical = codes.find((code) => code.path === 'Capacity/Technical capacity') as Code;
    await callApi(server, 'memos:save', {
      target: { type: 'code', id: technical.id },
      title: '定义',
      body: '用于描述**数字治理**中的技术能力：平台、数据和人员。',
    });
    // Written by another client (as a second window would): the open view hears of it.
    await eventually(() => rows().count()).toBe(2);
    const filter = page.getByRole('searchbox', { name: 'Filter memos' });
    await filter.fill('数字治理');
    await eventually(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain('Capacity/Technical capacity');
    expect(await page.locator('.memo-mark').first().textContent()).toBe('数字治理');
    await filter.fill('trust adoption');
    await eventually(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain('Project journal');
    await filter.fill('nothing like this');
    await page.getByText('No memo matches “nothing like this”.').waitFor();
    await filter.fill('');
    await eventually(() => rows().count()).toBe(2);
    await saveScreenshot(page, 'memos-view-en.png');
  });

  it('deletes a memo after a confirmation, and Ctrl+Z brings it back', async () => {
    const filter = page.getByRole('searchbox', { name: 'Filter memos' });
    await filter.focus();
    await page.keyboard.press('ArrowDown');
    const first = rows().first();
    const about = (await first.getAttribute('aria-label')) ?? '';
    await page.keyboard.press('Delete');
    const confirm = page.getByRole('alertdialog', { name: 'Delete this memo?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await eventually(() => rows().count()).toBe(1);
    expect((await memos()).length).toBe(1);
    await page.locator('.memos-toolbar .toolbar-title').click();
    await page.keyboard.press('Control+z');
    await eventually(() => rows().count()).toBe(2);
    expect(await attributeOfAll(rows(), 'aria-label')).toContain(about);
    expect((await memos()).length).toBe(2);
  });

  it('writes a coding memo from Retrieval, kept in the coding and listed with the others', async () => {
    const codes = await callApi<Code[]>(server, 'codes:list');
    const pilots = codes.find((code) => code.path === 'Instruments/Policy experimentation and pilots') as Code;
    await page.getByRole('tab', { name: 'Retrieval' }).click();
    await page.getByLabel('Code', { exact: true }).selectOption(pilots.id);
    const passage = page.locator('.passage').first();
    await passage.waitFor();
    const codingId = (await passage.getAttribute('data-coding-id')) as string;
    await passage.focus();
    await page.keyboard.press('m');
    const dialog = page.getByRole('dialog', { name: /Memo on a coding of/ });
    await dialog.waitFor();
    await editor().click();
    await page.keyboard.type('The pilot came ');
    await page.keyboard.press('Control+i');
    await page.keyboard.type('before');
    await page.keyboard.press('Control+i');
    await page.keyboard.type(' the money.');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await eventually(() => passage.locator('.passage-memo').textContent()).toBe(
      'Memo: The pilot came before the money.',
    );
    const coding = (await memos()).find((memo) => memo.key === `coding:${codingId}`);
    expect(coding?.body).toBe('The pilot came *before* the money.');
    expect(coding?.memoId).toBeNull();

    await page.getByRole('tab', { name: 'Memos' }).click();
    await eventually(() => rows().count()).toBe(3);
    await page.getByLabel('Kind').selectOption('coding');
    await eventually(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain(pilots.path);
    await page.getByLabel('Kind').selectOption('all');
  });

  it('reads in Chinese', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: '备忘录' }).click();
    await eventually(() => page.locator('.memos-count').textContent()).toBe('3 份备忘录');
    await saveScreenshot(page, 'memos-view-zh.png');
    await page.getByRole('button', { name: '项目日志' }).click();
    await page.getByRole('dialog', { name: '项目日志' }).waitFor();
    await saveScreenshot(page, 'memos-editor-zh.png');
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });
});
