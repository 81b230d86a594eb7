import { join } from 'node:path';
import type { Browser, Locator, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoEntry } from '../../shared/ipc/channels/memos';
import { eventually, launchBrowser, openPage, saveScreenshot } from './support/browser';
import { assertBuilt, callApi, makeHome, runCli, startServer, type RunningServer } from './support/server';

// The footer the Memos and Analysis export dialogs share (renderer/app/ExportFooter.tsx): the
// progress row while the backend makes the file, the backend's sentence when it cannot, Cancel
// and Export; Enter exports, Cancel or Escape gives up even while the file is being made, and
// nothing is saved then. The backend's answer is held or replaced in the page's network, so the
// moments a fast machine never shows can be looked at (screenshots in en and zh).

type Opened = { dialog: Locator; exportButton: Locator; cancelButton: Locator };

describe('the export dialogs’ footer', () => {
  let browser: Browser;
  let page: Page;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;
  let pageErrors: string[];
  let downloads = 0;

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    const project = join(home.home, 'study.marginalia');
    await runCli(['new', project, '--sample'], home.home);
    server = await startServer(home.home, project);
    await callApi<MemoEntry>(server, 'memos:save', {
      target: { type: 'project', id: null },
      title: '第一周',
      body: 'Read every interview before coding.',
    });
    browser = await launchBrowser();
    const opened = await openPage(browser, server.url);
    page = opened.page;
    pageErrors = opened.errors;
    page.on('download', () => {
      downloads += 1;
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  /** Holds every call of a channel until `release()`. */
  const hold = async (channel: string): Promise<{ release(): Promise<void> }> => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const matches = (url: URL): boolean => url.pathname.endsWith(`/api/${encodeURIComponent(channel)}`);
    const passed: Promise<void>[] = [];
    await page.route(matches, (route: Route) => {
      passed.push(released.then(() => route.continue()));
    });
    return {
      release: async () => {
        release();
        // Let the held calls through before the route goes, or they would be dropped.
        await Promise.all(passed);
        await page.unroute(matches);
      },
    };
  };

  /** Answers every call of a channel with the failure a backend gives when it cannot write. */
  const refuse = async (channel: string, message: string): Promise<() => Promise<void>> => {
    const matches = (url: URL): boolean => url.pathname.endsWith(`/api/${encodeURIComponent(channel)}`);
    await page.route(matches, (route: Route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ ok: false, error: { code: 'internal', message } }),
      }),
    );
    return () => page.unroute(matches);
  };

  const openMemos = async (title: string, openLabel: string, exportLabel: string, cancelLabel: string): Promise<Opened> => {
    await page.getByRole('button', { name: openLabel, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: title });
    await dialog.waitFor();
    return {
      dialog,
      exportButton: dialog.getByRole('button', { name: exportLabel, exact: true }),
      cancelButton: dialog.getByRole('button', { name: cancelLabel, exact: true }),
    };
  };

  /** Idle, busy (Escape gives up, nothing is saved), refused (the sentence shows, Cancel closes). */
  const walk = async (
    open: () => Promise<Opened>,
    channel: string,
    shot: string,
    words: { preparing: string },
  ): Promise<void> => {
    const idle = await open();
    expect(await idle.dialog.getByRole('status').count()).toBe(0);
    expect(await idle.dialog.getByRole('alert').count()).toBe(0);
    // Focus order: Cancel, then Export, the last control; Tab from there comes back to the top.
    await idle.cancelButton.focus();
    await page.keyboard.press('Tab');
    const focused = "document.activeElement.closest('[role=dialog]') ? document.activeElement.type + ' ' + document.activeElement.textContent : ''";
    expect(await page.evaluate(focused)).toBe(`submit ${await idle.exportButton.textContent()}`);
    await saveScreenshot(page, `${shot}-idle.png`);

    const held = await hold(channel);
    const before = downloads;
    await idle.exportButton.click();
    const status = idle.dialog.getByRole('status');
    await status.waitFor();
    expect(await status.textContent()).toBe(words.preparing);
    expect(await idle.dialog.getByRole('progressbar', { name: words.preparing }).count()).toBe(1);
    expect(await idle.exportButton.isDisabled()).toBe(true);
    expect(await idle.cancelButton.isDisabled()).toBe(false);
    await saveScreenshot(page, `${shot}-busy.png`);
    await page.keyboard.press('Escape');
    await idle.dialog.waitFor({ state: 'detached' });
    await held.release();

    const allow = await refuse(channel, 'The disk is full.');
    const refused = await open();
    await refused.exportButton.click();
    const alert = refused.dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('The disk is full.');
    expect(await refused.exportButton.isDisabled()).toBe(false);
    expect(await refused.dialog.getByRole('status').count()).toBe(0);
    await saveScreenshot(page, `${shot}-error.png`);
    await refused.cancelButton.click();
    await refused.dialog.waitFor({ state: 'detached' });
    await allow();
    // The dialog closed while the file was being made saved nothing, even once it came.
    expect(downloads).toBe(before);
  };

  it('Memos: progress while the file is made, the refusal, Cancel and Escape; Enter exports', async () => {
    await page.getByRole('tab', { name: 'Memos' }).click();
    await eventually(() => page.locator('.memo-row').count()).toBe(1);
    const open = () => openMemos('Export memos', 'Export…', 'Export', 'Cancel');
    await walk(open, 'memos:export', 'footer-memos-en', { preparing: 'Preparing the file…' });

    const again = await open();
    const before = downloads;
    await again.dialog.getByRole('radio', { name: /^Markdown/ }).focus();
    await page.keyboard.press('Enter');
    await again.dialog.waitFor({ state: 'detached' });
    expect(downloads).toBe(before + 1);
  });

  it('Analysis: the same footer under the crosstab’s export', async () => {
    await page.getByRole('tab', { name: 'Analysis' }).click();
    await page.locator('table.crosstab:not(.stale)').first().waitFor();
    const open = () => openMemos('Export the Crosstab', 'Export…', 'Export', 'Cancel');
    await walk(open, 'analyses:export', 'footer-analysis-en', { preparing: 'Preparing the file…' });

    const again = await open();
    const before = downloads;
    await again.dialog.getByRole('radio').first().focus();
    await page.keyboard.press('Enter');
    await again.dialog.waitFor({ state: 'detached' });
    expect(downloads).toBe(before + 1);
  });

  it('reads in Chinese in both dialogs', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.keyboard.press('Escape');
    await page.locator('table.crosstab:not(.stale)').first().waitFor();
    await walk(() => openMemos('导出交叉表', '导出…', '导出', '取消'), 'analyses:export', 'footer-analysis-zh', {
      preparing: '正在生成文件…',
    });
    await page.getByRole('tab', { name: '备忘录' }).click();
    await walk(() => openMemos('导出备忘录', '导出…', '导出', '取消'), 'memos:export', 'footer-memos-zh', {
      preparing: '正在生成文件…',
    });
    expect(pageErrors).toEqual([]);
  });
});
