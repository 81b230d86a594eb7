import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code, SourceDetail, SourceSummary } from '../../shared/domain/types';
import { attributeOfAll, eventually, saveScreenshot } from './support/browser';
import { startJourney, type Journey } from './support/journey';
import { callApi } from './support/server';

// Merging two codes in the codebook: the confirmation says what moves and what collapses,
// the counts and highlights follow, and one Ctrl+Z brings both codes and all codings back.

const FIRST =
  'County A ranked departments every year. The province paid for the pilot. Officials felt pressure to finish the reform by December.';
const SECOND = 'In County B the ranking was published in the local paper.';

describe('merging two codes and undoing it', () => {
  let journey: Journey;
  let page: Page;
  const ids: Record<string, string> = {};

  const tree = (): Locator => page.getByRole('tree', { name: 'Codebook' });
  const row = (name: string): Locator => tree().getByRole('treeitem', { name, exact: true });
  const names = (): Promise<(string | null)[]> => attributeOfAll(tree().getByRole('treeitem'), 'aria-label');
  const stripesOf = (codeId: string): Promise<number> => page.locator(`.stripe[data-code-id="${codeId}"]`).count();
  const codingsOf = async (sourceId: string): Promise<string[]> =>
    (await callApi<SourceDetail>(journey.server, 'sources:get', { sourceId })).codings
      .map((coding) => `${coding.id}:${coding.codeId}:${coding.start}-${coding.end}`)
      .sort();

  beforeAll(async () => {
    journey = await startJourney({
      codebook: 'empty',
      files: { 'a-county': { text: FIRST, province: 'Zhejiang' }, 'b-county': { text: SECOND, province: 'Jiangsu' } },
    });
    page = journey.page;
    await page.locator('.doc-text', { hasText: 'felt pressure' }).waitFor();
    const create = async (name: string, parentId: string | null = null): Promise<void> => {
      ids[name] = (await callApi<Code>(journey.server, 'codes:create', { parentId, name })).id;
    };
    await create('Pressure');
    await create('Ranking');
    await create('Year-end', ids.Ranking);
    const sources = await callApi<SourceSummary[]>(journey.server, 'sources:list');
    ids.first = sources.find((source) => source.name.startsWith('a-county'))?.id ?? '';
    ids.second = sources.find((source) => source.name.startsWith('b-county'))?.id ?? '';
    const code = async (codeName: string, sourceId: string, text: string, phrase: string): Promise<void> => {
      const start = text.indexOf(phrase);
      await callApi(journey.server, 'codings:create', {
        sourceId,
        codeId: ids[codeName],
        start,
        end: start + phrase.length,
      });
    };
    await code('Pressure', ids.first, FIRST, 'felt pressure');
    await code('Ranking', ids.first, FIRST, 'ranked departments every year');
    // The same passage by the same coder as Pressure's: it collapses in the merge.
    await code('Ranking', ids.first, FIRST, 'felt pressure');
    await code('Ranking', ids.second, SECOND, 'the ranking was published');
    await code('Year-end', ids.first, FIRST, 'by December');
    // The document was drawn before these codings existed: open the project again.
    await page.reload();
    await page.locator('.doc-text', { hasText: 'felt pressure' }).waitFor();
  });

  afterAll(async () => {
    await journey?.end();
  });

  it('shows each code’s codings and documents, sub-codes included, beside it', async () => {
    await eventually(() => row('Ranking').locator('.code-count').textContent()).toBe('4');
    expect(await row('Ranking').locator('.code-docs').textContent()).toBe('2');
    expect(await row('Year-end').locator('.code-count').textContent()).toBe('1');
    expect(await row('Pressure').locator('.code-count').textContent()).toBe('1');
    // The code's own figures are in its tooltip.
    expect(await row('Ranking').getAttribute('title')).toContain('This code alone: codings 3 · documents 2.');
    await eventually(() => stripesOf(ids.Ranking)).toBe(2);
    await saveScreenshot(page, 'codebook-counts.png');
  });

  it('asks first, saying how many codings move and how many collapse', async () => {
    await row('Ranking').click();
    await page.keyboard.press('Alt+m');
    const picker = page.getByRole('dialog', { name: 'Merge “Ranking” into…' });
    await picker.waitFor();
    // Ranking's own sub-code is not offered: a code cannot be merged into its descendant.
    expect(await picker.getByRole('option').allTextContents()).toEqual(['Pressure']);
    await page.keyboard.type('press');
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('alertdialog', { name: 'Merge “Ranking” into “Pressure”?' });
    await confirm.waitFor();
    expect(await confirm.locator('.dialog-body p').allTextContents()).toEqual([
      '2 codings move to “Pressure”.',
      '1 coding collapses: “Pressure” already codes the same passage by the same coder.',
      '1 sub-code moves under “Pressure”.',
      '“Ranking” is then removed. Ctrl+Z undoes the whole merge.',
    ]);
    await saveScreenshot(page, 'codebook-merge-confirm.png');
  });

  let before: { codes: Code[]; first: string[]; second: string[] };

  it('merges: the codings and the sub-code move, the counts and highlights follow', async () => {
    before = {
      codes: await callApi<Code[]>(journey.server, 'codes:list'),
      first: await codingsOf(ids.first),
      second: await codingsOf(ids.second),
    };
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    await eventually(names).toEqual(['Pressure', 'Year-end']);
    expect(await row('Year-end').getAttribute('aria-level')).toBe('2');
    await eventually(() => row('Pressure').locator('.code-count').textContent()).toBe('4');
    expect(await row('Pressure').locator('.code-docs').textContent()).toBe('2');
    await eventually(() => stripesOf(ids.Ranking)).toBe(0);
    expect(await stripesOf(ids.Pressure)).toBe(2);
    expect(await stripesOf(ids['Year-end'])).toBe(1);
    const codes = await callApi<Code[]>(journey.server, 'codes:list');
    expect(codes.map((code) => [code.path, code.segmentCount])).toEqual([
      ['Pressure', 3],
      ['Pressure/Year-end', 1],
    ]);
  });

  it('brings both codes and every coding back with one Ctrl+Z', async () => {
    await page.keyboard.press('Control+z');
    await eventually(names).toEqual(['Pressure', 'Ranking', 'Year-end']);
    expect(await callApi<Code[]>(journey.server, 'codes:list')).toEqual(before.codes);
    expect(await codingsOf(ids.first)).toEqual(before.first);
    expect(await codingsOf(ids.second)).toEqual(before.second);
    await eventually(() => row('Ranking').locator('.code-count').textContent()).toBe('4');
    expect(await row('Pressure').locator('.code-count').textContent()).toBe('1');
    await eventually(() => stripesOf(ids.Ranking)).toBe(2);
    expect(await stripesOf(ids.Pressure)).toBe(1);
    expect(journey.pageErrors).toEqual([]);
  });
});
