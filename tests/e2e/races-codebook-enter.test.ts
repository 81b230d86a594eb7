import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceDetail, SourceSummary } from '../../shared/domain/types';
import { dragSelect, eventually } from './support/browser';
import { startJourney, type Journey } from './support/journey';
import { callApi } from './support/server';

// Enter on a code applies it to the passage selected in the document. The store learns of a
// new selection a frame after the page does; on a loaded machine that frame can come after the
// key. Enter must code the passage the page shows as selected, not start a rename.

const TEXT = '访谈记录：浙江省某县\n答：县里要求各部门三年内完成数字化改造，年底按进度排名。';

describe('Enter on a code before the selection has reached the store', () => {
  let journey: Journey;
  let page: Page;

  beforeAll(async () => {
    journey = await startJourney({
      codebook: 'digital-governance',
      files: { county: { text: TEXT, province: 'Zhejiang' } },
    });
    page = journey.page;
    await page.locator('.doc-text', { hasText: '数字化改造' }).waitFor();
  });

  afterAll(async () => {
    await journey?.end();
  });

  it('codes the passage the page shows as selected', async () => {
    // Animation frames wait (a busy machine), so the store's copy of the selection stays empty.
    await page.evaluate(`
      window.heldFrames = [];
      window.originalFrame = window.requestAnimationFrame;
      window.requestAnimationFrame = (callback) => window.heldFrames.push(callback);
    `);
    const dragged = await dragSelect(page, '.doc-text', '三年内完成数字化改造');
    const row = page.getByRole('tree', { name: 'Codebook' }).getByRole('treeitem', { name: 'Instruments' });
    await row.focus();
    await page.keyboard.press('Enter');

    const [source] = await callApi<SourceSummary[]>(journey.server, 'sources:list');
    const codings = async () =>
      (await callApi<SourceDetail>(journey.server, 'sources:get', { sourceId: source.id })).codings.map((coding) => ({
        start: coding.start,
        end: coding.end,
      }));
    await eventually(codings).toEqual([dragged]);
    expect(await page.getByRole('textbox', { name: /rename|name/i }).count()).toBe(0);

    // The frames run late, and nothing more happens.
    await page.evaluate(`
      window.requestAnimationFrame = window.originalFrame;
      for (const callback of window.heldFrames.splice(0)) callback(performance.now());
    `);
    await page.locator('.stripe').first().waitFor();
    expect(await codings()).toEqual([dragged]);
    expect(journey.pageErrors).toEqual([]);
  });
});
