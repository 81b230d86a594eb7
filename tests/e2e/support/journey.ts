import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser';
import { assertBuilt, makeHome, runCli, startServer, type RunningServer } from './server';

export type JourneyOptions = Readonly<{
  /** The built-in codebook, or none. */
  codebook: 'digital-governance' | 'empty';
  /** Text files to import (name → text), each with its province. */
  files: Readonly<Record<string, { text: string; province: string }>>;
}>;

export type Journey = Readonly<{
  page: Page;
  server: RunningServer;
  home: string;
  project: string;
  /** Errors thrown in the page; a journey ends by asserting there were none. */
  pageErrors: string[];
  /** Runs the CLI on the project (close it in the UI first: the server holds its lock). */
  cli<T>(args: readonly string[]): Promise<T>;
  end(): Promise<void>;
}>;

/**
 * A project built with the CLI (codebook, imported files) and opened by `marginalia serve`
 * in Chromium: the workspace shows the first imported source.
 */
export async function startJourney(options: JourneyOptions): Promise<Journey> {
  assertBuilt();
  const home = makeHome();
  const project = join(home.home, 'study.marginalia');
  await runCli(
    [
      'new',
      project,
      '--name',
      'County study',
      '--coder',
      'Researcher',
      ...(options.codebook === 'empty' ? [] : ['--codebook', options.codebook]),
    ],
    home.home,
  );
  const folder = join(home.home, 'documents');
  mkdirSync(folder, { recursive: true });
  for (const [name, file] of Object.entries(options.files)) {
    const path = join(folder, `${name}.txt`);
    writeFileSync(path, file.text, 'utf8');
    await runCli(['import', project, path, '--attr', `province=${file.province}`], home.home);
  }
  const server = await startServer(home.home, project);
  let browser: Browser | null = null;
  try {
    browser = await launchBrowser();
    const opened = await openPage(browser, server.url);
    const pageErrors = opened.errors;
    const ownBrowser = browser;
    return {
      page: opened.page,
      server,
      home: home.home,
      project,
      pageErrors,
      async cli<T>(args: readonly string[]): Promise<T> {
        return JSON.parse(await runCli([...args, '--format', 'json'], home.home)) as T;
      },
      async end() {
        await ownBrowser.close();
        await server.stop();
        home.remove();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    home.remove();
    throw error;
  }
}

/** One row of `marginalia segments --format json`. */
export type Segment = Readonly<{ codePath: string; source: string; start: number; end: number; text: string }>;

/** Closes the project from the top bar, so the CLI may open the file. */
export async function closeProject(page: Page, label = 'Close project'): Promise<void> {
  await page.getByRole('button', { name: label }).click();
  await page.locator('.start').waitFor();
}

/** True when the element that has the focus matches `selector` (page-side code is a string: no DOM types here). */
export function focusIs(page: Page, selector: string): Promise<boolean> {
  return page.evaluate(
    `Boolean(document.activeElement && document.activeElement.matches(${JSON.stringify(selector)}))`,
  ) as Promise<boolean>;
}
