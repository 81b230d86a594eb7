import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Coding, SourceDetail, SourceSummary } from '../../shared/domain/types';
import { dragSelect, eventually, holdFirstCall, inPage, selectedText } from './support/browser';
import { startJourney, type Journey } from './support/journey';
import { callApi } from './support/server';

// On a busy machine the backend's answer to a coding can come after the researcher has already
// selected the next passage, and the store's selection follows the page a frame late. Neither
// may lose or ignore what the researcher selected last.

const FIRST = 'The county launched a digital platform for permits. Officials said the platform cut waiting times.';
const SECOND = 'Residents complained that older people could not use the app.';
const THIRD = 'Provincial targets pushed counties to adopt e-government quickly. Training for staff was limited.';
const TEXT = [FIRST, SECOND, THIRD].join('\n');

// Selects `phrase` of the block holding it with the DOM's own calls and, in the same task,
// presses Alt+<letter> on the focused element: the store has not seen the selection yet.
const SELECT_AND_PRESS = String.raw`({ phrase, code, key }) => {
  for (const block of document.querySelectorAll('.doc-text [data-start]')) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(phrase);
      if (at === -1) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + phrase.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      const target = document.activeElement || document.body;
      const init = { key, code, altKey: true, bubbles: true, cancelable: true, composed: true };
      return !target.dispatchEvent(new KeyboardEvent('keydown', init));
    }
  }
  return null;
}`;

describe('races2: selections made while the app is busy', () => {
  let journey: Journey;
  let page: Page;
  let sourceId: string;

  beforeAll(async () => {
    journey = await startJourney({
      codebook: 'digital-governance',
      files: { county: { text: TEXT, province: 'Zhejiang' } },
    });
    page = journey.page;
    await page.locator('.doc-text', { hasText: 'Residents complained' }).waitFor();
    sourceId = (await callApi<SourceSummary[]>(journey.server, 'sources:list'))[0].id;
  });

  afterAll(async () => {
    await journey?.end();
  });

  const stored = async (): Promise<readonly Coding[]> =>
    (await callApi<SourceDetail>(journey.server, 'sources:get', { sourceId })).codings;

  it('keeps the next passage selected when the answer for the last coding comes after it was selected', async () => {
    const held = await holdFirstCall(page, 'codings:create');
    const first = await dragSelect(page, '.doc-text', 'digital platform for permits');
    await eventually(() => page.locator('.doc-status').textContent()).toContain('28 characters selected');
    await page.keyboard.press('1');
    await eventually(() => held.calls()).toBe(1);

    // The next passage, selected while the backend has not answered yet.
    const next = await dragSelect(page, '.doc-text', 'older people could not use the app');
    await eventually(() => page.locator('.doc-status').textContent()).toContain('34 characters selected');
    held.release();
    await eventually(() => page.locator('.doc-text .hl').allTextContents()).toEqual(['digital platform for permits']);
    expect((await stored()).map((coding) => [coding.start, coding.end])).toEqual([[first.start, first.end]]);

    // The newer selection survived the answer, on the page and in the status line…
    expect(await selectedText(page)).toBe('older people could not use the app');
    await eventually(() => page.locator('.doc-status').textContent()).toContain('34 characters selected');

    // …and a number key codes it.
    await page.keyboard.press('1');
    await eventually(async () => (await stored()).length).toBe(2);
    expect((await stored()).some((coding) => coding.start === next.start && coding.end === next.end)).toBe(true);
    // Coded and answered with nothing newer selected: the page's selection is cleared as before.
    await eventually(() => selectedText(page)).toBe('');
    expect(journey.pageErrors).toEqual([]);
  });

  it('widens a passage to its sentence with Alt+S pressed before the store has seen the selection', async () => {
    const handled = await inPage<boolean | null>(page, SELECT_AND_PRESS, {
      phrase: 'targets pushed',
      code: 'KeyS',
      key: 's',
    });
    expect(handled).toBe(true);
    await eventually(() => selectedText(page)).toBe(
      'Provincial targets pushed counties to adopt e-government quickly.',
    );
    await eventually(() => page.locator('.doc-status').textContent()).toContain('65 characters selected');
    expect(await page.locator('.notice').allTextContents()).not.toContainEqual(expect.stringContaining('Select'));
    expect(journey.pageErrors).toEqual([]);
  });
});
