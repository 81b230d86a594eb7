// The document view's budgets (foundation issue §6), measured in Chromium on the built UI:
// a 300,000-character mixed Chinese/English source with 5,000 overlapping codings must open
// to readable text in < 1 s (later < 500 ms), applying a code must paint in < 100 ms (later
// < 50 ms p95), scrolling end to end must not produce long tasks (> 50 ms), and the renderer
// must hold that document in under 300 MB (issue 4's budgets).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { CodeId, SourceId } from '../shared/domain/ids';
import { createCodings } from '../electron/services/codings';
import { listCodes } from '../electron/services/codes';
import { closeProject, openProject } from '../electron/services/project';
import { listSources } from '../electron/services/sources';
import { inPage, launchBrowser, openPage } from '../tests/e2e/support/browser';
import { assertBuilt, runCli, startServer } from '../tests/e2e/support/server';
import { generateText, seeded } from './generate';

/** One figure; `budget` is the limit, null for figures that only explain another. */
type Result = { name: string; value: number; unit: string; budget: number | null };

const SOURCE_LENGTH = 300_000;
const CODINGS = 5_000;
const OPEN_RUNS = 5;
const APPLY_RUNS = 20;
const BIG = 'long-interview';
const SMALL = 'a-short-note';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

/** Builds the project with the CLI, then writes 5,000 overlapping codings in one action. */
async function buildProject(dir: string, home: string): Promise<string> {
  const random = seeded(7);
  const text = generateText(SOURCE_LENGTH, random);
  const big = join(dir, `${BIG}.txt`);
  const small = join(dir, `${SMALL}.txt`);
  writeFileSync(big, text, 'utf8');
  // Imported first, so the workspace opens on it and the bench measures clicking the big one.
  writeFileSync(small, '一段简短的说明。\nA short note so that the long source is opened by a click.\n', 'utf8');
  const project = join(dir, 'bench-document.marginalia');
  await runCli(['new', project, '--codebook', 'digital-governance'], home);
  await runCli(['import', project, small, '--attr', 'province=Anhui'], home);
  await runCli(['import', project, big, '--attr', 'province=Zhejiang'], home);

  const session = openProject(project);
  try {
    const codes = listCodes(session);
    const source = listSources(session).find((entry) => entry.name === BIG);
    if (!source) throw new Error('The long source did not import');
    const length = source.length;
    const codings = Array.from({ length: CODINGS }, () => {
      // Mostly short passages, some long ones spanning paragraphs: plenty of overlaps.
      const span = random() < 0.9 ? 10 + Math.floor(random() * 190) : 200 + Math.floor(random() * 2800);
      const start = Math.floor(random() * (length - span));
      return {
        sourceId: source.id as SourceId,
        codeId: codes[Math.floor(random() * codes.length)].id as CodeId,
        start,
        end: start + span,
      };
    });
    createCodings(session, codings, 'Bench codings');
  } finally {
    closeProject(session);
  }
  return project;
}

// Wraps fetch so a script can tell when the backend's answer to a channel had fully arrived:
// what follows is the renderer's share (parsing, indexing, rendering).
const WATCH_ANSWER = String.raw`(channel) => {
  const original = window.fetch;
  const watch = { answered: 0, restore: () => { window.fetch = original; } };
  window.fetch = async (input, init) => {
    const response = await original(input, init);
    if (String(input).includes(encodeURIComponent(channel))) {
      await response.clone().arrayBuffer();
      watch.answered = performance.now();
    }
    return response;
  };
  return watch;
}`;

// Clicks a source in the sources table and resolves when its first block is on screen and a
// frame has been painted after it.
const OPEN_SOURCE = String.raw`async ({ name }) => {
  const watch = (${WATCH_ANSWER})('sources:get');
  const button = document.querySelector('button[aria-label="Open ' + name + '"]');
  const start = performance.now();
  button.click();
  await new Promise((resolve) => {
    const check = () => {
      const title = document.querySelector('.doc-title');
      const first = document.querySelector('.doc-text [data-start="0"]');
      if (title && title.textContent === name && first && first.textContent.length > 0) resolve();
      else requestAnimationFrame(check);
    };
    check();
  });
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const end = performance.now();
  watch.restore();
  return { total: end - start, renderer: end - watch.answered };
}`;

