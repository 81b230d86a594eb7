import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, launchBrowser, openPage, saveScreenshot } from './support/browser';
import { assertBuilt, makeHome, runCli, startServer, type RunningServer } from './support/server';

// The chart of the Analysis tab speaks the interface's language: its title, unit and notes
// are drawn by the backend in English or in Chinese, on screen and in the exported file.

describe('the language of the charts of the Analysis tab', () => {
  let browser: Browser;
  let page: Page;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;
  let pageErrors: string[];

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    const project = join(home.home, 'study.marginalia');
    await runCli(['new', project, '--sample'], home.home);
    server = await startServer(home.home, project);
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

  /** The SVG the chart image shows, decoded from its data URL once the current chart is drawn. */
  const chartSvg = async (): Promise<string> => {
    const image = page.locator('img.analysis-chart-image:not(.stale)');
    await eventually(() => image.count()).toBe(1);
    const source = (await image.getAttribute('src')) ?? '';
    expect(source).toMatch(/^data:image\/svg\+xml;base64,/);
    return Buffer.from(source.slice(source.indexOf(',') + 1), 'base64').toString('utf8');
  };

  it('draws the crosstab chart in English in the English interface', async () => {
    await page.getByRole('tab', { name: 'Analysis' }).click();
    await page.getByRole('tablist', { name: 'Analyses' }).getByRole('tab', { name: 'Crosstab', exact: true }).click();
    await page.getByRole('radiogroup', { name: 'Show as' }).getByRole('radio', { name: 'Chart' }).click();
    const svg = await chartSvg();
    expect(svg).toMatch(/<title>Code frequencies by [^<]+<\/title>/);
    expect(svg).toContain('unit: segments (number of codings)');
    expect(svg).not.toMatch(/[\u4e00-\u9fff]/);
    await saveScreenshot(page, 'charts-language-en.png');
  });

  it('redraws it in Chinese when the interface switches to Chinese, and exports it so', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.keyboard.press('Escape');
    await eventually(async () => (await chartSvg()).includes('<title>代码频数（按 ')).toBe(true);
    const svg = await chartSvg();
    expect(svg).toContain('单位：片段（编码条数）；编码员：全部编码员');
    expect(svg).not.toMatch(/Code frequencies|unit:|coder:|all coders|number of codings|descendants|own codings/);
    // The font stack names Chinese faces first, so the browser and the rasteriser find one.
    expect(svg.replace(/&#x27;/g, "'")).toContain(
      "font-family=\"'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', sans-serif\"",
    );
    await saveScreenshot(page, 'charts-language-zh.png');

    // The exported SVG is the chart on screen, in the same language.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 SVG' }).click(),
    ]);
    const file = join(home.home, download.suggestedFilename());
    await download.saveAs(file);
    const exported = readFileSync(file, 'utf8');
    expect(exported).toContain('<title>代码频数（按 ');
    expect(exported).not.toContain('Code frequencies');
    expect(pageErrors).toEqual([]);
  });
});
