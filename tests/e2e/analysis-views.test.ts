import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, inPage, launchBrowser, openPage, saveScreenshot } from './support/browser';
import { assertBuilt, makeHome, runCli, startServer, type RunningServer } from './support/server';

// Every analysis of the Analysis tab on the sample project, in English and in Chinese, with
// a screenshot of each; co-occurrence and the coded segments checked against the CLI.

type CliCooccurrence = { codes: string[]; matrices: { counts: number[][] }[] };
type CliSegment = { codingId: string };

const KINDS = [
  ['crosstab', 'Crosstab', '交叉表', 'table.crosstab'],
  ['cooccurrence', 'Co-occurrence', '代码共现', 'table.cooccurrence'],
  ['matrix', 'Code × document', '代码 × 资料', 'table.matrix'],
  ['segments', 'Coded segments', '已编码片段', 'table.segments'],
  ['wordfreq', 'Word frequency', '词频', 'table.wordfreq'],
  ['codebook', 'Codebook', '编码本', 'table.codebook'],
] as const;

describe('the analyses of the Analysis tab', () => {
  let browser: Browser;
  let page: Page;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;
  let pageErrors: string[];
  let cooccurrence: CliCooccurrence;
  let segments: CliSegment[];

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    const project = join(home.home, 'study.marginalia');
    await runCli(['new', project, '--sample'], home.home);
    cooccurrence = JSON.parse(
      await runCli(['cooccurrence', project, '--format', 'json'], home.home),
    ) as CliCooccurrence;
    const listed = JSON.parse(await runCli(['segments', project, '--format', 'json'], home.home)) as
      { segments: CliSegment[] } | CliSegment[];
    segments = Array.isArray(listed) ? listed : listed.segments;
    server = await startServer(home.home, project);
    browser = await launchBrowser();
    const opened = await openPage(browser, server.url);
    page = opened.page;
    pageErrors = opened.errors;
    await page.getByRole('tab', { name: 'Analysis' }).click();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  const show = async (name: string, selector: string): Promise<void> => {
    await page
      .getByRole('tablist', { name: /Analyses|分析类型/ })
      .getByRole('tab', { name, exact: true })
      .click();
    await page.locator(`${selector}:not(.stale)`).first().waitFor();
  };

  it('shows each analysis as a dense table with its unit stated above it', async () => {
    for (const [kind, english, , selector] of KINDS) {
      await show(english, selector);
      expect(await page.locator('.analysis-statement .analysis-unit').textContent()).toMatch(
        /^(Unit|\d+ coded segments|The codebook)/,
      );
      await saveScreenshot(page, `analysis-${kind}-en.png`);
    }
  });

  it('counts co-occurrence exactly as the CLI does', async () => {
    await show('Co-occurrence', 'table.cooccurrence');
    const shown = await inPage<number[][]>(
      page,
      String.raw`() => Array.from(document.querySelectorAll('table.cooccurrence tbody tr')).map((row) =>
        Array.from(row.querySelectorAll('td[data-value]')).map((cell) => Number(cell.dataset.value)))`,
      null,
    );
    expect(shown).toEqual(cooccurrence.matrices[0].counts);
    expect(
      await page
        .locator('table.cooccurrence tbody tr')
        .evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: { code: string } }).dataset.code)),
    ).toEqual(cooccurrence.codes);
  });

  it('lists every coded segment the CLI lists', async () => {
    await show('Coded segments', 'table.segments');
    const shown = await page
      .locator('table.segments tbody tr')
      .evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: { coding: string } }).dataset.coding));
    expect(shown.sort()).toEqual(segments.map((segment) => segment.codingId).sort());
  });

  it('draws the word-frequency bars and the co-occurrence heat map from the backend', async () => {
    await show('Word frequency', 'table.wordfreq');
    await page.getByRole('radiogroup', { name: 'Show as' }).getByRole('radio', { name: 'Chart' }).click();
    await eventually(() => page.locator('img.analysis-chart-image:not(.stale)').count()).toBe(1);
    await saveScreenshot(page, 'analysis-chart-wordfreq-en.png');
    await show('Co-occurrence', '.analysis-chart');
    await eventually(() => page.locator('img.analysis-chart-image:not(.stale)').count()).toBe(1);
    await saveScreenshot(page, 'analysis-chart-cooccurrence-en.png');
    await page.getByRole('radiogroup', { name: 'Show as' }).getByRole('radio', { name: 'Table' }).click();
  });

  it('reads in Chinese throughout', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.keyboard.press('Escape');
    for (const [kind, , chinese, selector] of KINDS) {
      await show(chinese, selector);
      expect(await page.locator('.analysis-statement .analysis-unit').textContent()).toMatch(
        /^(单位|\d+ 个已编码片段|编码本)/,
      );
      await saveScreenshot(page, `analysis-${kind}-zh.png`);
    }
    await show('交叉表', 'table.crosstab');
    await page.getByRole('radiogroup', { name: '显示为' }).getByRole('radio', { name: '图表' }).click();
    await eventually(() => page.locator('img.analysis-chart-image:not(.stale)').count()).toBe(1);
    await saveScreenshot(page, 'analysis-chart-bars-zh.png');
    await page.getByRole('button', { name: '导出…' }).click();
    await page.getByRole('dialog', { name: '导出交叉表' }).waitFor();
    await saveScreenshot(page, 'analysis-export-dialog-zh.png');
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });
});
