import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragSelect, eventually, saveScreenshot } from './support/browser';
import { closeProject, startJourney, type Journey, type Segment } from './support/journey';

// Switching the interface to Simplified Chinese in the settings popover: visible labels,
// <html lang>, remembered across a reload, following the browser's language by default.

const TEXT =
  '四川省数字政府建设规划（摘要）\n第一条 为推进数字政府建设，制定本规划。\n第二条 各级政府应当统筹数据资源。';

describe('switching the interface to Simplified Chinese', () => {
  let journey: Journey;
  let page: Page;

  beforeAll(async () => {
    journey = await startJourney({
      codebook: 'digital-governance',
      files: { sichuan: { text: TEXT, province: 'Sichuan' } },
    });
    page = journey.page;
    await page.locator('.doc-text', { hasText: '第一条' }).waitFor();
  });

  afterAll(async () => {
    await journey?.end();
  });

  const lang = (target: Page): Promise<string> => target.evaluate('document.documentElement.lang') as Promise<string>;

  it('opens in English where the browser prefers English', async () => {
    expect(await page.evaluate('navigator.language')).toMatch(/^en/);
    expect(await lang(page)).toBe('en');
    expect(await page.getByRole('tab').allTextContents()).toEqual([
      'Document',
      'Retrieval',
      'Search',
      'Memos',
      'Frequencies',
      'Analysis',
      'Agreement',
    ]);
  });

  it('switches every visible label to Chinese from the settings popover, and sets the page language', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('radio', { name: '简体中文' }).click();
    await eventually(() => lang(page)).toBe('zh-CN');
    // The popover stays open, now in Chinese, with the choice made.
    const settings = page.getByRole('dialog', { name: '设置' });
    expect(await settings.getByRole('radio', { name: '简体中文' }).isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    await settings.waitFor({ state: 'detached' });

    expect(await page.getByRole('tab').allTextContents()).toEqual([
      '文档',
      '检索',
      '搜索',
      '备忘录',
      '频次',
      '分析',
      '一致性',
    ]);
    expect(await page.locator('#codebook-title').textContent()).toBe('编码本');
    expect(await page.getByRole('tree', { name: '编码本' }).count()).toBe(1);
    expect(await page.getByRole('grid', { name: '资料' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: '关闭项目' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /新建代码/ }).count()).toBe(1);
    expect(await page.locator('.doc-status').textContent()).toContain('Ctrl+K 搜索编码本');
    expect(await page.title()).toBe('Marginalia');
    // Chinese glyphs are drawn with a CJK font, not as boxes: their width is a full em.
    const width = (await page.evaluate(`(() => {
      const element = document.querySelector('#codebook-title');
      const range = document.createRange();
      range.selectNodeContents(element);
      return range.getBoundingClientRect().width / parseFloat(getComputedStyle(element).fontSize);
    })()`)) as number;
    expect(width).toBeGreaterThan(2.5);
    await saveScreenshot(page, 'language-zh-CN.png');
  });

  it('codes in Chinese as in English, with Chinese messages', async () => {
    await dragSelect(page, '.doc-text', '统筹数据资源');
    await eventually(() => page.locator('.doc-status').textContent()).toContain('已选中 6 个字符');
    await page.keyboard.press('2');
    await eventually(() => page.locator('.stripe').count()).toBe(1);
    await page.keyboard.press('Control+z');
    await eventually(() => page.locator('.notice').allTextContents()).toContainEqual(expect.stringContaining('已撤销'));
    await eventually(() => page.locator('.stripe').count()).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await eventually(() => page.locator('.stripe').count()).toBe(1);
  });

  it('remembers the language across a reload, and on the start screen', async () => {
    await page.reload();
    await page.getByRole('tab', { name: '文档' }).waitFor();
    expect(await lang(page)).toBe('zh-CN');
    await closeProject(page, '关闭项目');
    expect(await page.getByRole('heading', { name: '新建项目' }).count()).toBe(1);
    await saveScreenshot(page, 'start-zh-CN.png');
    const segments = (await journey.cli<{ segments: Segment[] }>(['segments', journey.project])).segments;
    expect(segments.map((segment) => [segment.codePath, segment.text])).toEqual([
      ['Instruments/Digital planning system', '统筹数据资源'],
    ]);
  });

  it('follows the browser’s language until one is chosen, and goes back to it with “As the system”', async () => {
    const browser = page.context().browser();
    if (!browser) throw new Error('no browser');
    const chinese = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    try {
      const fresh = await chinese.newPage();
      await fresh.goto(journey.server.url);
      await fresh.getByRole('heading', { name: '新建项目' }).waitFor();
      expect(await lang(fresh)).toBe('zh-CN');
    } finally {
      await chinese.close();
    }
    // In the English browser, choosing "as the system" brings English back.
    await page.getByRole('button', { name: '设置' }).click();
    await page.getByRole('radio', { name: /跟随系统/ }).click();
    await eventually(() => lang(page)).toBe('en');
    expect(await page.getByRole('heading', { name: 'New project' }).count()).toBe(1);
    expect(journey.pageErrors).toEqual([]);
  });
});
