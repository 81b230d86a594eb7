import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Coding, SourceDetail, SourceSummary } from '../../shared/domain/types';
import { attributeOfAll, dragSelect, eventually, saveScreenshot } from './support/browser';
import { startJourney, type Journey } from './support/journey';
import { callApi } from './support/server';

// Who is coding: two coders code the same interview (the second after the coder is changed);
// the document shows all coders, one, or the two compared side by side — a column of stripes
// per coder under the coder's name, and only the chosen coders' highlights.

const TEXT = [
  '访谈记录：浙江省某县数据局',
  '答：我们按照省里的规划，制定了三年行动计划。财政专项资金只管建设，不管运维。',
  '答：考核指标和干部晋升挂钩，排名靠后的部门要约谈。',
].join('\n');

const PLAN = '制定了三年行动计划';
const FUNDS = '财政专项资金只管建设';
const PROMOTION = '考核指标和干部晋升挂钩';

describe('showing all coders, one, or two side by side', () => {
  let journey: Journey;
  let page: Page;
  let sourceId: string;

  beforeAll(async () => {
    journey = await startJourney({
      codebook: 'digital-governance',
      files: { zhejiang: { text: TEXT, province: 'Zhejiang' } },
    });
    page = journey.page;
    await page.locator('.doc-text', { hasText: PLAN }).waitFor();
    sourceId = (await callApi<SourceSummary[]>(journey.server, 'sources:list'))[0].id;
  });

  afterAll(async () => {
    await journey?.end();
  });

  const stored = async (): Promise<readonly Coding[]> =>
    (await callApi<SourceDetail>(journey.server, 'sources:get', { sourceId })).codings;
  const idsOf = async (coder: string): Promise<string[]> =>
    (await stored())
      .filter((coding) => coding.coderName === coder)
      .map((coding) => coding.id)
      .sort();
  const stripesIn = async (selector: string): Promise<string[]> =>
    ((await attributeOfAll(page.locator(`${selector} .stripe`), 'data-coding-id')) as string[]).sort();
  const highlighted = (): Promise<string[]> => page.locator('.doc-text .hl').allTextContents();
  const picker = () => page.getByRole('combobox', { name: 'Coders', exact: true });

  async function code(phrase: string, key: string, count: number): Promise<void> {
    await dragSelect(page, '.doc-text', phrase);
    await page.keyboard.press(key);
    await eventually(async () => (await stored()).length).toBe(count);
  }

  it('records who coded each passage', async () => {
    await code(PLAN, '1', 1);
    await code(PROMOTION, '2', 2);
    // A second researcher takes over at this computer: "Coding as … · change…" in the status line.
    await page.getByRole('button', { name: 'Coding as Researcher · change…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Who is coding?' });
    await dialog.getByLabel('Coder’s name').fill('Bo');
    await saveScreenshot(page, 'document-coding-as.png');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await eventually(() => page.locator('.topbar .coder').textContent()).toContain('Bo');
    await page.getByRole('button', { name: 'Coding as Bo · change…' }).waitFor();
    await code(FUNDS, '3', 3);
    await code(PROMOTION, '1', 4);
    expect((await stored()).map((coding) => [coding.coderName, TEXT.slice(coding.start, coding.end)]).sort()).toEqual(
      [
        ['Researcher', PLAN],
        ['Researcher', PROMOTION],
        ['Bo', FUNDS],
        ['Bo', PROMOTION],
      ].sort(),
    );
    // All coders: one column, every coding's stripe.
    expect(await page.locator('.doc-margin').count()).toBe(1);
    const all = (await stored()).map((coding) => coding.id).sort();
    // Stripes are laid out a render after the text (a low-priority update): wait for them.
    await eventually(() => stripesIn('.doc-margin')).toEqual(all);
  });

  it('shows one coder’s codings only', async () => {
    await picker().focus();
    await picker().selectOption({ label: 'Bo' });
    await eventually(() => stripesIn('.doc-margin')).toEqual(await idsOf('Bo'));
    expect((await highlighted()).join('')).not.toContain(PLAN);
    expect((await highlighted()).join('')).toContain(FUNDS);
  });

  it('compares two coders side by side: a column of stripes each, under the coder’s name', async () => {
    await picker().selectOption({ label: 'Compare two…' });
    await eventually(() => page.locator('.doc-margin-column').count()).toBe(2);
    // The coder coding now (Bo) is compared first.
    expect(await page.locator('.doc-margin-header').allTextContents()).toEqual(['Bo', 'Researcher']);
    await eventually(() => stripesIn('.doc-margin-column[data-coder="Researcher"]')).toEqual(await idsOf('Researcher'));
    await eventually(() => stripesIn('.doc-margin-column[data-coder="Bo"]')).toEqual(await idsOf('Bo'));
    // Both coders' passages are highlighted.
    const shown = (await highlighted()).join('');
    for (const phrase of [PLAN, FUNDS, PROMOTION]) expect(shown).toContain(phrase);
    await page.locator('.doc-margin-column[data-coder="Bo"] .stripe').first().hover();
    await page.locator('.stripe-card').waitFor();
    expect(await page.locator('.stripe-card').textContent()).toContain('Bo');
    await saveScreenshot(page, 'document-coders-compare.png');

    // Swapping the columns: choosing the other column's coder swaps the two.
    await page.getByRole('combobox', { name: 'Coder in the left column' }).selectOption({ label: 'Researcher' });
    await eventually(() => page.locator('.doc-margin-header').allTextContents()).toEqual(['Researcher', 'Bo']);
  });

  it('reads the same in Chinese', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: '编码员', exact: true }).waitFor();
    await eventually(() => page.locator('.doc-margin-column').count()).toBe(2);
    await saveScreenshot(page, 'document-coders-compare-zh-CN.png');
    // A selected coding in Chinese: its handles, and the memo and remove buttons in the status line.
    await page.locator('.doc-margin-column[data-coder="Bo"] .stripe').first().click();
    await page.locator('.doc-edge-end').waitFor();
    expect(await page.locator('.doc-edge-end').getAttribute('aria-label')).toBe('编码的终点');
    await page.getByRole('button', { name: '备忘录…' }).waitFor();
    await saveScreenshot(page, 'document-selected-zh-CN.png');
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: '编码员', exact: true }).selectOption({ label: '全部编码员' });
    await eventually(() => page.locator('.doc-margin-column').count()).toBe(0);
    const all = (await stored()).map((coding) => coding.id).sort();
    await eventually(() => stripesIn('.doc-margin')).toEqual(all);
    expect(journey.pageErrors).toEqual([]);
  });
});
