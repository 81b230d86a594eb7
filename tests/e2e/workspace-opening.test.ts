import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankPage, eventually, holdFirstCall, launchBrowser } from './support/browser';
import { assertBuilt, makeHome, runCli, startServer, type RunningServer } from './support/server';

// A project opens on its first source, but the tabs are there before the source lists have
// loaded. A tab clicked in that moment must stay: the first source loads behind it. (On a busy
// machine this moment lasted long enough for a test's click on Analysis to be undone.)

describe('opening a project', () => {
  let browser: Browser;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    const project = join(home.home, 'study.marginalia');
    await runCli(['new', project, '--sample'], home.home);
    server = await startServer(home.home, project);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  it('keeps a tab clicked while the sources load, and loads the first source behind it', async () => {
    const { page, errors, close } = await blankPage(browser);
    // Hold the workspace's first list of sources until the tab has been clicked.
    const held = await holdFirstCall(page, 'sources:list');
    await page.goto(server.url);
    const analysisTab = page.getByRole('tab', { name: 'Analysis', exact: true });
    await analysisTab.click();
    await eventually(() => held.calls()).toBe(1);
    const opened = page.waitForResponse((response) => response.url().endsWith('/api/sources%3Aget'));
    held.release();
    await opened;

    const table = page.getByRole('grid', { name: 'Sources' });
    await eventually(() => table.locator('tbody tr').count()).toBeGreaterThan(1);
    expect(await analysisTab.getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tablist', { name: 'Analyses' }).waitFor();

    // The first source was opened all the same: the Document tab shows it.
    const firstName = await table.locator('tbody tr').first().getAttribute('data-source-name');
    await page.getByRole('tab', { name: 'Document', exact: true }).click();
    await page.locator('.doc-title', { hasText: firstName ?? '' }).waitFor();
    expect(firstName).toBeTruthy();
    expect(errors).toEqual([]);
    await close();
  });
});
