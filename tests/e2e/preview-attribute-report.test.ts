import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchReport } from '../../shared/domain/types';
import { eventually, launchBrowser, saveScreenshot } from './support/browser';
import { assertBuilt, makeHome, runCli, startServer, type RunningServer } from './support/server';

// The import report of a folder with an attribute sheet, as a researcher reads it: each
// attribute of the sheet once, with the type it was given (the backend's note naming the same
// types, kept for the CLI and the saved report, is not repeated), and lists inside Chinese
// sentences joined with "、". Screenshots in both languages.

/** A folder by province, two files outside any province folder, and an attribute sheet. */
function writeCorpus(folder: string, names: Readonly<{ a: string; b: string; loose: readonly string[]; sheet: string; header: string }>): string {
  mkdirSync(join(folder, names.a.split('/')[0]), { recursive: true });
  mkdirSync(join(folder, names.b.split('/')[0]), { recursive: true });
  // Each text names its file: the same text imported twice would be skipped as a duplicate.
  writeFileSync(join(folder, names.a), `Interviewer: How was the plan made? (${names.a})\nR1: Following the province.\n`, 'utf8');
  writeFileSync(join(folder, names.b), `问：平台是怎么选的？（${names.b}）\n答：省里推荐了三家。\n`, 'utf8');
  for (const loose of names.loose) writeFileSync(join(folder, loose), `${loose}\n`, 'utf8');
  const sheet = join(folder, '..', names.sheet);
  const fileA = names.a.split('/')[1];
  const fileB = names.b.split('/')[1];
  writeFileSync(sheet, `${names.header}\n${fileA},2021,2021-03-04,地级市\n${fileB},2022,2022-05-06,县级市\n`, 'utf8');
  return sheet;
}

describe('the import report of an attribute sheet', () => {
  let browser: Browser;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    const project = join(home.home, 'study.marginalia');
    await runCli(['new', project, '--name', 'County study', '--coder', 'Researcher'], home.home);
    server = await startServer(home.home, project);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  /** Imports a folder with the folder attribute and a sheet through the dialog; returns the open dialog. */
  async function importWithSheet(
    page: Page,
    labels: Readonly<{ open: string; folder: string; folderName: string; importButton: string; pending: string }>,
    folder: string,
    sheet: string,
    attribute: string,
  ) {
    await page.goto(server.url);
    await page.locator('.panel.sources').waitFor();
    await page.getByRole('button', { name: labels.open }).click();
    const dialog = page.getByRole('dialog');
    await page.locator('[data-testid="import-add-folder"]').setInputFiles(folder);
    await page.locator('[data-testid="import-add-sheet"]').setInputFiles(sheet);
    await eventually(() => dialog.locator('.import-table tbody tr').count()).toBe(5);
    await expect.poll(() => dialog.getByText(labels.pending).count(), { timeout: 90_000 }).toBe(0);
    await dialog.getByRole('checkbox', { name: labels.folder }).check();
    await dialog.getByRole('textbox', { name: labels.folderName }).fill(attribute);
    await dialog.getByRole('button', { name: labels.importButton, exact: true }).click();
    await dialog.locator('.import-summary').waitFor({ timeout: 60_000 });
    return dialog;
  }

  it('lists each attribute with its type once, and joins lists the Chinese way, in Chinese', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const folder = join(home.home, '语料');
    const sheet = writeCorpus(folder, {
      a: '浙江/访谈A.txt',
      b: '安徽/访谈B.txt',
      loose: ['说明.txt', '目录.txt'],
      sheet: '属性表.csv',
      header: '文件,年份,访谈日期,城市级别',
    });
    const dialog = await importWithSheet(
      page,
      { open: '导入…', folder: '用文件夹设置属性', folderName: '由文件夹设置的属性名称', importButton: '导入', pending: '读取中…' },
      folder,
      sheet,
      '省份',
    );
    expect(await dialog.locator('.import-summary').textContent()).toBe('已导入 4 个，跳过 0 个，失败 0 个。');
    const attributes = dialog.locator('.import-report-section', { hasText: '属性表.csv' });
    const lines = (await attributes.locator('li').allTextContents()).map((line) => line.trim());
    expect(lines).toEqual(['省份：取自文件夹', '属性表.csv：匹配 2 行', '年份：数字', '访谈日期：日期', '城市级别：文本']);
    const body = (await dialog.locator('.import-report-body').textContent()) ?? '';
    expect(body).not.toContain('已推断');
    // The two files outside a province folder, in the batch's note, as a Chinese list.
    expect(body).toMatch(/因此没有“省份”属性：语料\/(说明|目录)\.txt、语料\/(说明|目录)\.txt。/);
    await saveScreenshot(page, 'preview-attribute-report-zh.png');
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('lists each attribute with its type once in English, while the saved report keeps the backend\'s note', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const folder = join(home.home, 'corpus');
    const sheet = writeCorpus(folder, {
      a: 'Zhejiang/interview-a.txt',
      b: 'Anhui/interview-b.txt',
      loose: ['notes.txt', 'readme.txt'],
      sheet: 'attributes.csv',
      header: 'file,year,interview date,city level',
    });
    const dialog = await importWithSheet(
      page,
      {
        open: 'Import…',
        folder: 'Attribute from folder',
        folderName: 'Name of the attribute set from the folder',
        importButton: 'Import',
        pending: 'reading…',
      },
      folder,
      sheet,
      'province',
    );
    expect(await dialog.locator('.import-summary').textContent()).toBe('Imported 4, skipped 0, failed 0.');
    const attributes = dialog.locator('.import-report-section', { hasText: 'attributes.csv' });
    const lines = (await attributes.locator('li').allTextContents()).map((line) => line.trim());
    expect(lines.slice(2)).toEqual(['year: number', 'interview date: date', 'city level: text']);
    const body = (await dialog.locator('.import-report-body').textContent()) ?? '';
    expect(body).not.toContain('Attribute types:');
    await saveScreenshot(page, 'preview-attribute-report-en.png');

    // The saved report is the backend's, note included, for the CLI's readers and scripts.
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Save report…' }).click();
    const saved = JSON.parse(await (await download).createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    })) as BatchReport;
    expect(saved.attributeSheet?.notes).toContain('Attribute types: year (number), interview date (date), city level (text).');
    await context.close();
    expect(pageErrors).toEqual([]);
  });
});
