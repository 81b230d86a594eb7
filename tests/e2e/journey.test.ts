import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code, ProjectInfo, SourceSummary } from '../../shared/domain/types';
import {
  attributeOfAll,
  dragSelect,
  eventually,
  launchBrowser,
  openPage,
  saveScreenshot,
  selectedText,
} from './support/browser';
import { readFrequencyTable } from './support/frequencies';
import { assertBuilt, callApi, makeHome, runCli, startServer, type RunningServer } from './support/server';

// The foundation journey (issue §8): a researcher creates a project from the template,
// imports three documents, sets their provinces, codes passages selected with the mouse,
// and reads code frequencies per province, which must equal the CLI's.

const FILES = {
  zhejiang:
    '访谈记录：浙江省某县数据局\n问：县里的数字化规划是怎么制定的？\n答：我们按照省里的规划，制定了三年行动计划，把任务分解到各个部门。每个部门都有明确的指标，年底要考核。\n',
  anhui:
    'Interview: Anhui provincial big data bureau\nThe province adopted a five-year plan for the digital economy in 2021.\nOfficials said promotion depended on meeting the platform targets.\n',
  sichuan: '四川省数字政府建设规划（摘要）\n第一条 为推进数字政府建设，制定本规划。\n',
} as const;
const PROVINCES = { zhejiang: 'Zhejiang', anhui: 'Anhui', sichuan: 'Sichuan' } as const;

// Passages coded through the UI, and the number key of their code. Before any coding the keys
// follow codebook order (1 Instruments, 2 Instruments/Digital planning system, 5 Incentives/
// Political and economic incentives); then the code used last has key 1 (see palette-and-keys).
const PLAN = '制定了三年行动计划';
const TASKS = '三年行动计划，把任务分解到各个部门'; // overlaps PLAN by 三年行动计划
const TARGETS = '每个部门都有明确的指标，年底要考核';
const FIVE_YEAR = 'a five-year plan for the digital economy';
const PLAN_AND_TASKS = '制定了三年行动计划，把任务分解到各个部门';

const PLANNING = 'Instruments/Digital planning system';
const INCENTIVES = 'Incentives/Political and economic incentives';

