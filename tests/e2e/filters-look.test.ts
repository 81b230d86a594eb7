import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code } from '../../shared/domain/types';
import { ARTIFACTS_DIR, eventually, inPage, launchBrowser, openPage } from './support/browser';
import { assertBuilt, callApi, makeHome, startServer, type RunningServer } from './support/server';

// The attribute-filter row is one component (renderer/lib/AttributeFilters.tsx): the Analysis
// side column and the Retrieval filter bar show the same controls, drawn the same way, in
// English and Chinese. Screenshots of both go to test-artifacts/filters-*.png.

type Look = Readonly<{ height: string; fontSize: string; applied: string; invalid: string; status: string }>;

/** How a filter bar draws its rows: a complete row (tinted), then a half-typed one (red). */
const LOOK = `(selector) => {
  const root = document.querySelector(selector);
  const rows = root.querySelectorAll('.attribute-filter');
  const value = (row) => getComputedStyle(row.querySelector('.attribute-filter-value'));
  return {
    height: value(rows[0]).height,
    fontSize: value(rows[0]).fontSize,
    applied: value(rows[0]).backgroundColor + ' ' + value(rows[0]).borderTopColor,
    invalid: value(rows[1]).borderTopColor,
    status: getComputedStyle(root.querySelector('[role="status"]')).color,
  };
}`;

describe('the attribute filters in Analysis and Retrieval', () => {
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
    await page.getByRole('tab', { name: 'Analysis' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  const shot = async (locator: Locator, name: string): Promise<void> => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await locator.screenshot({ path: join(ARTIFACTS_DIR, name) });
  };

  /** year ≥ 2022, then year ≤ 20x: one row in force, one half-typed. */
  const fillRows = async (bar: Locator): Promise<void> => {
    for (let index = 0; index < 2; index += 1) {
      await bar.getByRole('button', { name: '+ Filter' }).click();
      const row = bar.locator('.attribute-filter').nth(index);
      await row.getByLabel('Attribute').selectOption('year');
      await row.getByLabel('Comparison').selectOption(index === 0 ? '>=' : '<=');
      await row.getByLabel('Value of year').fill(index === 0 ? '2022' : '20x');
    }
    await bar.getByText('This attribute holds numbers: write a number such as 2019.').waitFor();
  };

  it('draws the same row in both places, a complete one tinted and a half-typed one in red', async () => {
    await page.getByRole('tab', { name: 'Analysis' }).click();
    const options = page.getByRole('form', { name: 'Query options' });
    await fillRows(options);
    const analysisField = options.locator('.analysis-field', { has: page.locator('.attribute-filters') });
    await shot(analysisField, 'filters-analysis-en.png');
    const analysisLook = await inPage<Look>(page, LOOK, '.analysis-form');

    const codes = await callApi<Code[]>(server, 'codes:list');
    await page.getByRole('tab', { name: 'Retrieval' }).click();
    await page.getByLabel('Code', { exact: true }).selectOption(codes[0].id);
    const bar = page.getByRole('group', { name: 'Filters' });
    await fillRows(bar);
    await shot(bar, 'filters-retrieval-en.png');
    const retrievalLook = await inPage<Look>(page, LOOK, '.retrieval-filters');

    expect(retrievalLook).toEqual(analysisLook);
    expect(analysisLook.applied).not.toBe(analysisLook.invalid);
  });

  it('reads the same in Chinese in both places', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.keyboard.press('Escape');
    const bar = page.getByRole('group', { name: '筛选' });
    await bar.getByRole('button', { name: '+ 筛选' }).waitFor();
    await eventually(() => bar.locator('[role="status"]').textContent()).toBe('此属性是数字：请写数字，如 2019。');
    expect(await bar.getByLabel('year 的值').count()).toBe(2);
    await shot(bar, 'filters-retrieval-zh.png');

    await page.getByRole('tab', { name: '分析' }).click();
    const options = page.getByRole('form', { name: '查询选项' });
    // The tab kept its query (year ≥ 2022); the half-typed row was only on screen, so type it again.
    await eventually(() => options.locator('.attribute-filter.applied').count()).toBe(1);
    await options.getByRole('button', { name: '+ 筛选' }).click();
    const second = options.locator('.attribute-filter').nth(1);
    await second.getByLabel('属性').selectOption('year');
    await second.getByLabel('year 的值').fill('20x');
    await eventually(() => options.locator('[role="status"]').textContent()).toBe('此属性是数字：请写数字，如 2019。');
    expect(await options.getByLabel('year 的值').count()).toBe(2);
    await shot(
      options.locator('.analysis-field', { has: page.locator('.attribute-filters') }),
      'filters-analysis-zh.png',
    );
    expect(pageErrors).toEqual([]);
  });
});
