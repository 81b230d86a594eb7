import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code } from '../../shared/domain/types';
import { dragSelect, eventually, saveScreenshot, selectedText } from './support/browser';
import { closeProject, startJourney, type Journey, type Segment } from './support/journey';
import { callApi } from './support/server';

// In-vivo coding of Chinese text: the selected words become a new code's name (at the top of
// the codebook, or under the code selected in it) and the passage is coded with it. Also
// widening a selection to its whole sentence with Alt+S before coding.

const TEXT = [
  '访谈记录：安徽省某市数据资源局',
  '问：平台是怎么推广的？',
  '答：市里提出“最多跑一次”，要求各部门把事项搬到线上。窗口人员一开始很抵触，后来考核压力大了才配合。',
  '答：说实话，数据共享主要靠领导协调，制度上还没有理顺。',
].join('\n');

const SLOGAN = '“最多跑一次”';
const RESISTANCE = '很抵触';
const COORDINATION = '靠领导协调';
const SENTENCE = '窗口人员一开始很抵触，后来考核压力大了才配合。';

describe('in-vivo coding of a Chinese selection', () => {
  let journey: Journey;
  let page: Page;

  beforeAll(async () => {
    journey = await startJourney({
      codebook: 'digital-governance',
      files: { anhui: { text: TEXT, province: 'Anhui' } },
    });
    page = journey.page;
    await page.locator('.doc-text', { hasText: SLOGAN }).waitFor();
  });

  afterAll(async () => {
    await journey?.end();
  });

  const codes = (): Promise<Code[]> => callApi<Code[]>(journey.server, 'codes:list');

  it('makes the selected words a top-level code with Ctrl+I and codes the passage with it', async () => {
    const range = await dragSelect(page, '.doc-text', SLOGAN);
    expect(await selectedText(page)).toBe(SLOGAN);
    await page.keyboard.press('Control+i');
    // The quotes frame the words; they are coded but are not part of the name.
    const row = page.getByRole('treeitem', { name: '最多跑一次' });
    await row.waitFor();
    expect(await row.getAttribute('aria-level')).toBe('1');
    const created = (await codes()).find((code) => code.name === '最多跑一次');
    expect(created).toMatchObject({ parentId: null, path: '最多跑一次', segmentCount: 1 });
    await eventually(() => page.locator('.doc-text .hl').allTextContents()).toEqual([SLOGAN]);
    expect(await page.locator('.stripe').getAttribute('data-code-id')).toBe(created?.id);
    expect(range.end - range.start).toBe(SLOGAN.length);
    // The new code is the most recently used: it has key 1.
    await eventually(() => row.locator('.code-key').textContent()).toBe('1');

    // Making the code and coding the passage was one step: one undo takes back both, redo both.
    await page.keyboard.press('Control+z');
    await row.waitFor({ state: 'detached' });
    expect((await codes()).some((code) => code.name === '最多跑一次')).toBe(false);
    await eventually(() => page.locator('.doc-text .hl').count()).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await row.waitFor();
    await eventually(() => page.locator('.doc-text .hl').allTextContents()).toEqual([SLOGAN]);
    expect((await codes()).find((code) => code.name === '最多跑一次')?.segmentCount).toBe(1);
  });

  it('puts the code under the code selected in the codebook when the button is used', async () => {
    // Without a passage selected, clicking a code only selects it in the codebook.
    await page.getByRole('treeitem', { name: 'Citizen participation' }).click();
    await dragSelect(page, '.doc-text', RESISTANCE);
    const button = page.getByRole('button', { name: 'In vivo' });
    expect(await button.getAttribute('title')).toContain('under Incentives/Citizen participation');
    await button.click();
    await page.getByRole('treeitem', { name: '很抵触' }).waitFor();
    const child = (await codes()).find((code) => code.name === '很抵触');
    expect(child?.path).toBe('Incentives/Citizen participation/很抵触');
    await eventually(() => page.locator('.stripe').count()).toBe(2);
    await saveScreenshot(page, 'in-vivo.png');
  });

  it('widens a selection to the whole sentence with Alt+S, then codes it by number key', async () => {
    await page.keyboard.press('Escape');
    await dragSelect(page, '.doc-text', RESISTANCE);
    await page.keyboard.press('Alt+s');
    await eventually(() => selectedText(page)).toBe(SENTENCE);
    await eventually(() => page.locator('.doc-status').textContent()).toContain(
      `${SENTENCE.length} characters selected`,
    );
    // Key 1 is the code used last: 很抵触.
    await page.keyboard.press('1');
    await eventually(() => page.locator('.stripe').count()).toBe(3);
    await dragSelect(page, '.doc-text', COORDINATION);
    await page.keyboard.press('Alt+p');
    await eventually(() => selectedText(page)).toBe(TEXT.split('\n')[3]);
    await page.keyboard.press('Control+i');
    await page.getByRole('treeitem', { name: TEXT.split('\n')[3].replace(/。$/, '') }).waitFor();
  });

  it('leaves the new codes and their codings in the project file', async () => {
    await closeProject(page);
    const listed = await journey.cli<Code[]>(['codes', journey.project]);
    const paths = listed.map((code) => code.path);
    expect(paths).toContain('最多跑一次');
    expect(paths).toContain('Incentives/Citizen participation/很抵触');
    const segments = (await journey.cli<{ segments: Segment[] }>(['segments', journey.project])).segments;
    expect(segments.map((segment) => [segment.codePath, segment.text]).sort()).toEqual(
      [
        ['最多跑一次', SLOGAN],
        ['Incentives/Citizen participation/很抵触', RESISTANCE],
        ['Incentives/Citizen participation/很抵触', SENTENCE],
        // Citizen participation is still the code selected in the codebook.
        [`Incentives/Citizen participation/${TEXT.split('\n')[3].replace(/。$/, '')}`, TEXT.split('\n')[3]],
      ].sort(),
    );
    expect(journey.pageErrors).toEqual([]);
  });
});
