import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StopwordList } from '../../shared/ipc/channels/stopwords';
import { eventually, launchBrowser, openPage, saveScreenshot } from './support/browser';
import { assertBuilt, callApi, makeHome, runCli, startServer, type RunningServer } from './support/server';

// The stop-word editor of the word-frequency form: a Chinese word added in the dialog leaves
// the table, the project keeps the list, and "Reset to built-in" (after asking) brings it back.
// The sample project counts 建设 six times with the built-in lists (marginalia wordfreq).

describe('editing the stop words of word frequency', () => {
  let browser: Browser;
  let page: Page;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;
  let pageErrors: string[];
  let builtInZh: StopwordList;

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    const project = join(home.home, 'study.marginalia');
    await runCli(['new', project, '--sample'], home.home);
    server = await startServer(home.home, project);
    builtInZh = await callApi<StopwordList>(server, 'stopwords:get', { language: 'zh' });
    browser = await launchBrowser();
    const opened = await openPage(browser, server.url);
    page = opened.page;
    pageErrors = opened.errors;
    await page.getByRole('tab', { name: 'Analysis' }).click();
    await page.getByRole('tablist', { name: 'Analyses' }).getByRole('tab', { name: 'Word frequency' }).click();
    await page.locator('table.wordfreq:not(.stale)').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  const row = (word: string) => page.locator(`table.wordfreq:not(.stale) tr[data-word="${word}"]`);
  const showAs = (display: 'Table' | 'Chart') =>
    page.getByRole('radiogroup', { name: 'Show as' }).getByRole('radio', { name: display }).click();
  /** The words of the chart on show: it is an SVG in a data URL. */
  const chartText = async (): Promise<string> => {
    const image = page.locator('img.analysis-chart-image:not(.stale)');
    if ((await image.count()) === 0) return '';
    const source = (await image.getAttribute('src')) ?? '';
    return Buffer.from(source.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8');
  };
  const list = (language: 'en' | 'zh') => page.locator(`.analysis-stopwords-list[data-language="${language}"]`);

  it('leaves out a Chinese word added to the list in the dialog', async () => {
    expect(builtInZh.source).toBe('default');
    expect(builtInZh.words).not.toContain('建设');
    await eventually(() => row('建设').count()).toBe(1);
    expect(await row('建设').locator('td.total-col').textContent()).toBe('6');

    await saveScreenshot(page, 'analysis-stopwords-form-en.png');
    // The chart on show is drawn again with the new list too.
    await showAs('Chart');
    await eventually(chartText).toContain('建设');

    await page.getByRole('button', { name: 'Stop words…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stop words' });
    const chinese = dialog.getByRole('textbox', { name: 'Chinese stop words' });
    await eventually(() => chinese.inputValue()).toBe(builtInZh.words.join('\n'));
    expect(await list('zh').locator('[data-count]').textContent()).toBe(
      `${builtInZh.words.length} words · built-in list`,
    );
    expect(await list('en').locator('[data-count]').textContent()).toMatch(/^\d+ words · built-in list$/);
    await saveScreenshot(page, 'analysis-stopwords-dialog-en.png');

    await chinese.fill(`${await chinese.inputValue()}\n建设\n# a note, not a word`);
    expect(await list('zh').locator('[data-count]').textContent()).toBe(
      `${builtInZh.words.length + 1} words · edited, not saved`,
    );
    expect(await dialog.getByRole('button', { name: 'Save' }).isEnabled()).toBe(true);
    // Ctrl+Enter saves from inside the list (Enter alone is a new line).
    await chinese.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });

    // Both in one look: a chart not drawn yet (no text) must not pass for one without 建设.
    const chartWords = async () => {
      const text = await chartText();
      return { 城市: text.includes('城市'), 建设: text.includes('建设') };
    };
    await eventually(chartWords).toEqual({ 城市: true, 建设: false });
    await showAs('Table');
    // Likewise a table still being counted again (stale) must not pass for one without 建设.
    const tableWords = async () => ({ 城市: await row('城市').count(), 建设: await row('建设').count() });
    await eventually(tableWords).toEqual({ 城市: 1, 建设: 0 });
    // Other words stay: 城市 is counted five times as before.
    expect(await row('城市').locator('td.total-col').textContent()).toBe('5');
    expect(await page.locator('.analysis-statement').textContent()).toContain(
      `Chinese stop words: this project’s list (${builtInZh.words.length + 1} words)`,
    );
    const saved = await callApi<StopwordList>(server, 'stopwords:get', { language: 'zh' });
    expect(saved).toEqual({ language: 'zh', source: 'project', words: [...builtInZh.words, '建设'] });
    expect((await callApi<StopwordList>(server, 'stopwords:get', { language: 'en' })).source).toBe('default');
  });

  it('asks before discarding edits, and changes nothing when they are discarded', async () => {
    await page.getByRole('button', { name: 'Stop words…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stop words' });
    const english = dialog.getByRole('textbox', { name: 'English stop words' });
    await eventually(() => english.inputValue()).not.toBe('');
    await english.fill('interviewer');
    await page.keyboard.press('Escape');
    const ask = page.getByRole('alertdialog', { name: 'Discard your changes to the stop words?' });
    await ask.getByRole('button', { name: 'Discard' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await callApi<StopwordList>(server, 'stopwords:get', { language: 'en' })).source).toBe('default');
    await eventually(() => row('interviewer').count()).toBe(1);
  });

  it('reads in Chinese and goes back to the built-in list after asking', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '停用词…' }).click();
    const dialog = page.getByRole('dialog', { name: '停用词' });
    const chinese = dialog.getByRole('textbox', { name: '中文停用词' });
    await eventually(() => chinese.inputValue()).toContain('建设');
    expect(await list('zh').locator('[data-count]').textContent()).toBe(
      `${builtInZh.words.length + 1} 个词 · 本项目的词表`,
    );
    await saveScreenshot(page, 'analysis-stopwords-dialog-zh.png');

    await list('zh').getByRole('button', { name: '恢复为内置词表…' }).click();
    const ask = page.getByRole('alertdialog', { name: '恢复为内置的中文停用词？' });
    await saveScreenshot(page, 'analysis-stopwords-reset-zh.png');
    await ask.getByRole('button', { name: '恢复' }).click();
    await eventually(() => chinese.inputValue()).toBe(builtInZh.words.join('\n'));
    expect(await list('zh').locator('[data-count]').textContent()).toBe(`${builtInZh.words.length} 个词 · 内置词表`);
    expect(await callApi<StopwordList>(server, 'stopwords:get', { language: 'zh' })).toEqual(builtInZh);
    // Nothing is edited any more: Cancel closes without asking.
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(() => row('建设').count()).toBe(1);
    expect(await row('建设').locator('td.total-col').textContent()).toBe('6');
    expect(pageErrors).toEqual([]);
  });
});
