import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCode } from '../../electron/services/codes';
import { createCodings, type NewCoding } from '../../electron/services/codings';
import { closeProject, createProject } from '../../electron/services/project';
import type { CodeId } from '../../shared/domain/ids';
import { addText } from '../support/project';
import { eventually, inPage, launchBrowser, openPage, saveScreenshot } from './support/browser';
import { assertBuilt, makeHome, startServer, type RunningServer } from './support/server';

// A code with thousands of passages (a project built through the backend's services, not the
// UI): the Retrieval list draws only the rows near the viewport, the keyboard still reaches the
// last passage, and "Copy all" copies every passage, not only the drawn ones. Then filters with
// comparisons (year ≥ 2022, a date range), where a half-typed value filters nothing.

const SOURCES = [
  { name: 'County A interviews', year: '2021', interviewed: '2021-11-05' },
  { name: 'County B interviews', year: '2022', interviewed: '2022-03-18' },
  { name: 'County C interviews', year: '2023', interviewed: '2023-01-09' },
];
const PER_SOURCE = 800;
const TOTAL = SOURCES.length * PER_SOURCE;

/** The coded sentence of passage `n` (1-based, in reading order): unique, so each can be found. */
const passageText = (n: number): string =>
  `Passage ${String(n).padStart(4, '0')} says the township has too few trained staff to run the platform.`;

