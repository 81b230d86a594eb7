import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code, SourceSummary } from '../../shared/domain/types';
import type { MemoEntry, MemoExportFile } from '../../shared/ipc/channels/memos';
import type { RetrievalReport } from '../../shared/ipc/channels/retrieval';
import { eventually, launchBrowser, openPage, saveScreenshot } from './support/browser';
import { assertBuilt, callApi, makeHome, runCli, startServer, type RunningServer } from './support/server';

// Exporting memos from the Memos tab: the filter decides which memos go (or all of them), the
// file is Markdown or CSV for Excel, and it is the very file `marginalia memos` writes.

describe('exporting memos', () => {
  let browser: Browser;
  let page: Page;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;
  let project: string;
  let pageErrors: string[] = [];
  const downloads: Record<string, { name: string; bytes: Buffer }> = {};

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    project = join(home.home, 'study.marginalia');
    await runCli(['new', project, '--sample', '--coder', '李明'], home.home);
    server = await startServer(home.home, project);
    // Memos of every kind, Chinese among them, written as another window would.
    const codes = await callApi<Code[]>(server, 'codes:list');
    const sources = await callApi<SourceSummary[]>(server, 'sources:list');
    const pilots = codes.find((code) => code.path === 'Instruments/Policy experimentation and pilots') as Code;
    const report = await callApi<RetrievalReport>(server, 'retrieval:get', { codeId: pilots.id });
    const save = (target: object, title: string, body: string) =>
      callApi<MemoEntry>(server, 'memos:save', { target, title, body });
    await save({ type: 'project', id: null }, '第一周', '先读完全部访谈，再**统一**编码。\n\n- 访谈\n- 排名');
    await save(
      { type: 'source', id: sources[0].id },
      'Setting',
      'Interviewed at the district office, "off the record".',
    );
    await save({ type: 'code', id: pilots.id }, '定义', '试点：先在一地试行，再推广。');
    await save({ type: 'coding', id: report.passages[0].codingId }, '', '这里的**试点**是被动的。');
    browser = await launchBrowser();
    const opened = await openPage(browser, server.url);
    page = opened.page;
    pageErrors = opened.errors;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  const download = async (dialogName: string, start: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> => {
    const [file] = await Promise.all([page.waitForEvent('download'), start()]);
    const path = await (file as Download).path();
    await page.getByRole('dialog', { name: dialogName }).waitFor({ state: 'detached' });
    return { name: file.suggestedFilename(), bytes: readFileSync(path) };
  };

  it('exports the memos the filter shows, with Ctrl+E, as the backend writes them', async () => {
    await page.getByRole('tab', { name: 'Memos' }).click();
    await eventually(() => page.locator('.memo-row').count()).toBe(4);
    await page.getByRole('searchbox', { name: 'Filter memos' }).fill('试点');
    await eventually(() => page.locator('.memo-row').count()).toBe(2);
    await page.locator('.memos-toolbar .toolbar-title').click();
    await page.keyboard.press('Control+e');
    const dialog = page.getByRole('dialog', { name: 'Export memos' });
    await dialog.waitFor();
    const shown = dialog.getByRole('radio', { name: /The 2 memos shown/ });
    expect(await shown.isChecked()).toBe(true);
    expect(await shown.locator('xpath=..').textContent()).toContain('filter: “试点”');
    expect(await dialog.getByRole('radio', { name: 'All 4 memos' }).isChecked()).toBe(false);
    await saveScreenshot(page, 'memos-export-en.png');
    const file = await download('Export memos', () => dialog.getByRole('button', { name: 'Export' }).click());
    expect(file.name).toBe('study memos.md');
    const keys = (await callApi<MemoEntry[]>(server, 'memos:list'))
      .filter((memo) => memo.body.includes('试点'))
      .map((memo) => memo.key);
    const expected = await callApi<MemoExportFile>(server, 'memos:export', { format: 'md', keys });
    expect(file.bytes.toString('utf8')).toBe(expected.content);
    expect(expected.count).toBe(2);
    expect(file.bytes.toString('utf8')).toContain('2 memos: 1 on codes, 1 on codings.');
  });

  it('exports all memos as CSV for Excel, and as Markdown', async () => {
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export memos' });
    await dialog.getByRole('radio', { name: 'All 4 memos' }).check();
    await dialog.getByRole('radio', { name: /^CSV/ }).check();
    await dialog.getByRole('checkbox', { name: /For Excel/ }).check();
    await saveScreenshot(page, 'memos-export-csv-en.png');
    downloads.csv = await download('Export memos', () => dialog.getByRole('button', { name: 'Export' }).click());
    expect(downloads.csv.name).toBe('study memos.csv');
    expect([...downloads.csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    await page.getByRole('searchbox', { name: 'Filter memos' }).fill('');
    await eventually(() => page.locator('.memo-row').count()).toBe(4);
    await page.getByRole('button', { name: 'Export…' }).click();
    // Nothing is filtered: no choice to make, every memo goes.
    expect(await dialog.getByRole('radio', { name: /memos shown/ }).count()).toBe(0);
    downloads.md = await download('Export memos', () => dialog.getByRole('button', { name: 'Export' }).click());
    expect(downloads.md.name).toBe('study memos.md');
  });

  it('reads in Chinese', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('searchbox', { name: '筛选备忘录' }).fill('试点');
    await page.getByRole('button', { name: '导出…' }).click();
    const dialog = page.getByRole('dialog', { name: '导出备忘录' });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: /^CSV/ }).check();
    expect(await dialog.textContent()).toContain('当前显示的 2 份备忘录');
    await saveScreenshot(page, 'memos-export-zh-CN.png');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });

  it('saved the very files the CLI writes', async () => {
    // The CLI opens the project itself, so the server lets go of it first.
    await server.stop();
    const csv = join(home.home, 'cli.csv');
    await runCli(['memos', project, '--format', 'csv', '--bom', '--out', csv], home.home);
    expect(downloads.csv.bytes.equals(readFileSync(csv))).toBe(true);
    const md = await runCli(['memos', project], home.home);
    expect(downloads.md.bytes.equals(Buffer.from(md, 'utf8'))).toBe(true);
    expect(md).toContain('## Project journal\n\n### 第一周');
  });
});