describe('a researcher codes documents and reads frequencies per province', () => {
  let browser: Browser;
  let page: Page;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    server = await startServer(home.home);
    browser = await launchBrowser();
    const opened = await openPage(browser, server.url);
    page = opened.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
    pageErrors.push(...opened.errors);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  const docText = '.doc-text';
  const highlightTexts = (): Promise<string[]> => page.locator(`${docText} .hl`).allTextContents();
  const codedText = async (): Promise<string> => (await highlightTexts()).join('|');

  async function codePassage(phrase: string, key: string): Promise<{ start: number; end: number }> {
    const range = await dragSelect(page, docText, phrase);
    expect(await selectedText(page)).toBe(phrase);
    await eventually(() => page.locator('.doc-status').textContent()).toContain(`${phrase.length} characters selected`);
    const before = await page.locator('.stripe').count();
    await page.keyboard.press(key);
    await eventually(() => page.locator('.stripe').count()).toBe(before + 1);
    return range;
  }

  it('creates a project from the digital-governance template on the start screen', async () => {
    await page.getByRole('heading', { name: 'New project' }).waitFor();
    expect(page.url()).not.toContain('token=');
    await saveScreenshot(page, 'start-screen.png');
    await page.getByLabel('Project name').fill('County study');
    await page.getByLabel('Your name (coder)').fill('Li Wei');
    await page.getByRole('radio', { name: /Digital governance codebook/ }).check();
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.locator('.topbar .project-name', { hasText: 'County study' }).waitFor();
    // The name given on the start screen is the coder new codings are recorded under.
    await page.locator('.topbar .coder', { hasText: 'Li Wei' }).waitFor();
    const tree = page.getByRole('tree', { name: 'Codebook' });
    await eventually(() => tree.getByRole('treeitem').count()).toBe(11);
    const items = tree.getByRole('treeitem');
    const levels = await attributeOfAll(items, 'aria-level');
    const names = await attributeOfAll(items, 'aria-label');
    expect(names.slice(0, 3).map((name, index) => `${levels[index]} ${name}`)).toEqual([
      '1 Instruments',
      '2 Digital planning system',
      '2 Policy experimentation and pilots',
    ]);
  });

  it('imports three text files and sets their provinces in the sources table', async () => {
    const folder = join(home.home, 'documents');
    mkdirSync(folder, { recursive: true });
    const paths = Object.entries(FILES).map(([name, text]) => {
      const path = join(folder, `${name}.txt`);
      writeFileSync(path, text, 'utf8');
      return path;
    });
    await page.setInputFiles('#import-files', paths);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Imported 3, skipped 0, failed 0.').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).last().click();
    const table = page.getByRole('grid', { name: 'Sources' });
    await eventually(() => table.locator('tbody tr').count()).toBe(3);

    for (const [name, province] of Object.entries(PROVINCES)) {
      const cell = table.locator(`tr[data-source-name="${name}"] td[data-attribute="province"]`);
      await cell.getByRole('button').click();
      await cell.getByRole('textbox').fill(province);
      await cell.getByRole('textbox').press('Enter');
      await eventually(() => cell.textContent()).toBe(province);
    }
    const sources = await callApi<SourceSummary[]>(server, 'sources:list');
    expect(Object.fromEntries(sources.map((source) => [source.name, source.attributes.province]))).toEqual(PROVINCES);
  });

  it('codes passages selected with the mouse by pressing a code’s number key', async () => {
    await page.getByRole('button', { name: 'Open zhejiang' }).click();
    await page.locator('.doc-title', { hasText: 'zhejiang' }).waitFor();
    await page.locator(docText, { hasText: PLAN }).waitFor();
    expect(await page.locator('.stripe').count()).toBe(0);

    const plan = await codePassage(PLAN, '2');
    // The highlight and the stripe come from the coding the backend returned.
    await eventually(highlightTexts).toEqual([PLAN]);
    const stripe = page.locator('.stripe');
    const codes = await callApi<Code[]>(server, 'codes:list');
    const planning = codes.find((code) => code.path === PLANNING) as Code;
    expect(await stripe.getAttribute('data-code-id')).toBe(planning.id);
    expect(await stripe.getAttribute('aria-label')).toBe(`${PLANNING}, coded by Li Wei`);
    expect(await page.locator('.stripe-label').textContent()).toBe('Digital planning system');
    const detail = await callApi<{ text: string; codings: { start: number; end: number }[] }>(server, 'sources:get', {
      sourceId: (await callApi<SourceSummary[]>(server, 'sources:list')).find((source) => source.name === 'zhejiang')
        ?.id,
    });
    expect(detail.codings).toEqual([expect.objectContaining({ start: plan.start, end: plan.end })]);
    expect(detail.text.slice(plan.start, plan.end)).toBe(PLAN);

    // An overlapping coding splits the highlight where the two meet, and gets its own lane.
    // Digital planning system, just used, now has key 1, and Instruments key 2.
    await codePassage(TASKS, '2');
    await eventually(codedText).toBe('制定了|三年行动计划|，把任务分解到各个部门');
    const lanes = (await attributeOfAll(page.locator('.stripe'), 'style')).map(
      (style) => /left: ([\d.]+)px/.exec(style ?? '')?.[1],
    );
    expect(new Set(lanes).size).toBe(2);
    await codePassage(TARGETS, '5');
    const codebookCount = page.locator('[role="treeitem"][aria-label="Digital planning system"] .code-count');
    await eventually(() => codebookCount.textContent()).toBe('1');

    // The other way to apply a code: select, then click the code in the codebook.
    await page.getByRole('button', { name: 'Open anhui' }).click();
    await page.locator(docText, { hasText: FIVE_YEAR }).waitFor();
    await dragSelect(page, docText, FIVE_YEAR);
    await page.getByRole('treeitem', { name: 'Digital planning system' }).click();
    await eventually(highlightTexts).toEqual([FIVE_YEAR]);
    expect(await page.locator('.stripe').getAttribute('data-code-id')).toBe(planning.id);

    await page.getByRole('button', { name: 'Open zhejiang' }).click();
    await eventually(() => page.locator('.stripe').count()).toBe(3);
    await saveScreenshot(page, 'document-view.png');
  });

  it('removes a coding with Delete, and brings it back with undo and redo', async () => {
    await page
      .locator(`.stripe-label`, { hasText: 'Political and economic incentives' })
      .getByRole('button')
      .first()
      .click();
    expect(await page.locator('.stripe-selected').count()).toBe(1);
    await eventually(() => page.locator('.doc-status').textContent()).toContain(INCENTIVES);
    await page.keyboard.press('Delete');
    await eventually(() => page.locator('.stripe').count()).toBe(2);
    expect(await codedText()).not.toContain(TARGETS);

    // Undo restores the coding, redo deletes it again, a second undo restores it for good.
    await page.keyboard.press('Control+z');
    await eventually(() => page.locator('.stripe').count()).toBe(3);
    await eventually(codedText).toContain(TARGETS);
    await page.keyboard.press('Control+Shift+z');
    await eventually(() => page.locator('.stripe').count()).toBe(2);
    await page.keyboard.press('Control+z');
    await eventually(() => page.locator('.stripe').count()).toBe(3);
    expect(await codedText()).toContain(TARGETS);
  });

  it('shows frequencies per province that follow the unit', async () => {
    await page.getByRole('tab', { name: 'Frequencies' }).click();
    await page.locator('.freq-table[data-unit="segments"]').waitFor();
    const segments = await readFrequencyTable(page);
    expect(segments.by).toBe('province');
    expect(segments.columns).toEqual(['Anhui', 'Sichuan', 'Zhejiang', '(none)']);
    expect(segments.values.Instruments).toEqual({ Anhui: 1, Sichuan: 0, Zhejiang: 2, '(none)': 0, all: 3 });
    expect(segments.values[PLANNING]).toEqual({ Anhui: 1, Sichuan: 0, Zhejiang: 1, '(none)': 0, all: 2 });
    expect(segments.values[INCENTIVES]).toEqual({ Anhui: 0, Sichuan: 0, Zhejiang: 1, '(none)': 0, all: 1 });
    expect(segments.values.all).toEqual({ Anhui: 1, Sichuan: 0, Zhejiang: 3, '(none)': 0, all: 4 });

    await page.getByRole('radio', { name: 'Documents' }).click();
    await page.locator('.freq-table[data-unit="documents"]').waitFor();
    const documents = await readFrequencyTable(page);
    expect(documents.values.Instruments).toEqual({ Anhui: 1, Sichuan: 0, Zhejiang: 1, '(none)': 0, all: 2 });
    expect(documents.values.all).toEqual({ Anhui: 1, Sichuan: 0, Zhejiang: 1, '(none)': 0, all: 2 });

    await page.getByRole('radio', { name: 'Characters' }).click();
    await page.locator('.freq-table[data-unit="characters"]').waitFor();
    const characters = await readFrequencyTable(page);
    // Overlapping codings count once: Instruments in Zhejiang is the union of PLAN and TASKS.
    expect(characters.values.Instruments.Zhejiang).toBe(PLAN_AND_TASKS.length);
    expect(characters.values[PLANNING]).toEqual({
      Anhui: FIVE_YEAR.length,
      Sichuan: 0,
      Zhejiang: PLAN.length,
      '(none)': 0,
      all: FIVE_YEAR.length + PLAN.length,
    });
    expect(characters.values.all.Zhejiang).toBe(PLAN_AND_TASKS.length + TARGETS.length);
    const sources = await callApi<SourceSummary[]>(server, 'sources:list');
    const zhejiangLength = sources.find((source) => source.name === 'zhejiang')?.length ?? 0;
    const share = (((PLAN_AND_TASKS.length + TARGETS.length) / zhejiangLength) * 100).toFixed(1);
    expect(characters.shares.all.Zhejiang).toBe(`${share} %`);
    expect(characters.shares.all.Sichuan).toBe('0.0 %');
    await saveScreenshot(page, 'frequencies-view.png');

    // Any attribute can be the columns; "kind" is one every source has.
    await page.getByRole('radio', { name: 'Segments' }).click();
    // The segment counts come in a moment later; the next test reads them.
    await page.locator('.freq-table[data-unit="segments"]:not(.stale)').waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
  });

  it('shows the same numbers as the CLI once the project is closed, and reopens from the recent list', async () => {
    const project = await callApi<ProjectInfo>(server, 'projects:current');
    const shown = await readFrequencyTable(page);
    expect(shown.unit).toBe('segments');
    await page.getByRole('button', { name: 'Close project' }).click();
    await page.getByRole('heading', { name: 'New project' }).waitFor();
    await page.getByRole('button', { name: /County study/ }).waitFor();

    const cli = JSON.parse(
      await runCli(['frequencies', project.path, '--by', 'province', '--format', 'json'], home.home),
    ) as {
      rows: { code: string; values: Record<string, number>; total: number }[];
      totals: Record<string, number>;
    };
    for (const row of cli.rows) {
      expect({ code: row.code, ...row.values, all: row.total }).toEqual({ code: row.code, ...shown.values[row.code] });
    }
    expect(cli.totals).toEqual(shown.values.all);

    // The project is in the recent list; opening it from there brings the work back.
    await page.getByRole('button', { name: /County study/ }).click();
    await eventually(() => page.getByRole('grid', { name: 'Sources' }).locator('tbody tr').count()).toBe(3);
    await eventually(() => page.locator('.stripe').count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });
});