describe('retrieval of a code with thousands of passages', () => {
  let browser: Browser;
  let page: Page;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    const project = join(home.home, 'large.marginalia');
    const session = await createProject(project, { coderName: 'Ana' });
    const code = createCode(session, { parentId: null, name: 'Capacity' });
    const codings: NewCoding[] = [];
    let n = 0;
    for (const entry of SOURCES) {
      const lines: string[] = [];
      for (let index = 0; index < PER_SOURCE; index += 1) {
        n += 1;
        lines.push(`${passageText(n)} Context follows in a second sentence.`);
      }
      const text = lines.join('\n');
      const source = await addText(session, entry.name, text, { year: entry.year, interviewed: entry.interviewed });
      let offset = 0;
      for (const line of lines) {
        const length = line.indexOf(' Context follows');
        codings.push({ sourceId: source.id, codeId: code.id as CodeId, start: offset, end: offset + length });
        offset += line.length + 1;
      }
    }
    expect(createCodings(session, codings)).toBe(TOTAL);
    closeProject(session);

    server = await startServer(home.home, project);
    browser = await launchBrowser();
    const opened = await openPage(browser, server.url);
    page = opened.page;
    pageErrors = opened.errors;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await page.getByRole('tab', { name: 'Retrieval' }).click();
    await page.getByLabel('Code', { exact: true }).selectOption({ label: 'Capacity' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    home?.remove();
  });

  const rows = () => page.locator('.passage');
  const focused = (): Promise<string | null> =>
    page.evaluate(
      'document.activeElement && document.activeElement.getAttribute("data-coding-id") && document.activeElement.querySelector(".passage-mark").textContent',
    );
  /** Whether an element lies inside the list's scrolling area, top to bottom. */
  const inView = (selector: string): Promise<boolean> =>
    inPage<boolean>(
      page,
      `(selector) => {
        const element = document.querySelector(selector);
        const scroller = document.querySelector('.retrieval-scroller');
        if (!element || !scroller) return false;
        const box = element.getBoundingClientRect();
        const area = scroller.getBoundingClientRect();
        return box.top >= area.top - 1 && box.bottom <= area.bottom + 1 && box.height > 0;
      }`,
      selector,
    );

  it('draws far fewer rows than passages, with their place in the list for screen readers', async () => {
    await eventually(() => page.locator('.retrieval-count').textContent()).toMatch(/^2,?400 passages in 3 sources$/);
    const drawn = await rows().count();
    expect(drawn).toBeGreaterThan(3);
    expect(drawn).toBeLessThan(150);
    const first = rows().first();
    expect(await first.getAttribute('aria-setsize')).toBe(String(TOTAL));
    expect(await first.getAttribute('aria-posinset')).toBe('1');
    expect(await first.locator('.passage-mark').textContent()).toBe(passageText(1));
    // The list keeps its role; the stand-ins for the rows not drawn are hidden from it.
    expect(await page.getByRole('list', { name: 'Passages coded with Capacity' }).count()).toBe(1);
    expect(await page.locator('.passage-gap[aria-hidden="true"]').count()).toBeGreaterThan(0);
  });

  it('reaches the last passage with End and comes back with Home, the focus kept', async () => {
    await rows().first().focus();
    await page.keyboard.press('ArrowDown');
    await eventually(focused).toBe(passageText(2));
    await page.keyboard.press('End');
    await eventually(focused).toBe(passageText(TOTAL));
    const last = `.passage[aria-posinset="${TOTAL}"]`;
    await eventually(() => inView(`${last} .passage-mark`)).toBe(true);
    expect(await page.locator(`${last} .passage-mark`).isVisible()).toBe(true);
    expect(await rows().count()).toBeLessThan(150);
    await saveScreenshot(page, 'retrieval-large-end-en.png');
    await page.keyboard.press('ArrowUp');
    await eventually(focused).toBe(passageText(TOTAL - 1));
    await eventually(() => inView(`.passage[aria-posinset="${TOTAL - 1}"]`)).toBe(true);

    // Scrolled away with the wheel, the focused row stays (so the keys still work from it).
    await page.evaluate('document.querySelector(".retrieval-scroller").scrollTop = 0');
    await eventually(() => inView('.passage[aria-posinset="1"]')).toBe(true);
    expect(await focused()).toBe(passageText(TOTAL - 1));
    await page.keyboard.press('Home');
    await eventually(focused).toBe(passageText(1));
    await eventually(() => inView('.passage[aria-posinset="1"] .passage-mark')).toBe(true);
  });

  it('copies every passage with Copy all, not only the drawn ones', async () => {
    await page.getByRole('button', { name: 'Copy all' }).click();
    await page
      .getByText(`Copied ${TOTAL.toLocaleString('en')} quotations.`)
      .or(page.getByText(`Copied ${TOTAL} quotations.`))
      .waitFor();
    const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
    const quotations = copied.split('\n\n');
    expect(quotations).toHaveLength(TOTAL);
    quotations.forEach((quotation, index) => expect(quotation.startsWith(`“${passageText(index + 1)}” (`)).toBe(true));
    expect(quotations[TOTAL - 1]).toMatch(/\(County C interviews, (para\. \d+|§ \d+)\)$/);
  });

  it('filters by year ≥ 2022 and by a date range, and not while a value is half-typed', async () => {
    const filters = page.getByRole('group', { name: 'Filters' });
    await filters.getByRole('button', { name: '+ Filter' }).click();
    const firstFilter = filters.locator('.attribute-filter').nth(0);
    await firstFilter.getByLabel('Attribute').selectOption('year');
    await firstFilter.getByLabel('Comparison').selectOption('>=');
    // The value field has the focus after "+ Filter": type as a researcher does.
    await firstFilter.getByLabel('Value of year').fill('2022');
    await eventually(() => page.locator('.retrieval-count').textContent()).toMatch(/^1,?600 passages in 2 sources$/);
    expect(await rows().first().locator('.passage-mark').textContent()).toBe(passageText(PER_SOURCE + 1));

    // A date range: interviewed ≤ 2022-12-31 as well. Half-typed, it changes nothing.
    await filters.getByRole('button', { name: '+ Filter' }).click();
    const second = filters.locator('.attribute-filter').nth(1);
    await second.getByLabel('Attribute').selectOption('interviewed');
    await second.getByLabel('Comparison').selectOption('<=');
    await second.getByLabel('Value of interviewed').fill('2022-1');
    await page.getByText('This attribute holds dates: write one as YYYY-MM-DD.').waitFor();
    await saveScreenshot(page, 'retrieval-operators-half-typed-en.png');
    expect(await second.getByLabel('Value of interviewed').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.retrieval-count').textContent()).toMatch(/^1,?600 passages in 2 sources$/);
    await second.getByLabel('Value of interviewed').fill('2022-12-31');
    await eventually(() => page.locator('.retrieval-count').textContent()).toBe('800 passages in 1 source');
    expect(await rows().first().locator('.passage-mark').textContent()).toBe(passageText(PER_SOURCE + 1));
    await saveScreenshot(page, 'retrieval-operators-en.png');

    // ≠ on the year: the other two sources.
    await second.getByRole('button', { name: 'Remove this filter' }).click();
    await firstFilter.getByLabel('Comparison').selectOption('!=');
    // Removing the date filter and then switching to ≠ start two retrievals whose counts read
    // alike ("1,600 in 2 sources"): wait for the list of the second, whose first passage is #1.
    await eventually(() => page.locator('.retrieval-count').textContent()).toMatch(/^1,?600 passages in 2 sources$/);
    await eventually(() => rows().first().locator('.passage-mark').textContent()).toBe(passageText(1));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await eventually(() => page.locator('.retrieval-count').textContent()).toMatch(/^2,?400 passages in 3 sources$/);
  });

  it('reads in Chinese, with a comparison filter', async () => {
    const filters = page.getByRole('group', { name: 'Filters' });
    await filters.getByRole('button', { name: '+ Filter' }).click();
    const filter = filters.locator('.attribute-filter').nth(0);
    await filter.getByLabel('Attribute').selectOption('year');
    await filter.getByLabel('Comparison').selectOption('>');
    await filter.getByLabel('Value of year').fill('2021');
    await eventually(() => page.locator('.retrieval-count').textContent()).toMatch(/^1,?600 passages in 2 sources$/);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: '检索' }).waitFor();
    await eventually(() => page.locator('.retrieval-count').textContent()).toMatch(/^1,?600 个片段，来自 2 份资料$/);
    expect(await page.getByRole('group', { name: '筛选' }).getByLabel('比较').inputValue()).toBe('>');
    await eventually(() => page.locator('.passages').getAttribute('aria-busy')).toBe('false');
    await saveScreenshot(page, 'retrieval-operators-zh.png');
    expect(pageErrors).toEqual([]);
  });
});
