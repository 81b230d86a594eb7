import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code, SourceDetail, SourceSummary } from '../../shared/domain/types';
import { eventually, saveScreenshot } from './support/browser';
import { focusIs, startJourney, type Journey } from './support/journey';
import { callApi } from './support/server';

// Project-wide search with a two-character Chinese query (a scan: the trigram index needs three
// characters), then "code all results" with a preview, the coding count checked against the
// texts, and Ctrl+Z taking the whole autocoding back in one step.

const FILES = {
  zhejiang: {
    province: 'Zhejiang',
    text: [
      '访谈记录：浙江省某县',
      '问：你们县的数据平台是怎么建起来的？',
      '答：大数据局牵头，各部门把数据交上来。数据共享以后，办事快多了。',
      'The county calls it a data platform; officials say 数据 is the key word.',
    ].join('\n'),
  },
  anhui: {
    province: 'Anhui',
    text: ['访谈记录：安徽省某县', '问：考核怎么做？', '答：考核看数据，也看群众满意度。'].join('\n'),
  },
  sichuan: {
    province: 'Sichuan',
    text: ['访谈记录：四川省某乡', '答：我们这里主要靠走访，没有什么平台。'].join('\n'),
  },
};

describe('searching a Chinese two-character word and autocoding the results', () => {
  let journey: Journey;
  let page: Page;
  const texts: Record<string, string> = {};
  let codeId = '';

  beforeAll(async () => {
    journey = await startJourney({ codebook: 'digital-governance', files: FILES });
    page = journey.page;
    await page.locator('.doc-text').first().waitFor();
    const sources = await callApi<SourceSummary[]>(journey.server, 'sources:list');
    for (const source of sources) {
      texts[source.name] = (await callApi<SourceDetail>(journey.server, 'sources:get', { sourceId: source.id })).text;
    }
    const codes = await callApi<Code[]>(journey.server, 'codes:list');
    codeId = codes.find((code) => code.path === 'Capacity/Technical capacity')?.id ?? '';
  });

  afterAll(async () => {
    await journey?.end();
  });

  const inTexts = (query: string): number =>
    Object.values(texts).reduce((sum, text) => sum + text.split(query).length - 1, 0);
  const segments = async (): Promise<number> =>
    (await callApi<Code[]>(journey.server, 'codes:list')).find((code) => code.id === codeId)?.segmentCount ?? -1;

  it('opens the search view with Ctrl+Shift+F from the document, the query box focused', async () => {
    await page.locator('.doc-text').first().click();
    await page.keyboard.press('Control+Shift+F');
    await page.locator('.search-view').waitFor();
    await eventually(() => focusIs(page, '.search-input')).toBe(true);
    expect(await page.getByRole('tab', { name: 'Search' }).getAttribute('aria-selected')).toBe('true');
  });

  it('finds 数据 exactly as often as it is in the texts, grouped by source, each hit marked', async () => {
    await page.keyboard.type('数据');
    await page.keyboard.press('Enter');
    const total = inTexts('数据');
    expect(total).toBe(6);
    await eventually(() => page.locator('.search-status').textContent()).toContain(`${total} hits in 2 sources`);
    expect(await page.locator('.search-source-name').allTextContents()).toEqual(['zhejiang', 'anhui']);
    const marks = await page.locator('.search-hit mark').allTextContents();
    expect(marks).toEqual(Array.from({ length: total }, () => '数据'));
    // The snippet keeps the words around the hit, on its own line.
    expect(await page.locator('.search-hit').first().textContent()).toBe('问：你们县的数据平台是怎么建起来的？');
    await saveScreenshot(page, 'search-view-en.png');
  });

  it('previews "code all results" before writing anything, then codes every hit as one step', async () => {
    await page.getByRole('button', { name: 'Code all results…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Code all results' });
    await dialog.waitFor();
    await dialog.getByLabel('Code', { exact: true }).selectOption(codeId);
    await eventually(() => dialog.locator('.autocode-counts').textContent()).toBe('Will code 6 passages in 2 sources.');
    expect(await dialog.locator('.autocode-sample-text mark').allTextContents()).toEqual([
      '数据',
      '数据',
      '数据',
      '数据',
      '数据',
    ]);
    expect(await dialog.locator('.autocode-sample-text').first().textContent()).toBe(
      '问：你们县的数据平台是怎么建起来的？',
    );
    expect(await segments()).toBe(0);
    await saveScreenshot(page, 'search-autocode-dialog-en.png');

    // The sentence scope codes fewer, longer passages: two hits share a sentence in zhejiang.
    await dialog.getByRole('radio', { name: 'Its sentence' }).click();
    await eventually(() => dialog.locator('.autocode-counts').textContent()).toBe('Will code 5 passages in 2 sources.');
    await dialog.getByRole('radio', { name: 'The match' }).click();
    await eventually(() => dialog.locator('.autocode-counts').textContent()).toBe('Will code 6 passages in 2 sources.');

    await dialog.getByRole('button', { name: 'Code 6 passages' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(() => page.locator('.notice').allTextContents()).toContainEqual(
      expect.stringContaining('Coded 6 passages in 2 sources with “Capacity/Technical capacity”. Ctrl+Z undoes it.'),
    );
    expect(await segments()).toBe(6);
    // Each coding is exactly one hit: its text is 数据.
    const coded: string[] = [];
    for (const source of await callApi<SourceSummary[]>(journey.server, 'sources:list')) {
      const detail = await callApi<SourceDetail>(journey.server, 'sources:get', { sourceId: source.id });
      for (const coding of detail.codings)
        if (coding.codeId === codeId) coded.push(detail.text.slice(coding.start, coding.end));
    }
    expect(coded).toEqual(Array.from({ length: 6 }, () => '数据'));
  });

  it('undoes the whole autocoding with one Ctrl+Z', async () => {
    await page.keyboard.press('Control+z');
    await eventually(() => page.locator('.notice').allTextContents()).toContainEqual(
      expect.stringContaining('Autocode "数据"'),
    );
    await eventually(segments).toBe(0);
  });

  it('opens a hit in its document with Enter, the hit selected', async () => {
    await page.locator('.search-input').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focusIs(page, '.search-hit')).toBe(true);
    await page.keyboard.press('Enter');
    await page.locator('.doc-text', { hasText: '大数据局牵头' }).waitFor();
    await eventually(() => page.evaluate('String(window.getSelection())')).toBe('数据');
    // The hit is the second 数据 of zhejiang: find shows where it is among the source's hits.
    await eventually(() => page.locator('.find-status').textContent()).toBe('2 of 5');
  });

  it('looks the same in Chinese', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.getByRole('button', { name: '设置', exact: true }).click();
    await page.getByRole('dialog', { name: '设置' }).waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Shift+F');
    await page.locator('.search-view').waitFor();
    await eventually(() => page.locator('.search-status').textContent()).toContain('2 份资料中共 6 处');
    await saveScreenshot(page, 'search-view-zh-CN.png');
    await page.getByRole('button', { name: '全部编码…' }).click();
    const dialog = page.getByRole('dialog', { name: '为全部结果编码' });
    await dialog.getByLabel('代码', { exact: true }).selectOption(codeId);
    await dialog.getByRole('radio', { name: '所在句子' }).click();
    await eventually(() => dialog.locator('.autocode-counts').textContent()).toBe('将在 2 份资料中编码 5 个片段。');
    await saveScreenshot(page, 'search-autocode-dialog-zh-CN.png');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(journey.pageErrors).toEqual([]);
  });
});