// Selects 12 characters of a block in view, presses the number key of a code, and measures
// until a span carrying a new coding id is in the DOM (a MutationObserver sees it at once);
// also from the moment the backend's answer arrived (the renderer's share).
const APPLY_CODE = String.raw`async ({ run, key }) => {
  const scroller = document.querySelector('.doc-scroller');
  const top = scroller.getBoundingClientRect().top;
  const blocks = Array.from(document.querySelectorAll('.doc-text [data-start]')).filter((block) => {
    const box = block.getBoundingClientRect();
    return box.top > top && box.bottom < top + scroller.clientHeight && (block.textContent || '').length > 40;
  });
  const block = blocks[run % blocks.length];
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node && node.length < 14) node = walker.nextNode();
  if (!node) return null;
  const seen = new Set();
  for (const piece of document.querySelectorAll('[data-codings]')) {
    for (const id of piece.dataset.codings.split(' ')) seen.add(id);
  }
  const range = document.createRange();
  range.setStart(node, 1);
  range.setEnd(node, 13);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  const root = document.querySelector('.doc-text');
  const painted = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      for (const piece of root.querySelectorAll('[data-codings]')) {
        if (piece.dataset.codings.split(' ').some((id) => !seen.has(id))) {
          observer.disconnect();
          resolve(performance.now());
          return;
        }
      }
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-codings'] });
  });
  const watch = (${WATCH_ANSWER})('codings:create');
  const start = performance.now();
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  const end = await painted;
  watch.restore();
  return { total: end - start, renderer: end - watch.answered };
}`;

// Scrolls the document from top to bottom, one step per frame, and collects long tasks.
const SCROLL_THROUGH = String.raw`async ({ step }) => {
  const scroller = document.querySelector('.doc-scroller');
  const tasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  scroller.scrollTop = 0;
  await new Promise((resolve) => requestAnimationFrame(resolve));
  let frames = 0;
  await new Promise((resolve) => {
    const next = () => {
      frames += 1;
      const before = scroller.scrollTop;
      scroller.scrollTop = before + step;
      if (scroller.scrollTop === before || frames > 20000) resolve();
      else requestAnimationFrame(next);
    };
    next();
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  observer.disconnect();
  return { tasks, frames, height: scroller.scrollHeight };
}`;

type RendererMemory = { rssMb: number; pssMb: number; jsHeapMb: number; domNodes: number };

/** Resident memory of a process in MB from /proc (Linux): RSS, and PSS (shared pages split). */
function processMemoryMb(pid: number): { rss: number; pss: number } | null {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN);
    return { rss: field('Rss') / 1024, pss: field('Pss') / 1024 };
  } catch {
    return null;
  }
}

/**
 * The memory of the renderer showing the page, after a full garbage collection: the process's
 * resident memory read from /proc (every renderer Chromium reports through CDP
 * SystemInfo.getProcessInfo; the page's is the largest), and the JS heap and DOM node count
 * from CDP Performance.getMetrics.
 */
async function rendererMemory(browser: Browser, page: Page): Promise<RendererMemory> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.enable');
  await session.send('HeapProfiler.collectGarbage');
  await session.send('Performance.enable');
  const { metrics } = await session.send('Performance.getMetrics');
  const metric = (name: string): number => metrics.find((entry) => entry.name === name)?.value ?? NaN;
  await session.detach();
  const browserSession = await browser.newBrowserCDPSession();
  const info = (await browserSession.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number }[];
  };
  await browserSession.detach();
  const renderers = info.processInfo
    .filter((process) => process.type === 'renderer')
    .map((process) => processMemoryMb(process.id))
    .filter((memory): memory is { rss: number; pss: number } => memory !== null)
    .sort((a, b) => b.rss - a.rss);
  if (renderers.length === 0) throw new Error('Chromium reported no renderer process to measure');
  return {
    rssMb: renderers[0].rss,
    pssMb: renderers[0].pss,
    jsHeapMb: metric('JSHeapUsedSize') / (1024 * 1024),
    domNodes: metric('Nodes'),
  };
}

