import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Coding, SourceDetail, SourceSummary } from '../../shared/domain/types';
import { dragSelect, eventually, inPage, saveScreenshot } from './support/browser';
import { startJourney, type Journey } from './support/journey';
import { callApi } from './support/server';

// Adjusting a coding's boundaries: select the coding by its stripe, drag the handle on its end
// to a later word (it snaps to the character under the pointer), check the stored range and
// the highlight, undo; then move its ends with Shift+Alt+arrow keys, written as one step.

const TEXT = [
  'Interview with the county data bureau, spring 2024.',
  'Q: How was the platform rolled out?',
  'A: The province set the plan and we wrote a three-year action plan. Funding covers building, not maintenance.',
  '答：考核指标和干部晋升挂钩，排名靠后的部门要约谈。',
].join('\n');

const FIRST = 'three-year action plan';
const WIDER = 'three-year action plan. Funding covers building';
const PROMOTION = '考核指标';
const QUESTION = 'How was the platform rolled out?';
const MEMO = 'Asked twice; the answer came only the second time.';
const PROMOTION_WIDER = '考核指标和干部晋升挂钩';

// The screen point just inside the character at a text offset: its left edge (for a start) or
// the right edge of the character before it (for an end), found in the mounted blocks.
const POINT_AT = String.raw`({ offset, edge }) => {
  for (const block of document.querySelectorAll('.doc-text [data-start]')) {
    const start = Number(block.dataset.start);
    const end = Number(block.dataset.end);
    const at = edge === 'end' ? offset - 1 : offset;
    if (at < start || at >= end) continue;
    for (const piece of block.querySelectorAll('[data-s]')) {
      const from = Number(piece.dataset.s);
      const node = piece.firstChild;
      if (!node || at < from || at >= from + node.length) continue;
      const range = document.createRange();
      range.setStart(node, at - from);
      range.setEnd(node, at - from + 1);
      const box = range.getBoundingClientRect();
      return { x: edge === 'end' ? box.right - 2 : box.left + 2, y: box.top + box.height / 2 };
    }
  }
  return null;
}`;

