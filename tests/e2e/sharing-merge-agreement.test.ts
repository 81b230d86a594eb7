import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceSummary } from '../../shared/domain/types';
import type { AgreementReport } from '../../shared/stats/agreement';
import { attributeOfAll, eventually, launchBrowser, openPage, saveScreenshot, selectedText } from './support/browser';
import { assertBuilt, callApi, makeHome, runCli, startServer, type RunningServer } from './support/server';

/*
 * Issue 6 end to end, the way two researchers work: I export a blind copy from the Share
 * menu, a colleague (Ben) codes it with the CLI, I merge his copy through the preview, undo,
 * merge again, merge once more (nothing to add), then read the agreement report, open a
 * disagreement in the document, and export the CSV. The figures and the CSV must equal what
 * `marginalia agreement` prints for the same project.
 */

const TEXT_A =
  'The county launched a digital platform for permits. Officials said the platform cut waiting times.\n' +
  'Residents complained that older people could not use the app.\n';
const TEXT_B = 'Provincial targets pushed counties to adopt e-government quickly. Training for staff was limited.\n';

const DIGITAL = 'Instruments/Digital planning system';
const INCENTIVES = 'Incentives/Political and economic incentives';
const TECHNICAL = 'Capacity/Technical capacity';

describe('sharing: blind copy, merge through the preview, agreement', () => {
  let browser: Browser;
  let page: Page;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;
  let mine: string;
  let theirs: string;
  const pageErrors: string[] = [];
  /** Figures read from the agreement view, compared with the CLI's at the end. */
  const shown: Record<string, { percent: string; cohen: string; alpha: string; bp: string }> = {};
  let downloadedCsv = '';

  const cli = (...args: string[]) => runCli(args, home.home);
  const codingTotal = async (): Promise<number> =>
    (await callApi<SourceSummary[]>(server, 'sources:list')).reduce((sum, source) => sum + source.codingCount, 0);

  /**
   * Notices sit over the bottom right of the window until closed, as a researcher would close
   * them. Info notices also go by themselves after a few seconds, so one may vanish between
   * being counted and being clicked: a short click that gives up then, instead of waiting for it.
   */
  const dismissNotices = async (): Promise<void> => {
    const buttons = page.locator('.notice-dismiss');
    for (let tries = 0; tries < 20 && (await buttons.count()) > 0; tries += 1) {
      await buttons
        .first()
        .click({ timeout: 1000 })
        .catch(() => undefined);
    }
    expect(await buttons.count()).toBe(0);
  };

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    mine = join(home.home, 'mine.marginalia');
    theirs = join(home.home, 'theirs.marginalia');
    writeFileSync(join(home.home, 'a.txt'), TEXT_A);
    writeFileSync(join(home.home, 'b.txt'), TEXT_B);
    await cli('new', mine, '--coder', 'Ana', '--codebook', 'digital-governance');
    await cli('import', mine, join(home.home, 'a.txt'), join(home.home, 'b.txt'));
    await cli('code', mine, '--source', 'a', '--code', DIGITAL, '--text', 'launched a digital platform for permits');
    await cli('code', mine, '--source', 'a', '--code', TECHNICAL, '--text', 'older people could not use the app');
    await cli('code', mine, '--source', 'b', '--code', INCENTIVES, '--text', 'Provincial targets pushed counties');
    server = await startServer(home.home, mine);
    browser = await launchBrowser();
    const opened = await openPage(browser, server.url);
    page = opened.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.locator('.doc-title').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  it('exports a blind copy from the Share menu, leaving out my codings', async () => {
    await page.getByRole('button', { name: /^Share/ }).click();
    await page.getByRole('menuitem', { name: /Export for a colleague/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Export for a colleague or another tool' });
    await dialog.getByRole('checkbox', { name: /blind copy/ }).check();
    // The current coder is chosen by default: the colleague must not see how I coded.
    expect(await dialog.getByRole('checkbox', { name: 'Ana' }).isChecked()).toBe(true);
    await saveScreenshot(page, 'sharing-export-dialog.png');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Export and save' }).click(),
    ]);
    const blind = join(home.home, download.suggestedFilename());
    await download.saveAs(blind);
    expect(blind.endsWith('.qdpx')).toBe(true);
    await dialog.getByRole('status').waitFor();
    expect(await dialog.getByRole('status').textContent()).toContain(download.suggestedFilename());
    expect(await dialog.locator('[data-count="sources"]').textContent()).toBe('2 sources');
    expect(await dialog.locator('[data-count="codings"]').textContent()).toBe('0 codings');
    expect(await dialog.getByRole('list', { name: /cannot carry or leaves out/ }).textContent()).toContain(
      'Left out for a blind copy: 3 codings and 0 memos of Ana.',
    );
    await saveScreenshot(page, 'sharing-export-done.png');
    await dialog.getByRole('button', { name: 'Done' }).click();

    // Ben makes his project from the blind copy and codes it (overlapping Ana in places).
    await cli('new', theirs, '--from', blind, '--coder', 'Ben');
    await cli('code', theirs, '--source', 'a', '--code', DIGITAL, '--text', 'a digital platform for permits');
    await cli('code', theirs, '--source', 'b', '--code', TECHNICAL, '--text', 'Training for staff was limited');
    await cli(
      'code',
      theirs,
      '--source',
      'b',
      '--code',
      INCENTIVES,
      '--text',
      'Provincial targets pushed counties to adopt e-government quickly',
    );
  });

  it('previews the merge before writing, applies it as one undo step, and adds nothing the second time', async () => {
    expect(await codingTotal()).toBe(3);
    await page.locator('body').press('Control+Shift+M');
    const dialog = page.getByRole('dialog', { name: 'Merge a colleague’s work' });
    await dialog.waitFor();
    await page.locator('#merge-file').setInputFiles(theirs);
    const codings = dialog.locator('[data-section="codings"]');
    await codings.waitFor();
    expect(await codings.locator('.merge-section-title .count').textContent()).toBe('3');
    expect(await dialog.locator('[data-section="coders"] li').allTextContents()).toEqual(['Ben']);
    expect(await dialog.locator('[data-section="matched"]').textContent()).toContain(
      'Sources: 2 by id, 0 by their text',
    );
    expect(await dialog.textContent()).toContain('Undo (Ctrl+Z) takes all of it back');
    // Nothing is written by the preview.
    expect(await codingTotal()).toBe(3);
    await saveScreenshot(page, 'sharing-merge-preview.png');

    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    const summary = page.getByRole('dialog', { name: /^Merged / });
    await summary.getByRole('status').waitFor();
    expect(await summary.getByRole('status').textContent()).toBe('Added: 3 codings · 1 coder');
    expect(await codingTotal()).toBe(6);
    await saveScreenshot(page, 'sharing-merge-applied.png');

    // One undo step takes the whole merge back.
    await summary.getByRole('button', { name: 'Undo the merge' }).click();
    await eventually(codingTotal).toBe(3);

    // Merge again (Ben's codings come back with their ids), then once more: nothing to add.
    for (const expected of ['Added: 3 codings · 1 coder', 'nothing']) {
      await page.getByRole('button', { name: /^Share/ }).click();
      await page.getByRole('menuitem', { name: /Merge a colleague/ }).click();
      await page.locator('#merge-file').setInputFiles(theirs);
      const preview = page.getByRole('dialog', { name: 'Merge a colleague’s work' });
      if (expected === 'nothing') {
        await eventually(() => preview.getByRole('status').textContent()).toBe(
          'Nothing to add: everything in this file is already in the project.',
        );
        expect(await preview.getByRole('button', { name: 'Merge', exact: true }).count()).toBe(0);
        expect(await preview.locator('[data-section="matched"]').textContent()).toContain('Codings already here: 3');
        await preview.getByRole('button', { name: 'Close' }).click();
      } else {
        await preview.locator('[data-section="codings"]').waitFor();
        await preview.getByRole('button', { name: 'Merge', exact: true }).click();
        const done = page.getByRole('dialog', { name: /^Merged / });
        expect(await done.getByRole('status').textContent()).toBe(expected);
        await done.getByRole('button', { name: 'Close' }).click();
      }
    }
    expect(await codingTotal()).toBe(6);
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('shows agreement per code with its table and formulas, and opens a disagreement in the document', async () => {
    await page.getByRole('tab', { name: 'Agreement' }).click();
    const view = page.getByRole('region', { name: 'Inter-coder agreement' });
    const pooled = view.locator('tr[data-row="pooled"]');
    await pooled.waitFor();
    expect(await view.getByRole('checkbox', { name: 'Ana' }).isChecked()).toBe(true);
    expect(await view.getByRole('checkbox', { name: 'Ben' }).isChecked()).toBe(true);
    const read = async (row: ReturnType<typeof view.locator>) => ({
      percent: (await row.locator('td[data-figure="percent"]').textContent()) ?? '',
      cohen: (await row.locator('td[data-figure="cohen"]').textContent()) ?? '',
      alpha: (await row.locator('td[data-figure="alpha"]').textContent()) ?? '',
      bp: (await row.locator('td[data-figure="bp"]').textContent()) ?? '',
    });
    shown.pooled = await read(pooled);
    for (const path of [DIGITAL, INCENTIVES, TECHNICAL]) {
      shown[path] = await read(view.locator(`tr.code-row-agreement[data-code-path="${path}"]`));
    }
    // The counts behind the pooled figures: both, only Ana, only Ben, neither.
    expect(await pooled.locator('td.counts').allTextContents()).toEqual(['64', '43', '60', '610']);
    // Brennan–Prediger for two coders: 2·pₒ − 1 from the same table.
    expect(await pooled.locator('td[data-figure="bp"]').textContent()).toBe(((2 * 674) / 777 - 1).toFixed(3));

    await view.getByRole('button', { name: 'How is Cohen’s κ computed?' }).click();
    expect(await view.getByRole('region', { name: 'How this is computed' }).textContent()).toContain(
      '(pₒ − pₑ) / (1 − pₑ)',
    );
    await view.getByRole('button', { name: `Show the sources of ${INCENTIVES}` }).click();
    await view.locator(`tr.source-row[data-code-path="${INCENTIVES}"][data-source-name="b"]`).click();
    const list = view.getByRole('list', { name: 'Disagreements' });
    const first = list.getByRole('button').first();
    await first.locator('.disagreement-text').waitFor();
    await saveScreenshot(page, 'sharing-agreement.png');

    // Ana coded "Provincial targets pushed counties", Ben the whole clause: they disagree on the rest.
    const start = Number(await first.getAttribute('data-start'));
    const end = Number(await first.getAttribute('data-end'));
    expect(await first.textContent()).toContain('coded by Ben');
    await dismissNotices();
    await first.click();
    await page.locator('.doc-title', { hasText: 'b' }).waitFor();
    await eventually(() => selectedText(page)).toBe(TEXT_B.slice(start, end));
    // The stripes are laid out a few frames after the text: wait for them.
    await eventually(() => attributeOfAll(page.locator('.stripe'), 'aria-label')).toEqual(
      expect.arrayContaining([`${INCENTIVES}, coded by Ana`, `${INCENTIVES}, coded by Ben`]),
    );
    await saveScreenshot(page, 'sharing-disagreement-opened.png');

    // Back to the report, as it was left; export the CSV.
    await page.getByRole('tab', { name: 'Agreement' }).click();
    await view.getByRole('list', { name: 'Disagreements' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      view.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csvPath = join(home.home, download.suggestedFilename());
    await download.saveAs(csvPath);
    downloadedCsv = readFileSync(csvPath, 'utf8');
    expect(downloadedCsv.split('\n')[0]).toContain('level');
    // The export carries Brennan–Prediger as the tab shows it: the pooled row, 2·pₒ − 1.
    expect(downloadedCsv.split('\n')[0]).toContain("Krippendorff's alpha,Brennan-Prediger kappa,");
    expect(downloadedCsv.trim().split('\n').at(-1)).toContain(`,${((2 * 674) / 777 - 1).toFixed(4)},`);
  });

  it('shows the agreement view in Chinese', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.keyboard.press('Escape');
    const view = page.getByRole('region', { name: '编码员间一致性' });
    await view.locator('tr[data-row="pooled"]').waitFor();
    expect(await view.locator('thead').textContent()).toContain('Cohen κ 系数');
    await saveScreenshot(page, 'sharing-agreement-zh.png');
    await page.getByRole('button', { name: '共享 ▾' }).click();
    await page.getByRole('menuitem', { name: /合并同事的工作/ }).click();
    await page.locator('#merge-file').setInputFiles(theirs);
    const preview = page.getByRole('dialog', { name: '合并同事的工作' });
    await eventually(() => preview.getByRole('status').textContent()).toContain('没有可添加的内容');
    await preview.getByRole('button', { name: '关闭' }).click();
    await page.getByRole('button', { name: '设置', exact: true }).click();
    await page.getByRole('dialog', { name: '设置' }).getByRole('radio', { name: 'English', exact: true }).click();
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });

  it('gives the same figures and the same CSV as `marginalia agreement`', async () => {
    await browser.close();
    await server.stop();
    const report = JSON.parse(
      await cli('agreement', mine, '--coders', 'Ana,Ben', '--format', 'json'),
    ) as AgreementReport;
    const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)} %`);
    const fixed = (value: number | null) => (value === null ? '—' : value.toFixed(3));
    expect(shown.pooled).toEqual({
      percent: percent(report.pooled.percentAgreement),
      cohen: fixed(report.pooled.kappa),
      alpha: fixed(report.pooled.alpha),
      bp: fixed(report.pooled.brennanPrediger),
    });
    expect(report.codes.map((row) => row.codePath).sort()).toEqual([DIGITAL, INCENTIVES, TECHNICAL].sort());
    for (const row of report.codes) {
      expect(shown[row.codePath]).toEqual({
        percent: percent(row.percentAgreement),
        cohen: fixed(row.kappa),
        alpha: fixed(row.alpha),
        bp: fixed(row.brennanPrediger),
      });
    }
    // The hand-checked pooled kappa of this fixture (pₒ = 674/777, pₑ from the marginals).
    expect(shown.pooled.cohen).toBe('0.477');
    expect(downloadedCsv).toBe(await cli('agreement', mine, '--coders', 'Ana,Ben', '--format', 'csv'));
  });
});
