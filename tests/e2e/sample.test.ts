import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeOfAll, eventually, launchBrowser, openPage, saveScreenshot } from './support/browser';
import { assertBuilt, makeHome, REPO_ROOT, startServer, type RunningServer } from './support/server';

type SampleSource = { name: string; attributes: Record<string, string>; codings: { code: string; text: string }[] };
const sample = JSON.parse(readFileSync(join(REPO_ROOT, 'resources/sample/sample-project.json'), 'utf8')) as {
  sources: SampleSource[];
};

describe('the sample project', () => {
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

  /** The highlighted text of the open document, with the pieces joined in reading order. */
  const coded = (): Promise<string> =>
    page
      .locator('.doc-text .hl')
      .allTextContents()
      .then((texts) => texts.join(''));

  it('opens from the start screen with its sources, provinces and coded text', async () => {
    await page.getByRole('button', { name: 'Open the sample project' }).click();
    const table = page.getByRole('grid', { name: 'Sources' });
    await eventually(() => table.locator('tbody tr').count()).toBe(sample.sources.length);
    for (const source of sample.sources) {
      const province = table.locator(`tr[data-source-name="${source.name}"] td[data-attribute="province"]`);
      expect(await province.textContent()).toBe(source.attributes.province);
    }

    for (const source of [sample.sources[0], sample.sources[1]]) {
      await page.getByRole('button', { name: `Open ${source.name}` }).click();
      await page.locator('.doc-title', { hasText: source.name }).waitFor();
      await eventually(() => page.locator('.stripe').count()).toBe(source.codings.length);
      const text = await coded();
      for (const coding of source.codings) expect(text).toContain(coding.text);
      const paths = (await attributeOfAll(page.locator('.stripe'), 'aria-label')).map((label) =>
        (label ?? '').replace(/, coded by .*$/, ''),
      );
      expect(paths.sort()).toEqual(source.codings.map((coding) => coding.code).sort());
    }
    await saveScreenshot(page, 'sample-project.png');
    expect(pageErrors).toEqual([]);
  });

  it('shows a coding’s code, coder and memo when its stripe is hovered', async () => {
    const stripe = page.locator('.stripe').first();
    await stripe.hover();
    const card = page.getByRole('tooltip');
    await card.waitFor();
    const label = (await stripe.getAttribute('aria-label')) ?? '';
    const [path, coder] = label.split(', coded by ');
    expect(await card.textContent()).toContain(path);
    expect(await card.textContent()).toContain(coder);
  });
});
