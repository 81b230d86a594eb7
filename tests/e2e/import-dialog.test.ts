import iconv from 'iconv-lite';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchReport, SourceDetail, SourceSummary } from '../../shared/domain/types';
import { parseDocument } from '../../electron/importers';
import { generateText, seeded } from '../../bench/generate';
import { buildDocx, wParagraph } from '../importers/fixtures';
import { attributeOfAll, eventually, inPage, launchBrowser, saveScreenshot } from './support/browser';
import { assertBuilt, callApi, makeHome, runCli, startServer, type RunningServer } from './support/server';

// Issue 3's import dialog, driven like a researcher: a folder of mixed files (a GB18030
// transcript whose encoding is checked in the preview, a Word file, a VTT, a damaged Word
// file) imported with the province taken from the folder; the progress, the report with the
// backend's sentence for the damaged file, and the sources and values in the project. Then a
// long import cancelled half way leaves the project as it was. Screenshots in both languages.

const GB_TEXT =
  '访谈记录：浙江省某县数据局\n问：县里的数字化规划是怎么制定的？\n答：我们按照省里的规划，制定了三年行动计划。\n';
const DOCX_TEXT = 'The county adopted a three-year plan for digital government.';
const VTT =
  'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Interviewer>How was the platform chosen?\n\n00:00:04.500 --> 00:00:09.000\n<v Official>The province named three vendors and we picked one.\n';

/** Page-side: records every text and value the progress bar shows, from before the import starts. */
const WATCH_PROGRESS = String.raw`() => {
  window.__progressSeen = [];
  const record = () => {
    const bar = document.querySelector('.import-progress');
    if (!bar) return;
    const progress = bar.querySelector('progress');
    window.__progressSeen.push({
      text: bar.querySelector('.import-progress-text')?.textContent ?? '',
      value: progress ? progress.value : -1,
      max: progress ? progress.max : -1,
    });
  };
  new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  return true;
}`;

type ProgressSeen = { text: string; value: number; max: number };

/** Waits for previews: a long Word file takes the backend's workers seconds on a busy machine. */
function slowly<T>(read: () => Promise<T>) {
  return expect.poll(read, { timeout: 90_000, interval: 200 });
}

/** For a test that waits `slowly` and then for the import itself: more than vitest's 120 s for e2e. */
const LONG = { timeout: 300_000 };

