import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code } from '../../shared/domain/types';
import { attributeOfAll, dragSelect, eventually, saveScreenshot } from './support/browser';
import { closeProject, startJourney, type Journey, type Segment } from './support/journey';
import { callApi } from './support/server';

// Building a small codebook with the keyboard only: Alt+N for a new code, Insert for a
// sub-code of the focused one, F2 to rename, arrows (and Home/End, ← →) to move and fold,
// Alt+C to recolour, Enter to apply the focused code to the selected passage.

const TEXT =
  '访谈记录：浙江省某县\n答：县里要求各部门三年内完成数字化改造，年底按进度排名。\n答：资金主要来自省级专项。';

describe('building a codebook by keyboard', () => {
  let journey: Journey;
  let page: Page;

  beforeAll(async () => {
    journey = await startJourney({ codebook: 'empty', files: { county: { text: TEXT, province: 'Zhejiang' } } });
    page = journey.page;
    await page.locator('.doc-text', { hasText: '资金' }).waitFor();
  });

  afterAll(async () => {
    await journey?.end();
  });

  const tree = (): Locator => page.getByRole('tree', { name: 'Codebook' });
  const focusedName = (): Promise<string | null> =>
    page.evaluate('document.activeElement && document.activeElement.getAttribute("aria-label")') as Promise<
      string | null
    >;
  const visibleNames = (): Promise<(string | null)[]> => attributeOfAll(tree().getByRole('treeitem'), 'aria-label');

  async function typeNewCode(name: string): Promise<void> {
    const input = page.getByRole('textbox', { name: 'Name of the new code' });
    await input.waitFor();
    await page.keyboard.type(name);
    await page.keyboard.press('Enter');
    await eventually(focusedName).toBe(name);
  }

  it('adds top-level codes with Alt+N and sub-codes with Insert, the focus following each new code', async () => {
    expect(await page.getByText('No codes yet').count()).toBe(1);
    await page.keyboard.press('Alt+n');
    await typeNewCode('Instruments');
    await page.keyboard.press('Alt+n');
    await typeNewCode('Incentives');
    // ↑ to Instruments, then Insert: a sub-code of the focused code.
    await page.keyboard.press('ArrowUp');
    await eventually(focusedName).toBe('Instruments');
    await page.keyboard.press('Insert');
    await typeNewCode('数字化改造');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Insert');
    await typeNewCode('Pilots');
    // Alt+Shift+N: a sub-code of the selected code (Pilots, just made).
    await page.keyboard.press('Alt+Shift+N');
    await typeNewCode('County pilots');
    // Escape abandons a new code and gives the focus back to the tree.
    await page.keyboard.press('Alt+n');
    await page.getByRole('textbox', { name: 'Name of the new code' }).waitFor();
    await page.keyboard.press('Escape');
    await eventually(focusedName).toBe('County pilots');

    const codes = await callApi<Code[]>(journey.server, 'codes:list');
    expect(codes.map((code) => code.path)).toEqual([
      'Instruments',
      'Instruments/数字化改造',
      'Instruments/Pilots',
      'Instruments/Pilots/County pilots',
      'Incentives',
    ]);
    expect(await attributeOfAll(tree().getByRole('treeitem'), 'aria-level')).toEqual(['1', '2', '2', '3', '1']);
  });

  it('renames with F2 and moves, opens and closes with the arrow keys', async () => {
    await page.keyboard.press('ArrowUp');
    await eventually(focusedName).toBe('Pilots');
    await page.keyboard.press('F2');
    const rename = page.getByRole('textbox', { name: 'New name for Pilots' });
    await rename.waitFor();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Policy pilots');
    await page.keyboard.press('Enter');
    await eventually(focusedName).toBe('Policy pilots');
    await eventually(async () =>
      (await callApi<Code[]>(journey.server, 'codes:list')).map((code) => code.path),
    ).toContain('Instruments/Policy pilots/County pilots');

    // ← on an open code closes it; ← again goes to its parent; Home and End; → opens.
    await page.keyboard.press('ArrowLeft');
    await eventually(visibleNames).toEqual(['Instruments', '数字化改造', 'Policy pilots', 'Incentives']);
    expect(await tree().getByRole('treeitem', { name: 'Policy pilots' }).getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowLeft');
    await eventually(focusedName).toBe('Instruments');
    await page.keyboard.press('End');
    await eventually(focusedName).toBe('Incentives');
    await page.keyboard.press('Home');
    await eventually(focusedName).toBe('Instruments');
    await page.keyboard.press('ArrowLeft');
    await eventually(visibleNames).toEqual(['Instruments', 'Incentives']);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await eventually(focusedName).toBe('Policy pilots');
    await page.keyboard.press('ArrowRight');
    await eventually(visibleNames).toContain('County pilots');
    expect(await tree().getByRole('treeitem', { name: 'Policy pilots' }).getAttribute('aria-selected')).toBe('true');
  });

  it('recolours with Alt+C and the arrow keys', async () => {
    const before = (await callApi<Code[]>(journey.server, 'codes:list')).find((code) => code.name === 'Policy pilots');
    await page.keyboard.press('Alt+c');
    const palette = page.getByRole('dialog', { name: 'Colour of Policy pilots' });
    await palette.waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await eventually(
      async () =>
        (await callApi<Code[]>(journey.server, 'codes:list')).find((code) => code.name === 'Policy pilots')?.color,
    ).not.toBe(before?.color);
    await eventually(focusedName).toBe('Policy pilots');
  });

  it('applies the focused code to the selected passage with Enter', async () => {
    await dragSelect(page, '.doc-text', '三年内完成数字化改造');
    await tree().getByRole('treeitem', { name: '数字化改造' }).focus();
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('.stripe').count()).toBe(1);
    const code = (await callApi<Code[]>(journey.server, 'codes:list')).find((entry) => entry.name === '数字化改造');
    expect(await page.locator('.stripe').getAttribute('data-code-id')).toBe(code?.id);
    // The counts beside the code follow, and the code now has key 1.
    const row = tree().getByRole('treeitem', { name: '数字化改造' });
    await eventually(() => row.locator('.code-count').textContent()).toBe('1');
    expect(await row.locator('.code-key').textContent()).toBe('1');
    expect(await row.getAttribute('aria-selected')).toBe('true');
    await saveScreenshot(page, 'codebook-keyboard.png');
  });

  it('leaves the codebook and the coding in the project file', async () => {
    await closeProject(page);
    const listed = await journey.cli<Code[]>(['codes', journey.project]);
    expect(listed.map((code) => code.path)).toEqual([
      'Instruments',
      'Instruments/数字化改造',
      'Instruments/Policy pilots',
      'Instruments/Policy pilots/County pilots',
      'Incentives',
    ]);
    const segments = (await journey.cli<{ segments: Segment[] }>(['segments', journey.project])).segments;
    expect(segments.map((segment) => [segment.codePath, segment.text])).toEqual([
      ['Instruments/数字化改造', '三年内完成数字化改造'],
    ]);
    expect(journey.pageErrors).toEqual([]);
  });
});
