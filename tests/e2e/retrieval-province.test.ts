import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code, SourceDetail, SourceSummary } from '../../shared/domain/types';
import type { SegmentsReport } from '../../shared/format/segments';
import { attributeOfAll, eventually, launchBrowser, openPage, saveScreenshot, selectedText } from './support/browser';
import { assertBuilt, callApi, makeHome, startServer, type RunningServer } from './support/server';

// Retrieval filtered by province (issue 4, Proof): the sample project, the passages coded with
// "Incentives" (and its sub-codes) in Zhejiang's sources — exactly those the backend's
// coded-segments analysis lists — copied as quotations with citations, and one opened in its
// document with the passage selected.

describe('retrieval filtered by province', () => {
  let browser: Browser;
  let page: Page;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;
  let pageErrors: string[] = [];
  let incentives: Code;
  let expected: SegmentsReport['segments'];

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    server = await startServer(home.home);
    browser = await launchBrowser();
    const opened = await openPage(browser, server.url);
    page = opened.page;
    pageErrors = opened.errors;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await page.getByRole('button', { name: 'Open the sample project' }).click();
    await page.getByRole('tab', { name: 'Retrieval' }).waitFor();
    const codes = await callApi<Code[]>(server, 'codes:list');
    incentives = codes.find((code) => code.path === 'Incentives') as Code;
    // The backend's own answer, through a different service (the coded-segments analysis).
    const report = await callApi<SegmentsReport>(server, 'segments:list', {
      kind: 'segments',
      codeId: incentives.id,
      where: [{ attribute: 'province', op: '=', value: 'Zhejiang' }],
    });
    expected = report.segments;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  const passages = () => page.locator('.passage');

  it('lists exactly the Zhejiang passages of a code and its sub-codes, with context and attributes', async () => {
    expect(expected.length).toBeGreaterThan(2);
    expect(new Set(expected.map((segment) => segment.attributes.province))).toEqual(new Set(['Zhejiang']));
    await page.getByRole('tab', { name: 'Retrieval' }).click();
    await page.getByText('Choose a code to see every passage').waitFor();
    await page.getByLabel('Code', { exact: true }).selectOption(incentives.id);
    const all = await callApi<SegmentsReport>(server, 'segments:list', { kind: 'segments', codeId: incentives.id });
    await eventually(() => passages().count()).toBe(all.segments.length);

    const filters = page.getByRole('group', { name: 'Filters' });
    await filters.getByRole('button', { name: '+ Filter' }).click();
    // The new filter's value field takes the focus, ready for typing.
    await eventually(() => page.evaluate('document.activeElement.getAttribute("aria-label")')).toMatch(/^Value of /);
    await filters.getByLabel('Attribute').selectOption('province');
    expect(await filters.getByLabel('Comparison').inputValue()).toBe('=');
    await filters.getByLabel('Value of province').fill('Zhejiang');
    await eventually(() => passages().count()).toBe(expected.length);
    expect(new Set(await attributeOfAll(passages(), 'data-coding-id'))).toEqual(
      new Set(expected.map((segment) => segment.codingId)),
    );
    expect(await page.locator('.passage-mark').allTextContents()).toEqual(expected.map((segment) => segment.text));
    const chips = await page.locator('.passage-attributes').allTextContents();
    expect(chips.every((chip) => chip.includes('province Zhejiang'))).toBe(true);
    // Context is shown around the passage, not instead of it.
    expect(await page.locator('.passage-context').count()).toBeGreaterThan(0);
    expect(await page.locator('.retrieval-count').textContent()).toBe(`${expected.length} passages in 2 sources`);
    await saveScreenshot(page, 'retrieval-province-en.png');
  });

  it('copies all passages, and the selected one, as quotations with citations', async () => {
    await page.getByRole('button', { name: 'Copy all' }).click();
    await page.getByText(`Copied ${expected.length} quotations.`).waitFor();
    const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
    const lines = copied.split('\n\n');
    expect(lines).toHaveLength(expected.length);
    lines.forEach((line, index) => {
      const segment = expected[index];
      // “passage” (Source, turn 3) — the locator comes from the source's structure.
      expect(line.startsWith(`“${segment.text.replace(/\s*\n\s*/g, ' ')}” (${segment.source}`)).toBe(true);
      expect(line).toMatch(/ \(.+, (p\. \S+|§ \d+|第.+条|turn \d+|para\. \d+)\)$/);
    });

    // Keyboard: the first passage takes the focus, Space selects it, Ctrl+C copies only it.
    await passages().first().focus();
    await page.keyboard.press('Space');
    await eventually(() => page.locator('.passage.selected').count()).toBe(1);
    await page.keyboard.press('Control+c');
    await page.getByText('Copied 1 quotation.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(lines[0]);
  });

  it('goes to a passage in its document with Enter, the passage selected', async () => {
    const target = expected[expected.length - 1];
    await passages().first().focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.locator('.doc-title', { hasText: target.source }).waitFor();
    expect(await page.getByRole('tab', { name: 'Document' }).getAttribute('aria-selected')).toBe('true');
    await eventually(() => selectedText(page)).toBe(target.text);
    const sources = await callApi<SourceSummary[]>(server, 'sources:list');
    const source = sources.find((entry) => entry.name === target.source) as SourceSummary;
    const detail = await callApi<SourceDetail>(server, 'sources:get', { sourceId: source.id });
    expect(detail.text.slice(target.start, target.end)).toBe(target.text);
  });

  it('keeps the query when coming back, and reads in Chinese', async () => {
    await page.getByRole('tab', { name: 'Retrieval' }).click();
    await eventually(() => passages().count()).toBe(expected.length);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: '检索' }).waitFor();
    await eventually(() => page.locator('.retrieval-count').textContent()).toBe(
      `${expected.length} 个片段，来自 2 份资料`,
    );
    await page.getByRole('button', { name: '全部复制' }).click();
    await page.getByText(`已复制 ${expected.length} 条引文。`).waitFor();
    const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
    expect(copied.split('\n\n')[0]).toMatch(/^“.+”（.+，.+）$/);
    await saveScreenshot(page, 'retrieval-province-zh.png');
    expect(pageErrors).toEqual([]);
  });
});
