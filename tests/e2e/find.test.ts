import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceDetail, SourceSummary } from '../../shared/domain/types';
import { eventually, inPage, saveScreenshot } from './support/browser';
import { closeProject, focusIs, startJourney, type Journey } from './support/journey';
import { callApi } from './support/server';

// Find in the open document (Ctrl+F): a bar with the match count, Enter and Shift+Enter to
// step, matches painted with the CSS Custom Highlight API, one- and two-character Chinese
// queries, and the view scrolled to a match far down a long (virtualised) source.

const PARAGRAPHS = Array.from({ length: 160 }, (_, index) =>
  index % 10 === 3
    ? `答：第${index}段。县里推进数字政府建设，数字化改革由大数据局牵头。`
    : `问：第${index}段。请谈谈乡镇一级的工作安排和人员情况，以及上级考核的方式。`,
);
PARAGRAPHS[150] = '答：最后说一句，基层减负才是真正的难题。';
const TEXT = ['访谈记录：浙江省某县（长篇）', ...PARAGRAPHS].join('\n');

// What the page shows: the count, and how many ranges each custom highlight paints.
const HIGHLIGHTS = String.raw`() => {
  const all = CSS.highlights.get('marginalia-find');
  const current = CSS.highlights.get('marginalia-find-current');
  const texts = current ? Array.from(current).map((range) => {
    const live = document.createRange();
    live.setStart(range.startContainer, range.startOffset);
    live.setEnd(range.endContainer, range.endOffset);
    return live.toString();
  }) : [];
  return { painted: all ? all.size : 0, current: texts };
}`;

// Whether the text of the current match lies inside the scroller's visible box.
const CURRENT_IN_VIEW = String.raw`() => {
  const current = CSS.highlights.get('marginalia-find-current');
  const range = current && Array.from(current)[0];
  if (!range) return false;
  const live = document.createRange();
  live.setStart(range.startContainer, range.startOffset);
  live.setEnd(range.endContainer, range.endOffset);
  const box = live.getBoundingClientRect();
  const view = document.querySelector('.doc-scroller').getBoundingClientRect();
  return box.height > 0 && box.top >= view.top && box.bottom <= view.bottom;
}`;

describe('find in the document', () => {
  let journey: Journey;
  let page: Page;
  let text = '';

  beforeAll(async () => {
    journey = await startJourney({
      codebook: 'digital-governance',
      files: { county: { text: TEXT, province: 'Zhejiang' } },
    });
    page = journey.page;
    await page.locator('.doc-text', { hasText: '访谈记录' }).waitFor();
    const sources = await callApi<SourceSummary[]>(journey.server, 'sources:list');
    text = (await callApi<SourceDetail>(journey.server, 'sources:get', { sourceId: sources[0].id })).text;
  });

  afterAll(async () => {
    await journey?.end();
  });

  const occurrences = (query: string): number => text.split(query).length - 1;
  const status = () => page.locator('.find-status').textContent();
  const highlights = () => inPage<{ painted: number; current: string[] }>(page, HIGHLIGHTS, null);

  it('opens a find bar with Ctrl+F and counts a two-character Chinese query in the whole source', async () => {
    await page.locator('.doc-text').click();
    await page.keyboard.press('Control+f');
    const input = page.getByRole('textbox', { name: 'Find in this document' });
    await input.waitFor();
    await eventually(() => focusIs(page, '.find-input')).toBe(true);
    await page.keyboard.type('数字');
    const total = occurrences('数字');
    expect(total).toBe(32);
    await eventually(status).toBe(`1 of ${total}`);
    // Only the matches in the mounted part of the text are painted; the current one apart.
    const shown = await highlights();
    expect(shown.current).toEqual(['数字']);
    expect(shown.painted).toBeGreaterThan(0);
    expect(shown.painted).toBeLessThan(total);
    await saveScreenshot(page, 'find.png');
  });

  it('steps with Enter and Shift+Enter, wrapping at the ends', async () => {
    const total = occurrences('数字');
    await page.keyboard.press('Enter');
    await eventually(status).toBe(`2 of ${total}`);
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.press('Shift+Enter');
    await eventually(status).toBe(`${total} of ${total}`);
    await eventually(() => inPage<boolean>(page, CURRENT_IN_VIEW, null)).toBe(true);
    await page.keyboard.press('Enter');
    await eventually(status).toBe(`1 of ${total}`);
  });

  it('finds a one-character query, and scrolls to a match far down the source', async () => {
    const input = page.getByRole('textbox', { name: 'Find in this document' });
    await input.fill('县');
    await eventually(status).toBe(`1 of ${occurrences('县')}`);
    await input.fill('减负');
    await eventually(status).toBe('1 of 1');
    await eventually(() => inPage<boolean>(page, CURRENT_IN_VIEW, null)).toBe(true);
    expect((await highlights()).current).toEqual(['减负']);
    await input.fill('不在文中');
    await eventually(status).toBe('No matches');
    expect((await highlights()).painted).toBe(0);
  });

  it('closes with Escape, taking the highlights away and giving the text the focus', async () => {
    await page.getByRole('textbox', { name: 'Find in this document' }).fill('数字');
    await eventually(status).toContain('of 32');
    await page.keyboard.press('Escape');
    await page.locator('.find-bar').waitFor({ state: 'detached' });
    expect(await highlights()).toEqual({ painted: 0, current: [] });
    await eventually(() => focusIs(page, '.doc-text')).toBe(true);
    // Find changes nothing in the project.
    await closeProject(page);
    const segments = await journey.cli<{ segments: unknown[] }>(['segments', journey.project]);
    expect(segments.segments).toEqual([]);
    expect(journey.pageErrors).toEqual([]);
  });
});
