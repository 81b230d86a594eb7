import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGREEMENT_NOTE_KEYS, agreementNoteText, type AgreementNote } from '../../shared/stats/agreement';
import { eventually, launchBrowser, openPage, saveScreenshot } from './support/browser';
import { assertBuilt, makeHome, runCli, startServer, type RunningServer } from './support/server';

/*
 * The Agreement tab's notes in the interface's language. Eight interviews: Ana coded seven,
 * Ben three, so six are left out (five not coded by Ben, one not by Ana). In English the tab
 * says what `marginalia agreement` says; in Chinese no English word of those sentences is
 * left; the long list of sources left out is one line until it is opened.
 */

const INCENTIVES = 'Incentives/Political and economic incentives';
const NAMES = ['访谈01', '访谈02', '访谈03', '访谈04', '访谈05', '访谈06', '访谈07', '访谈08'];
/** Each interview's own text: the importer skips a file whose text is already in the project. */
const text = (name: string) =>
  `${name}：县里推出了办理许可的数字平台。官员说平台缩短了等候时间，但老年人不会使用这个应用。\n`;

/** Every English word of the notes a Chinese reader could meet; coder names, the CLI flag and Brennan–Prediger excepted. */
function englishWords(): Set<string> {
  const samples: Record<(typeof AGREEMENT_NOTE_KEYS)[number], AgreementNote> = {
    sourcesLeftOut: { key: 'sourcesLeftOut', count: 6 },
    nothingToCompare: { key: 'nothingToCompare' },
    segmentNoKappa: { key: 'segmentNoKappa' },
    blankFigure: { key: 'blankFigure' },
    ownCodings: { key: 'ownCodings' },
    leftOut: { key: 'leftOut', source: 'S', coders: ['Ben'] },
  };
  const sentences = [
    ...Object.values(samples).map(agreementNoteText),
    'sources left out (not every coder has coded them) — show hide',
    'Notes',
  ];
  const words = sentences.flatMap((sentence) => sentence.replace('--all-sources', '').match(/[A-Za-z]{2,}/g) ?? []);
  return new Set(
    words.map((word) => word.toLowerCase()).filter((word) => !['ana', 'ben', 'brennan', 'prediger'].includes(word)),
  );
}

function englishIn(text: string, words: Set<string>): string[] {
  return (text.replace('--all-sources', '').match(/[A-Za-z]{2,}/g) ?? []).filter((word) =>
    words.has(word.toLowerCase()),
  );
}

describe('agreement notes in the interface’s language', () => {
  let browser: Browser;
  let page: Page;
  let server: RunningServer;
  let home: ReturnType<typeof makeHome>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    assertBuilt();
    home = makeHome();
    const project = join(home.home, 'interviews.marginalia');
    const files = NAMES.map((name) => {
      const file = join(home.home, `${name}.txt`);
      writeFileSync(file, text(name));
      return file;
    });
    const cli = (...args: string[]) => runCli(args, home.home);
    await cli('new', project, '--coder', 'Ana', '--codebook', 'digital-governance');
    await cli('import', project, ...files);
    const code = (coder: string, source: string, start: number, end: number) =>
      cli(
        'code',
        project,
        '--source',
        source,
        '--code',
        INCENTIVES,
        '--start',
        String(start),
        '--end',
        String(end),
        '--coder',
        coder,
      );
    for (const name of NAMES.slice(0, 7)) await code('Ana', name, 0, 10);
    await code('Ben', NAMES[0], 0, 8);
    await code('Ben', NAMES[1], 2, 12);
    await code('Ben', NAMES[7], 0, 5);
    server = await startServer(home.home, project);
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

  it('says in English what the CLI says, with the sources left out folded into one line', async () => {
    await page.getByRole('tab', { name: 'Agreement' }).click();
    const view = page.getByRole('region', { name: 'Inter-coder agreement' });
    await view.locator('tr[data-row="pooled"]').waitFor();
    const notes = view.locator('.agreement-notes');
    expect(await notes.locator('li[data-note]').allTextContents()).toEqual([
      agreementNoteText({ key: 'sourcesLeftOut', count: 6 }),
      agreementNoteText({ key: 'blankFigure' }),
      agreementNoteText({ key: 'ownCodings' }),
    ]);
    const toggle = notes.getByRole('button', { name: /sources left out/ });
    expect(await toggle.textContent()).toContain('6 sources left out (not every coder has coded them) — show');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await notes.getByRole('list', { name: 'Sources left out' }).count()).toBe(0);
    await saveScreenshot(page, 'agreement-notes-en-folded.png');

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await toggle.textContent()).toContain('— hide');
    const list = notes.getByRole('list', { name: 'Sources left out' });
    expect(await list.locator('li').allTextContents()).toEqual([
      ...NAMES.slice(2, 7).map((name) => `Left out: ${name} (not coded by Ben)`),
      `Left out: ${NAMES[7]} (not coded by Ana)`,
    ]);
    await saveScreenshot(page, 'agreement-notes-en.png');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await list.count()).toBe(0);
  });

  it('words every note in Chinese, leaving no English word of the sentences', async () => {
    const words = englishWords();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.keyboard.press('Escape');
    const view = page.getByRole('region', { name: '编码员间一致性' });
    await view.locator('tr[data-row="pooled"]').waitFor();
    const notes = view.locator('.agreement-notes');
    const toggle = notes.getByRole('button', { name: /份资料未纳入/ });
    expect(await toggle.textContent()).toContain('6 份资料未纳入（并非每位编码员都已编码）——显示');
    await toggle.click();
    const list = notes.getByRole('list', { name: '未纳入的资料' });
    expect(await list.locator('li').allTextContents()).toEqual([
      ...NAMES.slice(2, 7).map((name) => `未纳入：${name}（Ben 未编码）`),
      `未纳入：${NAMES[7]}（Ana 未编码）`,
    ]);
    const characterNotes = await notes.locator('li[data-note]').allTextContents();
    expect(characterNotes[0]).toBe(
      '6 份资料未纳入比较，因为并非每位编码员都已对其编码；如要纳入，请勾选“包括并非每位编码员都编码过的资料”（命令行中为 --all-sources）。',
    );
    expect(englishIn((await notes.textContent()) ?? '', words)).toEqual([]);
    await saveScreenshot(page, 'agreement-notes-zh.png');

    await view.getByRole('radio', { name: '片段' }).click();
    await eventually(() => notes.locator('li[data-note]').allTextContents()).toContain(
      '片段层面不给出 κ、α 和 Brennan–Prediger 系数：它们需要“无人编码的段落”的数量，而片段层面不存在这一计数。',
    );
    expect(englishIn((await notes.textContent()) ?? '', words)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
