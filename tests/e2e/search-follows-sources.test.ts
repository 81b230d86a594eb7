import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceSummary } from '../../shared/domain/types';
import { eventually, saveScreenshot } from './support/browser';
import { startJourney, type Journey } from './support/journey';
import { callApi } from './support/server';

// Search results follow the sources: an import or a deletion while the Search tab shows results
// runs the search again (the hit last opened stays marked); when the query box holds another
// query the results are marked out of date with a Re-run button. A runaway regular expression
// is stopped with a sentence, and the rest of the app keeps answering meanwhile.

const FILES = {
  zhejiang: { province: 'Zhejiang', text: '问：数据平台是怎么建起来的？\n答：数据共享以后，办事快多了。' },
  anhui: { province: 'Anhui', text: '答：考核看数据，也看群众满意度。' },
  runs: { province: 'Anhui', text: `Notes.\n${'a'.repeat(40)}!\n` },
};

function importArgs(name: string, text: string) {
  return { files: [{ name, dataBase64: Buffer.from(text).toString('base64') }] };
}

describe('search results after sources change', () => {
  let journey: Journey;
  let page: Page;

  beforeAll(async () => {
    journey = await startJourney({ codebook: 'empty', files: FILES });
    page = journey.page;
    await page.locator('.doc-text').first().waitFor();
  });

  afterAll(async () => {
    await journey?.end();
  });

  const status = () => page.locator('.search-status').textContent();
  const sourceNames = () => page.locator('.search-source-name').allTextContents();
  const sourceId = async (name: string): Promise<string> =>
    (await callApi<SourceSummary[]>(journey.server, 'sources:list')).find((source) => source.name === name)?.id ?? '';

  it('runs the search again after an import, keeping the hit last opened', async () => {
    await page.keyboard.press('Control+Shift+F');
    await page.locator('.search-view').waitFor();
    await page.locator('.search-input').fill('数据');
    await page.keyboard.press('Enter');
    await eventually(status).toContain('3 hits in 2 sources');
    // Open anhui's hit, then come back to the Search tab: that hit is marked.
    await page.locator('.search-source', { hasText: 'anhui' }).locator('.search-hit').click();
    await page.locator('.doc-text', { hasText: '考核看数据' }).waitFor();
    await page.getByRole('tab', { name: 'Search' }).click();
    await eventually(() => page.locator('.search-hit[aria-current="true"]').textContent()).toBe(
      '答：考核看数据，也看群众满意度。',
    );

    await callApi(journey.server, 'sources:import', importArgs('sichuan.txt', '数据不多，数据很少。'));
    await eventually(status).toContain('5 hits in 3 sources');
    expect(await sourceNames()).toEqual(['zhejiang', 'anhui', 'sichuan']);
    expect(await page.locator('.search-hit[aria-current="true"]').textContent()).toBe(
      '答：考核看数据，也看群众满意度。',
    );
    expect(await page.locator('.search-outdated').count()).toBe(0);
  });

  it('drops the hits of a deleted source, and the marked hit with it', async () => {
    await callApi(journey.server, 'sources:delete', { sourceId: await sourceId('anhui') });
    await eventually(status).toContain('4 hits in 2 sources');
    expect(await sourceNames()).toEqual(['zhejiang', 'sichuan']);
    expect(await page.locator('.search-hit[aria-current="true"]').count()).toBe(0);
  });

  it('marks results out of date while another query is being typed, and re-runs them on request', async () => {
    await page.locator('.search-input').fill('平台');
    await callApi(journey.server, 'history:undo', {});
    const outdated = page.locator('.search-outdated');
    await eventually(() => outdated.textContent()).toContain(
      'Sources have changed since these results for “数据” were found.',
    );
    // The results still show the old hits, dimmed; the box keeps what is being typed.
    expect(await sourceNames()).toEqual(['zhejiang', 'sichuan']);
    expect(await page.locator('.search-input').inputValue()).toBe('平台');
    await saveScreenshot(page, 'search-outdated-en.png');
    await outdated.getByRole('button', { name: 'Re-run' }).click();
    // The undo brought anhui back.
    await eventually(status).toContain('5 hits in 3 sources');
    expect(await sourceNames()).toEqual(['zhejiang', 'anhui', 'sichuan']);
    expect(await outdated.count()).toBe(0);
  });

  it('stops a runaway regular expression with a sentence while the app keeps answering', async () => {
    await page.locator('.search-regex input').check();
    await page.locator('.search-input').fill('(a+)+$');
    await page.keyboard.press('Enter');
    await eventually(status).toBe('Searching…');
    // Another channel answers while the pattern runs.
    expect((await callApi<SourceSummary[]>(journey.server, 'sources:list')).length).toBe(4);
    expect(await status()).toBe('Searching…');
    await eventually(status).toBe(
      'This regular expression took too long (over 5 seconds) and was stopped. Simplify it, e.g. avoid nested repetition such as (a+)+.',
    );
    await saveScreenshot(page, 'search-regex-too-slow-en.png');
    // A readable pattern works as before.
    await page.locator('.search-input').fill('数据.');
    await page.keyboard.press('Enter');
    await eventually(status).toContain('5 hits in 3 sources');
  });

  it('says the same in Chinese', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.getByRole('button', { name: '设置', exact: true }).click();
    await page.getByRole('dialog', { name: '设置' }).waitFor({ state: 'detached' });
    await page.locator('.search-input').fill('(a+)+$');
    await page.keyboard.press('Enter');
    await eventually(status).toBe(
      '这个正则表达式运行太久（超过 5 秒），已被停止。请简化它，例如避免 (a+)+ 这样的嵌套重复。',
    );
    await saveScreenshot(page, 'search-regex-too-slow-zh-CN.png');
    await page.locator('.search-input').fill('数据.');
    await page.keyboard.press('Enter');
    await eventually(status).toContain('3 份资料中共 5 处');
    await page.locator('.search-input').fill('平台');
    await callApi(journey.server, 'sources:import', importArgs('henan.txt', '数据平台'));
    await eventually(() => page.locator('.search-outdated').textContent()).toContain('资料已有变动');
    await saveScreenshot(page, 'search-outdated-zh-CN.png');
    expect(journey.pageErrors).toEqual([]);
  });
});
