import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceSummary } from '../../shared/domain/types';
import { eventually, launchBrowser, openPage, saveScreenshot } from './support/browser';
import { assertBuilt, callApi, makeHome, REPO_ROOT, runCli, startServer, type RunningServer } from './support/server';

/*
 * The start screen's "New project from an exchange file…" with real files other tools wrote
 * (../shared/refi-qda/samples): the project opens with what the file held, and the import
 * report says, as the CLI's `new --from` does, what could not be carried over.
 */

const SAMPLES = join(REPO_ROOT, '..', 'shared', 'refi-qda', 'samples');
const NVIVO = join(SAMPLES, 'nvivo-mac-15_qc-project.qdpx');
const ATLAS_QDE = join(SAMPLES, 'atlasti-8.4_standard-project_spec-annex-A2.qde');

type CliSummary = { counts: Record<string, number>; report: string[] };

/** The counts and report lines `marginalia new --from` prints for the same file. */
function parseCli(output: string): CliSummary {
  const match = /: (\d+) sources, (\d+) codes, (\d+) codings, (\d+) attributes, (\d+) memos, (\d+) coders?\./.exec(output);
  if (!match) throw new Error(`Unexpected output of marginalia new --from: ${output}`);
  const [sources, codes, codings, attributes, memos, coders] = match.slice(1).map(Number);
  const report = output
    .split('\n')
    .filter((line) => line.startsWith('  - '))
    .map((line) => line.slice(4));
  return { counts: { sources, codes, codings, attributes, memos, coders }, report };
}

describe('a new project from an exchange file, on the start screen', () => {
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
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  /** Creates a project from `file` through the start screen and returns the report dialog. */
  const createFrom = async (file: string) => {
    // The visible button (the hidden file input it opens carries the same label).
    await page.locator('button', { hasText: 'New project from an exchange file…' }).waitFor();
    await page.locator('#new-from-exchange-file').setInputFiles(file);
    const name = file.split('/').at(-1) ?? '';
    const dialog = page.getByRole('dialog', { name: `Project created from ${name}` });
    await dialog.waitFor({ timeout: 60_000 });
    return dialog;
  };

  /**
   * The dialog's counts, against the CLI's: the CLI's coders are all the project's (the file's
   * users and the current coder), the dialog's those imported from the file, so coders are
   * checked against `coders:list` instead.
   */
  const expectCounts = async (dialog: Awaited<ReturnType<typeof createFrom>>, expected: CliSummary) => {
    const { coders, ...counts } = await shownCounts(dialog);
    const { coders: projectCoders, ...expectedCounts } = expected.counts;
    expect(counts).toEqual(expectedCounts);
    expect(coders).toBeGreaterThan(0);
    expect((await callApi<unknown[]>(server, 'coders:list')).length).toBe(projectCoders);
  };

  const shownCounts = async (dialog: Awaited<ReturnType<typeof createFrom>>) => {
    const counts: Record<string, number> = {};
    for (const item of await dialog.locator('[data-count]').all()) {
      counts[(await item.getAttribute('data-count')) ?? ''] = Number.parseInt((await item.textContent()) ?? '', 10);
    }
    return counts;
  };

  it('makes a project from an NVivo .qdpx with the same counts as `marginalia new --from`', async () => {
    const expected = parseCli(await runCli(['new', join(home.home, 'cli-nvivo.marginalia'), '--from', NVIVO], home.home));
    await page.locator('button', { hasText: 'New project from an exchange file…' }).waitFor();
    await saveScreenshot(page, 'sharing-start-screen.png');
    const dialog = await createFrom(NVIVO);
    await expectCounts(dialog, expected);
    await saveScreenshot(page, 'sharing-new-from-qdpx.png');
    await dialog.getByRole('button', { name: 'Start working' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    const sources = await callApi<SourceSummary[]>(server, 'sources:list');
    expect(sources.length).toBe(expected.counts.sources);
    await eventually(() => page.getByRole('grid', { name: 'Sources' }).locator('tbody tr').count()).toBe(sources.length);
    await page.getByRole('button', { name: 'Close project' }).click();
  });

  it('lists what an ATLAS.ti .qde held that could not be carried over', async () => {
    const expected = parseCli(await runCli(['new', join(home.home, 'cli-atlas.marginalia'), '--from', ATLAS_QDE], home.home));
    expect(expected.report.length).toBeGreaterThan(3);
    const dialog = await createFrom(ATLAS_QDE);
    await expectCounts(dialog, expected);
    const lines = await dialog.getByRole('list', { name: 'What could not be carried over' }).locator('li').allTextContents();
    expect(lines).toEqual(expected.report);
    await saveScreenshot(page, 'sharing-new-from-qde-report.png');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
