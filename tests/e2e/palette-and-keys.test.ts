import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code, SourceDetail, SourceSummary } from '../../shared/domain/types';
import { attributeOfAll, dragSelect, eventually, saveScreenshot, selectedText } from './support/browser';
import { closeProject, focusIs, startJourney, type Journey, type Segment } from './support/journey';
import { callApi } from './support/server';

// Coding with the command palette (Ctrl+K, fuzzy search over code paths) and with number
// keys, whose order follows the codes used last: key 1 re-applies the latest code.

const TEXT = [
  '访谈记录：浙江省某县数据局',
  '答：我们按照省里的规划，制定了三年行动计划。财政专项资金只管建设，不管运维。',
  '答：考核指标和干部晋升挂钩，排名靠后的部门要约谈。',
  '答：技术人员不够，很多系统是外包公司在维护。',
].join('\n');

const PLAN = '制定了三年行动计划';
const FUNDS = '财政专项资金只管建设';
const PROMOTION = '考核指标和干部晋升挂钩';
const STAFF = '技术人员不够';

const FINANCIAL = 'Capacity/Financial capacity';
const INCENTIVES = 'Incentives/Political and economic incentives';

describe('coding with the palette and number keys', () => {
  let journey: Journey;
  let page: Page;

  beforeAll(async () => {
    journey = await startJourney({
      codebook: 'digital-governance',
      files: { zhejiang: { text: TEXT, province: 'Zhejiang' } },
    });
    page = journey.page;
    await page.locator('.doc-text', { hasText: PLAN }).waitFor();
  });

  afterAll(async () => {
    await journey?.end();
  });

  const keyOf = (name: string) => page.locator(`[role="treeitem"][aria-label="${name}"] .code-key`);
  const stripeCodes = async (): Promise<string[]> => {
    const codes = await callApi<Code[]>(journey.server, 'codes:list');
    const ids = await attributeOfAll(page.locator('.stripe'), 'data-code-id');
    return ids.map((id) => codes.find((code) => code.id === id)?.path ?? '?').sort();
  };

  async function select(phrase: string): Promise<void> {
    await dragSelect(page, '.doc-text', phrase);
    expect(await selectedText(page)).toBe(phrase);
    await eventually(() => page.locator('.doc-status').textContent()).toContain(`${phrase.length} characters selected`);
  }

  it('codes a selection with a code found by typing parts of its path in the palette', async () => {
    // Before any use, keys follow codebook order: Financial capacity is not among the first nine.
    expect(await keyOf('Instruments').textContent()).toBe('1');
    expect(await keyOf('Financial capacity').textContent()).toBe('9');
    await select(PLAN);
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Search codes' });
    const input = palette.getByRole('combobox');
    await eventually(() => focusIs(page, '.command-palette [role="combobox"]')).toBe(true);
    expect(await palette.locator('.palette-target').textContent()).toContain(PLAN);
    await input.fill('cap fin');
    const first = palette.getByRole('option').first();
    await eventually(() => first.textContent()).toContain('Capacity / Financial capacity');
    expect(await first.locator('mark').allTextContents()).toEqual(['Cap', 'Fin']);
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await saveScreenshot(page, 'palette.png');
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await eventually(stripeCodes).toEqual([FINANCIAL]);
    // The code just used now has key 1; the others moved down one.
    await eventually(() => keyOf('Financial capacity').textContent()).toBe('1');
    expect(await keyOf('Instruments').textContent()).toBe('2');
  });

  it('applies the code used last with key 1, and the one before with key 2', async () => {
    await select(FUNDS);
    await page.keyboard.press('1');
    await eventually(stripeCodes).toEqual([FINANCIAL, FINANCIAL]);

    // Arrow keys choose further down the list; Enter codes with it.
    await select(PROMOTION);
    await page.keyboard.press('Control+k');
    const input = page.getByRole('dialog', { name: 'Search codes' }).getByRole('combobox');
    await input.fill('polit');
    const options = page.getByRole('dialog', { name: 'Search codes' }).getByRole('option');
    // "polit" matches Capacity / Political capacity first (the shorter path): go down to the incentives.
    await eventually(async () => (await options.allTextContents()).slice(0, 2)).toEqual([
      expect.stringContaining('Capacity / Political capacity'),
      expect.stringContaining('Incentives / Political and economic incentives'),
    ]);
    await page.keyboard.press('ArrowDown');
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await eventually(stripeCodes).toEqual([FINANCIAL, FINANCIAL, INCENTIVES]);
    await eventually(() => keyOf('Political and economic incentives').textContent()).toBe('1');
    expect(await keyOf('Financial capacity').textContent()).toBe('2');

    await select(STAFF);
    await page.keyboard.press('2');
    await eventually(stripeCodes).toEqual([FINANCIAL, FINANCIAL, FINANCIAL, INCENTIVES]);
    await eventually(() => keyOf('Financial capacity').textContent()).toBe('1');
    const count = page.locator('[role="treeitem"][aria-label="Financial capacity"] .code-count');
    await eventually(() => count.textContent()).toBe('3');
    await saveScreenshot(page, 'number-keys.png');
  });

  it('shows a code in the codebook when the palette is used without a selection', async () => {
    await page.locator('.doc-status', { hasText: 'press a code’s number' }).waitFor();
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Search codes' }).getByRole('combobox').fill('tech cap');
    await eventually(() =>
      page.getByRole('dialog', { name: 'Search codes' }).getByRole('option').first().textContent(),
    ).toContain('Technical capacity');
    await page.keyboard.press('Enter');
    const row = page.getByRole('treeitem', { name: 'Technical capacity' });
    await eventually(() => row.getAttribute('aria-selected')).toBe('true');
    await eventually(() => focusIs(page, '[role="treeitem"][aria-label="Technical capacity"]')).toBe(true);
    const sources = await callApi<SourceSummary[]>(journey.server, 'sources:list');
    const detail = await callApi<SourceDetail>(journey.server, 'sources:get', { sourceId: sources[0].id });
    expect(detail.codings).toHaveLength(4);
  });

  it('leaves the codings in the project file, as the CLI reads it after closing', async () => {
    await closeProject(page);
    const segments = (await journey.cli<{ segments: Segment[] }>(['segments', journey.project])).segments;
    expect(segments.map((segment) => [segment.text, segment.codePath]).sort()).toEqual(
      [
        [PLAN, FINANCIAL],
        [FUNDS, FINANCIAL],
        [PROMOTION, INCENTIVES],
        [STAFF, FINANCIAL],
      ].sort(),
    );
    expect(journey.pageErrors).toEqual([]);
  });
});
