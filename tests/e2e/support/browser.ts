import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page, type Route } from 'playwright-core';
import { expect } from 'vitest';
import { REPO_ROOT } from './server';

export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts');

/** Debian's Chromium, headless, with nothing that reaches the network (TOOLCHAIN.md §3). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A 1280×800 page with downloads allowed, collecting page errors for the test to assert on. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}

/** A fresh 1280×800 page, not yet at any address (for routes that must be in place first). */
export async function blankPage(browser: Browser): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors, close: () => context.close() };
}

/**
 * Holds the page's first call of a contract channel (e.g. 'sources:list') until `release()`:
 * makes the moment while the workspace is still loading last as long as a test needs.
 * `calls()` counts the calls seen so far. Set up before the page goes to the app.
 */
export async function holdFirstCall(page: Page, channel: string): Promise<{ release(): void; calls(): number }> {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let calls = 0;
  const path = `/api/${encodeURIComponent(channel)}`;
  await page.route(
    (url) => url.pathname.endsWith(path),
    async (route: Route) => {
      calls += 1;
      if (calls === 1) await released;
      await route.continue();
    },
  );
  return { release: () => release(), calls: () => calls };
}

/** Saves a screenshot under test-artifacts/. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, name);
  await page.screenshot({ path });
  return path;
}

/**
 * Runs a function, written as source text, in the page. The e2e tests are type-checked
 * without the DOM library (tsconfig.node.json), so page-side code lives in strings.
 */
export function inPage<T>(page: Page, source: string, arg: unknown): Promise<T> {
  return page.evaluate(`(${source})(${JSON.stringify(arg)})`) as Promise<T>;
}

type DragPlan = {
  from: { x: number; y: number };
  to: { x: number; y: number };
  start: number;
  end: number;
};

// Finds `phrase` in a mounted block of the document text and returns the screen points of
// its first and last characters, and its offsets in the source (block data-start + index).
const PLAN_DRAG = String.raw`({ selector, phrase }) => {
  const root = document.querySelector(selector);
  if (!root) return null;
  for (const block of root.querySelectorAll('[data-start]')) {
    const text = block.textContent || '';
    const at = text.indexOf(phrase);
    if (at === -1) continue;
    const locate = (target) => {
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (target < seen + node.length) return { node, offset: target - seen };
        seen += node.length;
      }
      return null;
    };
    const rectOf = (point) => {
      const range = document.createRange();
      range.setStart(point.node, point.offset);
      range.setEnd(point.node, point.offset + 1);
      return range.getBoundingClientRect();
    };
    const first = rectOf(locate(at));
    const last = rectOf(locate(at + phrase.length - 1));
    const start = Number(block.dataset.start) + at;
    return {
      from: { x: first.left + 1, y: first.top + first.height / 2 },
      to: { x: last.right - 1, y: last.top + last.height / 2 },
      start,
      end: start + phrase.length,
    };
  }
  return null;
}`;

/**
 * Selects `phrase` inside the element matching `selector` the way a researcher does: a real
 * mouse drag from the left edge of its first character to the right edge of its last.
 * Returns the phrase's offsets in the source text, to check what gets coded.
 */
export async function dragSelect(
  page: Page,
  selector: string,
  phrase: string,
): Promise<{ start: number; end: number }> {
  const plan = await inPage<DragPlan | null>(page, PLAN_DRAG, { selector, phrase });
  if (!plan) throw new Error(`The text "${phrase}" is not on screen`);
  await page.mouse.move(plan.from.x, plan.from.y);
  await page.mouse.down();
  await page.mouse.move((plan.from.x + plan.to.x) / 2, (plan.from.y + plan.to.y) / 2, { steps: 4 });
  await page.mouse.move(plan.to.x, plan.to.y, { steps: 4 });
  await page.mouse.up();
  return { start: plan.start, end: plan.end };
}

/** The page's current selection as text. */
export function selectedText(page: Page): Promise<string> {
  return page.evaluate('String(window.getSelection())') as Promise<string>;
}

/**
 * `expect.poll` with a timeout for a real backend: the default second is too short for
 * work such as creating the sample project on a busy machine. No timing is asserted.
 */
export function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 15_000, interval: 50 });
}

/** An attribute of every element a locator matches, in document order. */
export async function attributeOfAll(locator: Locator, name: string): Promise<(string | null)[]> {
  return Promise.all((await locator.all()).map((element) => element.getAttribute(name)));
}