describe('adjusting a coding’s boundaries', () => {
  let journey: Journey;
  let page: Page;
  let sourceId: string;

  beforeAll(async () => {
    journey = await startJourney({
      codebook: 'digital-governance',
      files: { county: { text: TEXT, province: 'Zhejiang' } },
    });
    page = journey.page;
    await page.locator('.doc-text', { hasText: FIRST }).waitFor();
    sourceId = (await callApi<SourceSummary[]>(journey.server, 'sources:list'))[0].id;
  });

  afterAll(async () => {
    await journey?.end();
  });

  const stored = async (): Promise<Coding[]> =>
    [...(await callApi<SourceDetail>(journey.server, 'sources:get', { sourceId })).codings].sort(
      (a, b) => a.start - b.start,
    );
  const highlighted = (): Promise<string[]> => page.locator('.doc-text .hl').allTextContents();

  it('marks the stripe of a coding with a memo, shows the memo on hover, and opens it from “Memo…”', async () => {
    const codes = await callApi<{ id: string }[]>(journey.server, 'codes:list');
    const start = TEXT.indexOf(QUESTION);
    await callApi(journey.server, 'codings:create', {
      sourceId,
      codeId: codes[1].id,
      start,
      end: start + QUESTION.length,
      memo: MEMO,
    });
    await page.reload();
    await page.locator('.doc-text', { hasText: FIRST }).waitFor();
    await eventually(() => page.locator('.stripe.stripe-memo').count()).toBe(1);
    expect(await page.locator('.stripe-memo-mark').count()).toBe(1);
    await page.locator('.stripe.stripe-memo').hover();
    await eventually(() => page.locator('.stripe-card').textContent()).toContain(MEMO);
    expect(await page.locator('.stripe-card').textContent()).toContain('Researcher');

    await page.locator('.stripe.stripe-memo').click();
    await page.getByRole('button', { name: '✎ Memo…' }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
  });

  it('drags the end handle of a selected coding to a later word and stores the new range', async () => {
    const range = await dragSelect(page, '.doc-text', FIRST);
    await page.keyboard.press('1');
    await eventually(highlighted).toContain(FIRST);
    const coding = (await stored()).find((entry) => entry.start === range.start) as Coding;
    expect([coding.start, coding.end]).toEqual([range.start, range.end]);

    // No handles until the coding is selected; clicking its stripe selects it.
    expect(await page.locator('.doc-edge').count()).toBe(0);
    await page.locator(`.stripe[data-coding-id="${coding.id}"]`).click();
    await page.locator('.doc-edge-end').waitFor();
    expect(await page.locator('.doc-edge-end').getAttribute('aria-valuenow')).toBe(String(coding.end));

    const handle = await page.locator('.doc-edge-end').boundingBox();
    const target = await inPage<{ x: number; y: number } | null>(page, POINT_AT, {
      offset: range.start + WIDER.length,
      edge: 'end',
    });
    if (!handle || !target) throw new Error('The handle or the target word is not on screen');
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move((handle.x + target.x) / 2, target.y, { steps: 5 });
    await page.mouse.move(target.x, target.y, { steps: 5 });
    // While dragging, the highlight already follows the pointer.
    await eventually(highlighted).toContain(WIDER);
    await page.mouse.up();

    await eventually(async () => {
      const entry = (await stored()).find((candidate) => candidate.id === coding.id);
      return entry && [entry.start, entry.end];
    }).toEqual([range.start, range.start + WIDER.length]);
    expect(await highlighted()).toContain(WIDER);
    // The coding stays selected, its handle where the end now is.
    await eventually(() => page.locator('.doc-edge-end').getAttribute('aria-valuenow')).toBe(
      String(range.start + WIDER.length),
    );
    await saveScreenshot(page, 'document-boundaries.png');
  });

  it('undoes the move in one step, and the highlight repaints', async () => {
    await page.keyboard.press('Control+z');
    await eventually(async () => (await stored()).map((entry) => TEXT.slice(entry.start, entry.end))).toEqual([
      QUESTION,
      FIRST,
    ]);
    await eventually(highlighted).toEqual([QUESTION, FIRST]);
  });

  it('moves the ends with Shift+Alt+arrow keys, written once when the keys rest', async () => {
    const range = await dragSelect(page, '.doc-text', PROMOTION);
    await page.keyboard.press('1');
    await eventually(async () => (await stored()).length).toBe(3);
    const coding = (await stored()).find((entry) => entry.start === range.start) as Coding;
    await page.locator(`.stripe[data-coding-id="${coding.id}"]`).click();
    await page.locator('.doc-edge-end').waitFor();

    for (let press = 0; press < PROMOTION_WIDER.length - PROMOTION.length; press += 1) {
      await page.keyboard.press('Shift+Alt+ArrowRight');
    }
    // The start one character later, then back: it ends where it began.
    await page.keyboard.press('Shift+Alt+ArrowDown');
    await page.keyboard.press('Shift+Alt+ArrowUp');
    await eventually(async () => (await stored()).find((entry) => entry.id === coding.id)?.end).toBe(
      range.start + PROMOTION_WIDER.length,
    );
    expect(await highlighted()).toContain(PROMOTION_WIDER);

    // Nine key presses were one adjustment: one undo takes all of them back.
    await page.keyboard.press('Control+z');
    await eventually(async () => {
      const entry = (await stored()).find((candidate) => candidate.id === coding.id);
      return entry && [entry.start, entry.end];
    }).toEqual([range.start, range.end]);
    await eventually(highlighted).toContain(PROMOTION);
  });

  it('writes a memo on a coding from “Memo…”, and its stripe gets the memo mark', async () => {
    const coding = (await stored()).find((entry) => TEXT.slice(entry.start, entry.end) === FIRST) as Coding;
    await page.locator(`.stripe[data-coding-id="${coding.id}"]`).click();
    await page.getByRole('button', { name: 'Memo…', exact: true }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.type('Plan written after the provincial audit.');
    // Ctrl+Enter saves and closes the memo editor.
    await page.keyboard.press('Control+Enter');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await eventually(async () => (await stored()).find((entry) => entry.id === coding.id)?.memo).toContain(
      'provincial audit',
    );
    await eventually(() => page.locator(`.stripe[data-coding-id="${coding.id}"]`).getAttribute('class')).toContain(
      'stripe-memo',
    );
    expect(journey.pageErrors).toEqual([]);
  });
});