async function waitForSettled(page: Page): Promise<void> {
  // The store re-reads counts 120 ms after a write; let that finish between samples.
  await page.waitForTimeout(250);
}

/** Runs the document-view benchmark; see the header comment for what is measured. */
export async function benchDocument(): Promise<Result[]> {
  assertBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'marginalia-bench-document-'));
  const home = join(dir, 'home');
  const browser = await launchBrowser();
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    const project = await buildProject(dir, home);
    server = await startServer(home, project);
    const { page } = await openPage(browser, server.url);
    await page.locator(`button[aria-label="Open ${SMALL}"]`).waitFor();
    await page.locator('.doc-title', { hasText: SMALL }).waitFor();

    type Timing = { total: number; renderer: number };
    const opens: Timing[] = [];
    for (let run = 0; run < OPEN_RUNS; run += 1) {
      await inPage<Timing>(page, OPEN_SOURCE, { name: SMALL });
      opens.push(await inPage<Timing>(page, OPEN_SOURCE, { name: BIG }));
    }
    await waitForSettled(page);

    const applies: Timing[] = [];
    for (let run = 0; run < APPLY_RUNS; run += 1) {
      const timing = await inPage<Timing | null>(page, APPLY_CODE, { run, key: String((run % 9) + 1) });
      if (timing === null) throw new Error('No block in view to select text in');
      applies.push(timing);
      await waitForSettled(page);
    }
    const openTimes = opens.map((timing) => timing.total);
    const applyTimes = applies.map((timing) => timing.total);

    const scroll = await inPage<{ tasks: number[]; frames: number; height: number }>(page, SCROLL_THROUGH, {
      step: 700,
    });
    const longest = scroll.tasks.length > 0 ? Math.max(...scroll.tasks) : 0;
    // Measured last: the document has been opened five times, coded twenty times and scrolled
    // end to end, so what the renderer holds includes anything those left behind.
    await waitForSettled(page);
    const memory = await rendererMemory(browser, page);

    return [
      {
        name: `document: click a 300k-character source with ${CODINGS} codings → first paragraph painted (median of ${OPEN_RUNS})`,
        value: median(openTimes),
        unit: 'ms',
        budget: 1000,
      },
      {
        name: 'document:   of which the renderer, from the sources:get answer to the painted paragraph (median)',
        value: median(opens.map((timing) => timing.renderer)),
        unit: 'ms',
        budget: null,
      },
      {
        name: `document: apply a code → highlight in the DOM (median of ${APPLY_RUNS})`,
        value: median(applyTimes),
        unit: 'ms',
        budget: 100,
      },
      {
        name: `document: apply a code → highlight in the DOM (p95 of ${APPLY_RUNS})`,
        value: percentile(applyTimes, 0.95),
        unit: 'ms',
        budget: 100,
      },
      {
        name: 'document:   of which the renderer, from the codings:create answer to the highlight (p95)',
        value: percentile(
          applies.map((timing) => timing.renderer),
          0.95,
        ),
        unit: 'ms',
        budget: null,
      },
      {
        name: `document: long tasks while scrolling end to end (${scroll.frames} frames, ${Math.round(scroll.height)} px)`,
        value: scroll.tasks.length,
        unit: 'n',
        budget: 0,
      },
      { name: 'document: longest task while scrolling end to end', value: longest, unit: 'ms', budget: 50 },
      {
        name: 'document: renderer memory (resident, /proc of the renderer process after GC) on that document',
        value: memory.rssMb,
        unit: 'MB',
        budget: 300,
      },
      {
        name: 'document:   of which proportional (PSS: shared pages split between processes)',
        value: memory.pssMb,
        unit: 'MB',
        budget: null,
      },
      {
        name: 'document:   of which the JS heap in use (CDP Performance.getMetrics)',
        value: memory.jsHeapMb,
        unit: 'MB',
        budget: null,
      },
      { name: 'document:   DOM nodes in the page', value: memory.domNodes, unit: 'n', budget: null },
    ];
  } finally {
    await browser.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