describe('the import dialog', () => {
  let browser: Browser;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;
  let english: Page;
  let chinese: Page;
  let chineseContext: BrowserContext;
  const pageErrors: string[] = [];
  let corpus: string;
  let brokenReason: string;

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    const project = join(home.home, 'study.marginalia');
    await runCli(['new', project, '--name', 'County study', '--coder', 'Researcher'], home.home);

    // corpus/Zhejiang/访谈.txt (GB18030), corpus/Zhejiang/memo.docx, corpus/Anhui/talk.vtt,
    // corpus/Anhui/broken.docx (a Word file cut in half).
    corpus = join(home.home, 'corpus');
    mkdirSync(join(corpus, 'Zhejiang'), { recursive: true });
    mkdirSync(join(corpus, 'Anhui'), { recursive: true });
    writeFileSync(join(corpus, 'Zhejiang', '访谈.txt'), iconv.encode(GB_TEXT, 'gb18030'));
    writeFileSync(join(corpus, 'Zhejiang', 'memo.docx'), buildDocx({ body: wParagraph(DOCX_TEXT) }));
    writeFileSync(join(corpus, 'Anhui', 'talk.vtt'), VTT, 'utf8');
    const docx = buildDocx({ body: wParagraph('This file will be cut in half.').repeat(200) });
    const broken = docx.subarray(0, Math.floor(docx.length / 2));
    writeFileSync(join(corpus, 'Anhui', 'broken.docx'), broken);
    // The sentence the backend gives for it, to find in the report.
    brokenReason = await parseDocument('corpus/Anhui/broken.docx', broken).then(
      () => 'parsed',
      (error: Error) => error.message,
    );
    expect(brokenReason).toMatch(/broken\.docx/);

    server = await startServer(home.home, project);
    browser = await launchBrowser();
    const englishContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    english = await englishContext.newPage();
    chineseContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    chinese = await chineseContext.newPage();
    for (const page of [english, chinese]) page.on('pageerror', (error) => pageErrors.push(error.message));
    await english.goto(server.url);
    await english.getByRole('grid', { name: 'Sources' }).or(english.locator('.panel.sources .placeholder')).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  const dialogOf = (page: Page) => page.getByRole('dialog');

  it('opens with Ctrl+Shift+O, keeps the focus inside, and closes with Escape', async () => {
    await english.locator('body').click();
    await english.keyboard.press('Control+Shift+O');
    const dialog = dialogOf(english);
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect(await dialog.getByRole('heading').first().textContent()).toBe('Import documents');
    for (let index = 0; index < 12; index += 1) await english.keyboard.press('Tab');
    expect(
      await english.evaluate('Boolean(document.activeElement && document.activeElement.closest("[role=dialog]"))'),
    ).toBe(true);
    for (let index = 0; index < 12; index += 1) await english.keyboard.press('Shift+Tab');
    expect(
      await english.evaluate('Boolean(document.activeElement && document.activeElement.closest("[role=dialog]"))'),
    ).toBe(true);
    await english.keyboard.press('Escape');
    await eventually(() => dialog.count()).toBe(0);

    // Files dropped on the sources panel open the dialog with them (a script-made drop has
    // no folder entries: the files come through getAsFile).
    const drop = await english.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['Dropped notes.'], 'dropped.txt', { type: 'text/plain' }));
      transfer.items.add(new File(['# Minutes'], 'minutes.md', { type: 'text/markdown' }));
      return transfer;
    })()`);
    await english.dispatchEvent('.panel.sources', 'dragover', { dataTransfer: drop });
    await english.dispatchEvent('.panel.sources', 'drop', { dataTransfer: drop });
    await dialog.waitFor();
    await eventually(() => attributeOfAll(dialog.locator('.import-table tbody tr'), 'data-file')).toEqual([
      'dropped.txt',
      'minutes.md',
    ]);
    await dialog.getByRole('button', { name: 'Remove dropped.txt from the list' }).click();
    await eventually(() => attributeOfAll(dialog.locator('.import-table tbody tr'), 'data-file')).toEqual([
      'minutes.md',
    ]);
    await english.keyboard.press('Escape');
    await eventually(() => dialog.count()).toBe(0);
  });

  it('imports a folder of mixed files with the province from the folder', LONG, async () => {
    const page = english;
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = dialogOf(page);
    await page.locator('[data-testid="import-add-folder"]').setInputFiles(corpus);
    const rows = dialog.locator('.import-table tbody tr');
    await eventually(() => rows.count()).toBe(4);
    // Each file keeps its path below the chosen folder.
    const names = await attributeOfAll(rows, 'data-file');
    expect(new Set(names)).toEqual(
      new Set([
        'corpus/Zhejiang/访谈.txt',
        'corpus/Zhejiang/memo.docx',
        'corpus/Anhui/talk.vtt',
        'corpus/Anhui/broken.docx',
      ]),
    );
    await slowly(() => dialog.getByText('reading…').count()).toBe(0);
    const row = (file: string) => dialog.locator(`.import-table tr[data-file="${file}"]`);
    expect(await row('corpus/Zhejiang/memo.docx').locator('td').nth(1).textContent()).toBe('Word');
    expect(await row('corpus/Anhui/talk.vtt').locator('td').nth(1).textContent()).toBe('Subtitles (VTT) · transcript');
    expect(await row('corpus/Anhui/broken.docx').locator('.import-row-error').textContent()).toBe(brokenReason);
    // Files that cannot be read, and uncertain ones, come first.
    const firstTwo = names.slice(0, 1);
    expect(firstTwo.some((name) => name === 'corpus/Anhui/broken.docx' || name === 'corpus/Zhejiang/访谈.txt')).toBe(
      true,
    );

    // The GB18030 transcript: a wrong encoding shows nonsense in the preview, GB18030 the text.
    const transcript = row('corpus/Zhejiang/访谈.txt');
    await transcript.getByRole('button', { name: 'corpus/Zhejiang/访谈.txt', exact: true }).click();
    const preview = dialog.locator('.import-lines');
    const encoding = transcript.getByRole('combobox', { name: 'Encoding of corpus/Zhejiang/访谈.txt' });
    await encoding.selectOption('big5');
    await eventually(async () => (await preview.textContent()) ?? '').not.toContain('数字化规划');
    await eventually(() => preview.isVisible()).toBe(true);
    await encoding.selectOption('gb18030');
    await eventually(async () => (await preview.textContent()) ?? '').toContain('县里的数字化规划是怎么制定的');
    expect(await transcript.locator('td').nth(2).locator('select').inputValue()).toBe('gb18030');

    await dialog.getByRole('checkbox', { name: 'Attribute from folder' }).check();
    await dialog.getByRole('textbox', { name: 'Name of the attribute set from the folder' }).fill('province');
    await saveScreenshot(page, 'import-dialog-previews-en.png');

    await inPage(page, WATCH_PROGRESS, null);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const summary = dialog.locator('.import-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toBe('Imported 3, skipped 0, failed 1.');
    const seen = (await page.evaluate('window.__progressSeen')) as ProgressSeen[];
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((entry) => /(Reading|Saving) \d of 4|Reading files \d of 4/.test(entry.text))).toBe(true);
    expect(seen.every((entry) => entry.max >= 1 && entry.value <= entry.max)).toBe(true);

    const failure = dialog.locator('.import-report-section.failed li');
    expect(await failure.count()).toBe(1);
    expect(await failure.getAttribute('data-file')).toBe('corpus/Anhui/broken.docx');
    expect(await failure.textContent()).toContain(brokenReason);
    await saveScreenshot(page, 'import-dialog-report-en.png');

    // The report saved as JSON is the backend's report.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Save report…' }).click(),
    ]);
    const saved = JSON.parse(readFileSync(await download.path(), 'utf8')) as BatchReport & { importedAt: string };
    expect(saved.failed).toEqual([
      {
        file: 'corpus/Anhui/broken.docx',
        reason: brokenReason,
        // The key the Chinese interface shows it by; the English sentence stays as it was.
        reasonKey: { key: 'import.zipDamaged', params: expect.objectContaining({ file: 'corpus/Anhui/broken.docx' }) },
      },
    ]);
    expect(saved.imported.map((entry) => entry.file).sort()).toEqual(
      ['corpus/Anhui/talk.vtt', 'corpus/Zhejiang/memo.docx', 'corpus/Zhejiang/访谈.txt'].sort(),
    );

    // In the project (asked of the backend): the sources, their province and the Chinese text.
    const sources = await callApi<SourceSummary[]>(server, 'sources:list');
    expect(Object.fromEntries(sources.map((source) => [source.name, source.attributes.province]))).toEqual({
      访谈: 'Zhejiang',
      memo: 'Zhejiang',
      talk: 'Anhui',
    });
    const interview = sources.find((source) => source.name === '访谈') as SourceSummary;
    const detail = await callApi<SourceDetail>(server, 'sources:get', { sourceId: interview.id });
    expect(detail.text).toBe(GB_TEXT);
    const memo = await callApi<SourceDetail>(server, 'sources:get', {
      sourceId: (sources.find((source) => source.name === 'memo') as SourceSummary).id,
    });
    expect(memo.text).toContain(DOCX_TEXT);

    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await eventually(() => dialogOf(page).count()).toBe(0);
    const table = page.getByRole('grid', { name: 'Sources' });
    await eventually(() => table.locator('tbody tr').count()).toBe(3);
  });

  it('cancels a long import and leaves the project as it was (in Chinese)', LONG, async () => {
    const page = chinese;
    await page.goto(server.url);
    await page.getByRole('grid', { name: '资料' }).waitFor();
    const before = await callApi<SourceSummary[]>(server, 'sources:list');

    // Word files long enough that the import is still reading them when it is cancelled.
    const long = join(home.home, 'long');
    mkdirSync(long, { recursive: true });
    const random = seeded(3);
    const paths = Array.from({ length: 8 }, (_, index) => {
      const path = join(long, `长文档 ${index + 1}.docx`);
      const body = Array.from({ length: 6000 }, (__, paragraph) =>
        wParagraph(`${index}.${paragraph}: ${generateText(24, random)}`),
      ).join('');
      writeFileSync(path, buildDocx({ body }));
      return path;
    });
    // A GBK note of two characters: too little text for the detector to be sure (it guesses Big5).
    const gbk = join(long, '旧稿.txt');
    writeFileSync(gbk, iconv.encode('会议', 'gbk'));
    paths.push(gbk);
    await page.getByRole('button', { name: '导入…' }).click();
    const dialog = dialogOf(page);
    await page.locator('[data-testid="import-add-files"]').setInputFiles(paths);
    await eventually(() => dialog.locator('.import-table tbody tr').count()).toBe(9);
    // Small files are previewed first; the uncertain GBK file is flagged and moves to the top.
    // Its preview can still wait behind the long Word files the workers already took up.
    const draft = dialog.locator('.import-table tr[data-file="旧稿.txt"]');
    await slowly(() => draft.getAttribute('class')).toContain('uncertain');
    expect(await dialog.locator('.import-table tbody tr').first().getAttribute('data-file')).toBe('旧稿.txt');
    expect(await draft.getByRole('img').getAttribute('aria-label')).toBe('编码格式不确定：请查看预览');
    await draft.locator('.link-button').click();
    const preview = dialog.locator('.import-lines');
    await eventually(() => preview.isVisible()).toBe(true);
    expect(await preview.textContent()).not.toContain('会议');
    expect(await dialog.locator('.import-advice').textContent()).toContain('GB18030、GBK 或 Big5');
    await saveScreenshot(page, 'import-dialog-previews-zh.png');
    // GBK shows the text, and the flag goes.
    await draft.getByRole('combobox', { name: '旧稿.txt 的编码格式' }).selectOption('gbk');
    await slowly(async () => (await preview.textContent()) ?? '').toBe('会议');
    expect(await draft.getAttribute('class')).not.toContain('uncertain');

    await dialog.getByRole('button', { name: '导入', exact: true }).click();
    const progress = dialog.locator('.import-progress');
    // The renderer reads eight long files before the backend starts parsing them.
    await progress.waitFor({ timeout: 90_000 });
    await slowly(async () => (await progress.textContent()) ?? '').toMatch(/正在(解析|保存)/);
    await saveScreenshot(page, 'import-dialog-progress-zh.png');

    // Escape asks first; "Cancel import" in the question stops it.
    await page.keyboard.press('Escape');
    const question = dialog.getByRole('alertdialog');
    await question.waitFor();
    expect(await question.textContent()).toContain('要取消导入吗？');
    await question.getByRole('button', { name: '取消导入' }).click();
    await dialog.getByRole('alert').waitFor({ timeout: 60_000 });
    expect(await dialog.getByRole('alert').textContent()).toBe(
      'The import was cancelled; nothing was added to the project.',
    );
    // The list is still there to try again, and the project is unchanged.
    expect(await dialog.locator('.import-table tbody tr').count()).toBe(9);
    const after = await callApi<SourceSummary[]>(server, 'sources:list');
    expect(after).toEqual(before);
    await page.keyboard.press('Escape');
    await eventually(() => dialogOf(page).count()).toBe(0);
  });

  it('imports a survey by its columns, and reports skipped duplicates and failures, in Chinese', LONG, async () => {
    const page = chinese;
    await page.getByRole('button', { name: '导入…' }).click();
    const dialog = dialogOf(page);
    await page.locator('[data-testid="import-add-folder"]').setInputFiles(corpus);
    const survey = join(home.home, '问卷.csv');
    writeFileSync(survey, '\uFEFF编号,省份,回答\n1,浙江,数据共享还不够。\n2,安徽,平台建设很快。\n', 'utf8');
    await page.locator('[data-testid="import-add-files"]').setInputFiles(survey);
    await eventually(() => dialog.locator('.import-table tbody tr').count()).toBe(5);
    await slowly(() => dialog.getByText('读取中…').count()).toBe(0);
    await dialog.getByRole('combobox', { name: 'corpus/Zhejiang/访谈.txt 的编码格式' }).selectOption('gb18030');

    // The survey's columns come from its preview: 回答 is the text, 省份 an attribute.
    const options = dialog.locator('.import-survey');
    await options.getByRole('combobox', { name: '文本列' }).selectOption('回答');
    await options.getByRole('radio', { name: '一份资料', exact: true }).check();
    await options.getByRole('checkbox', { name: '省份' }).check();
    await saveScreenshot(page, 'import-dialog-survey-zh.png');
    await dialog.getByRole('button', { name: '导入', exact: true }).click();
    const summary = dialog.locator('.import-summary');
    await summary.waitFor({ timeout: 60_000 });
    // The documents are already in the project: skipped, each with the backend's reason.
    expect(await summary.textContent()).toBe('已导入 2 个，跳过 3 个，失败 1 个。');
    expect(await dialog.locator('.import-report-section.skipped li').count()).toBe(3);
    await saveScreenshot(page, 'import-dialog-report-zh.png');
    const sources = await callApi<SourceSummary[]>(server, 'sources:list');
    expect(sources.length).toBe(5);
    const answers = sources.filter((source) => source.attributes.省份 !== undefined);
    expect(answers.map((source) => source.attributes.省份).sort()).toEqual(['安徽', '浙江']);
    await dialog.getByRole('button', { name: '关闭', exact: true }).last().click();
    expect(pageErrors).toEqual([]);
  });

  it('says in Chinese why files failed or were skipped: empty, a picture renamed .txt, a duplicate', LONG, async () => {
    const page = chinese;
    const folder = join(home.home, 'zh-batch');
    mkdirSync(folder, { recursive: true });
    const empty = join(folder, '空白.txt');
    const photo = join(folder, '照片.txt');
    const again = join(folder, '再次.vtt');
    writeFileSync(empty, '');
    writeFileSync(photo, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]));
    writeFileSync(again, VTT, 'utf8');
    await page.getByRole('button', { name: '导入…' }).click();
    const dialog = dialogOf(page);
    await page.locator('[data-testid="import-add-files"]').setInputFiles([empty, photo, again]);
    await eventually(() => dialog.locator('.import-table tbody tr').count()).toBe(3);
    await slowly(() => dialog.getByText('读取中…').count()).toBe(0);
    await dialog.getByRole('button', { name: '导入', exact: true }).click();
    const summary = dialog.locator('.import-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toBe('已导入 0 个，跳过 1 个，失败 2 个。');

    const failed = dialog.locator('.import-report-section.failed li');
    expect(await dialog.locator('.import-report-section.failed li[data-file="空白.txt"]').textContent()).toBe(
      '空白.txt 是空文件（0 字节）。',
    );
    expect(await dialog.locator('.import-report-section.failed li[data-file="照片.txt"]').textContent()).toBe(
      '照片.txt 不是文本文件：它看起来是 PNG 图片。',
    );
    expect(await dialog.locator('.import-report-section.skipped li[data-file="再次.vtt"]').textContent()).toBe(
      '再次.vtt 的文字已在项目中，即资料“talk”；如需两份都保留，请作为副本导入。',
    );
    // None of the backend's English sentences is left in these sections.
    expect(await failed.allTextContents()).not.toEqual(expect.arrayContaining([expect.stringMatching(/is empty|not a text file/)]));
    await saveScreenshot(page, 'import-dialog-reasons-zh.png');
    await dialog.getByRole('button', { name: '关闭', exact: true }).last().click();
    await eventually(() => dialogOf(page).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('imports a GB18030 and a Big5 file with different overrides in one batch, each read right', LONG, async () => {
    const page = english;
    await page.goto(server.url);
    await page.getByRole('grid', { name: 'Sources' }).waitFor();
    const gbText = '座谈会纪要：市大数据中心\n问：数据共享平台何时上线？\n答：计划明年六月上线。\n';
    const big5Text = '訪談紀錄：臺中市資訊局\n問：資料開放平臺如何建置？\n答：先盤點各局處的資料集。\n';
    const folder = join(home.home, 'overrides');
    mkdirSync(folder, { recursive: true });
    const gbPath = join(folder, '座谈.txt');
    const big5Path = join(folder, '訪談.txt');
    writeFileSync(gbPath, iconv.encode(gbText, 'gb18030'));
    writeFileSync(big5Path, iconv.encode(big5Text, 'big5'));

    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = dialogOf(page);
    await page.locator('[data-testid="import-add-files"]').setInputFiles([gbPath, big5Path]);
    await eventually(() => dialog.locator('.import-table tbody tr').count()).toBe(2);
    await slowly(() => dialog.getByText('reading…').count()).toBe(0);
    await dialog.getByRole('combobox', { name: 'Encoding of 座谈.txt' }).selectOption('gb18030');
    await dialog.getByRole('combobox', { name: 'Encoding of 訪談.txt' }).selectOption('big5');
    await slowly(() => dialog.getByText('reading…').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const summary = dialog.locator('.import-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toBe('Imported 2, skipped 0, failed 0.');
    await saveScreenshot(page, 'import-dialog-encodings-en.png');
    // The backend read each file's own bytes in the encoding chosen for it (the dialog no longer
    // decodes them itself and adds a note of its own).
    const body = (await dialog.locator('.import-report-body').textContent()) ?? '';
    expect(body).toContain('座谈.txt as “座谈” · 39 charactersRead as GB18030.');
    expect(body).toContain('訪談.txt as “訪談” · 40 charactersRead as Big5.');
    expect(body).not.toContain('the encoding chosen in the import dialog');

    const sources = await callApi<SourceSummary[]>(server, 'sources:list');
    const textOf = async (name: string): Promise<string> => {
      const source = sources.find((entry) => entry.name === name) as SourceSummary;
      return (await callApi<SourceDetail>(server, 'sources:get', { sourceId: source.id })).text;
    };
    expect(await textOf('座谈')).toBe(gbText);
    expect(await textOf('訪談')).toBe(big5Text);
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await eventually(() => dialogOf(page).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
