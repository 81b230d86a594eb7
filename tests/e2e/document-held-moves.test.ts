import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Code, Coding, SourceDetail, SourceSummary } from '../../shared/domain/types';
import { ARTIFACTS_DIR, dragSelect, eventually, inPage, saveScreenshot } from './support/browser';
import { startJourney, type Journey } from './support/journey';
import { callApi } from './support/server';

// A coding's end moved by the keys is written when the keys rest; Ctrl+Z pressed before then
// must take back that move (not the action before it), and redo must bring it back. Then the
// grips on the selected stripe's ends in the margin: drag the bottom one down two lines.

const ANSWER =
  '答：考核指标和干部晋升挂钩，排名靠后的部门要约谈。我们县里的数据平台是省里统一部署的，𠀀地方只负责录入和维护，' +
  '经费主要用于建设而不是运维，所以系统上线以后没有人管，数据也很少更新。后来省里要求每个季度通报一次，' +
  '各部门才开始重视起来，但是基层人手不够，很多工作还是靠临时抽调的人员完成。𠀀我们提过几次意见，' +
  '希望把运维经费列入年度预算，也希望上级能统一培训，可到现在还没有明确的答复。';
const TEXT = [
  'Interview with the county data bureau, spring 2024.',
  'Q: How was the platform rolled out?',
  ANSWER,
].join('\n');

const QUESTION = 'How was the platform rolled out?';

// Shift+Alt+<key> pressed three times in one task, on the focused element; for each press,
// whether the app handled it (prevented the default).
const PRESS_THRICE = String.raw`({ key }) => {
  const target = document.activeElement || document.body;
  const handled = [];
  for (let press = 0; press < 3; press += 1) {
    const init = { key, code: key, shiftKey: true, altKey: true, bubbles: true, cancelable: true, composed: true };
    handled.push(!target.dispatchEvent(new KeyboardEvent('keydown', init)));
    target.dispatchEvent(new KeyboardEvent('keyup', init));
  }
  return handled;
}`;
const PROMOTION = '考核指标';

// The vertical middle of the line holding the character at a text offset, and the line's
// top, read from the mounted blocks (null when the character is not on screen).
const LINE_OF = String.raw`({ offset }) => {
  for (const piece of document.querySelectorAll('.doc-text [data-s]')) {
    const from = Number(piece.dataset.s);
    const node = piece.firstChild;
    if (!node || offset < from || offset >= from + node.length) continue;
    const range = document.createRange();
    range.setStart(node, offset - from);
    range.setEnd(node, offset - from + 1);
    const box = range.getClientRects()[0];
    return box ? { top: box.top, middle: box.top + box.height / 2 } : null;
  }
  return null;
}`;

// Where a stripe's memo dot (its ::after) is drawn, and what the pointer finds at its centre.
const MEMO_DOT = String.raw`({ codingId }) => {
  const stripe = document.querySelector('.stripe[data-coding-id="' + codingId + '"]');
  const box = stripe.getBoundingClientRect();
  const style = getComputedStyle(stripe, '::after');
  const left = box.left + parseFloat(style.left) + parseFloat(style.marginLeft);
  const top = box.top + parseFloat(style.top) + parseFloat(style.marginTop);
  const width = parseFloat(style.width);
  const height = parseFloat(style.height);
  const hit = document.elementFromPoint(left + width / 2, top + height / 2);
  return {
    drawn: style.content !== 'none' && width > 0,
    underPointer: hit !== null && hit.closest('.stripe') === stripe,
    underGrip: [...document.querySelectorAll('.stripe-grip')].some((grip) => {
      const g = grip.getBoundingClientRect();
      return left < g.right && left + width > g.left && top < g.bottom && top + height > g.top;
    }),
  };
}`;

/** A close-up (three times the pixels) of the margin beside a stripe, to look at its small grips. */
async function closeUp(page: Page, codingId: string, name: string): Promise<void> {
  const stripe = await page.locator(`.stripe[data-coding-id="${codingId}"]`).boundingBox();
  if (!stripe) throw new Error('The stripe is not on screen');
  const cdp = await page.context().newCDPSession(page);
  const shot = (await cdp.send('Page.captureScreenshot', {
    format: 'png',
    clip: { x: stripe.x - 120, y: stripe.y - 30, width: 300, height: stripe.height + 90, scale: 3 },
  })) as { data: string };
  writeFileSync(join(ARTIFACTS_DIR, name), Buffer.from(shot.data, 'base64'));
  await cdp.detach();
}

describe('moving a coding’s ends: undo right after, and the stripe’s grips', () => {
  let journey: Journey;
  let page: Page;
  let sourceId: string;

  beforeAll(async () => {
    journey = await startJourney({
      codebook: 'digital-governance',
      files: { county: { text: TEXT, province: 'Zhejiang' } },
    });
    page = journey.page;
    await page.locator('.doc-text', { hasText: QUESTION }).waitFor();
    sourceId = (await callApi<SourceSummary[]>(journey.server, 'sources:list'))[0].id;
  });

  afterAll(async () => {
    await journey?.end();
  });

  const stored = async (): Promise<Coding[]> =>
    [...(await callApi<SourceDetail>(journey.server, 'sources:get', { sourceId })).codings].sort(
      (a, b) => a.start - b.start,
    );
  const rangeOf = async (codingId: string): Promise<[number, number] | null> => {
    const coding = (await stored()).find((entry) => entry.id === codingId);
    return coding ? [coding.start, coding.end] : null;
  };
  const lineOf = (offset: number): Promise<{ top: number; middle: number } | null> => inPage(page, LINE_OF, { offset });

  const codeByKey = async (phrase: string): Promise<Coding> => {
    const before = (await stored()).length;
    const range = await dragSelect(page, '.doc-text', phrase);
    await page.keyboard.press('1');
    await eventually(async () => (await stored()).length).toBe(before + 1);
    return (await stored()).find((entry) => entry.start === range.start && entry.end === range.end) as Coding;
  };

  it('undoes a keyboard move pressed a moment before Ctrl+Z, and redoes it', async () => {
    const coding = await codeByKey(QUESTION);
    await page.locator(`.stripe[data-coding-id="${coding.id}"]`).click();
    await page.locator('.doc-edge-end').waitFor();

    // Three characters shorter, then Ctrl+Z at once: well before the keys' pause would write it.
    // The three presses are sent in one go in the page (to the focused element, bubbling to the
    // document's key handler as a real press does), so a slow machine cannot space them past
    // that pause and make two undo steps of them.
    const handled = await inPage<boolean[]>(page, PRESS_THRICE, { key: 'ArrowLeft' });
    expect(handled).toEqual([true, true, true]);
    await page.keyboard.press('Control+z');
    await eventually(() => page.locator('.notice').allTextContents()).toContainEqual(expect.stringContaining('Undone'));
    expect(await rangeOf(coding.id)).toEqual([coding.start, coding.end]);
    await eventually(() => page.locator('.doc-text .hl').allTextContents()).toEqual([QUESTION]);

    // Redo brings the move back; undo takes it back again; the next undo takes back the coding.
    await page.keyboard.press('Control+Shift+z');
    await eventually(() => rangeOf(coding.id)).toEqual([coding.start, coding.end - 3]);
    await eventually(() => page.locator('.doc-text .hl').allTextContents()).toEqual([QUESTION.slice(0, -3)]);
    await page.keyboard.press('Control+z');
    await eventually(() => rangeOf(coding.id)).toEqual([coding.start, coding.end]);
    await page.keyboard.press('Control+z');
    await eventually(() => rangeOf(coding.id)).toBeNull();
    await page.keyboard.press('Control+Shift+z');
    await eventually(() => rangeOf(coding.id)).toEqual([coding.start, coding.end]);
  });

  it('writes a keyboard move at once when the page is reloaded', async () => {
    const coding = (await stored())[0];
    await page.locator(`.stripe[data-coding-id="${coding.id}"]`).click();
    await page.locator('.doc-edge-start').focus();
    await page.keyboard.press('ArrowRight');
    await page.reload();
    await page.locator('.doc-text', { hasText: QUESTION }).waitFor();
    await eventually(() => rangeOf(coding.id)).toEqual([coding.start + 1, coding.end]);
    await page.keyboard.press('Control+z');
    await eventually(() => rangeOf(coding.id)).toEqual([coding.start, coding.end]);
  });

  it('shows grips on the selected stripe’s ends only, and clicks still select and let go', async () => {
    const coding = (await stored())[0];
    const stripe = page.locator(`.stripe[data-coding-id="${coding.id}"]`);
    expect(await page.locator('.stripe-grip').count()).toBe(0);
    await stripe.click();
    await eventually(() => page.locator('.stripe-grip').count()).toBe(2);
    expect(await page.locator('.stripe-grip-end').getAttribute('title')).toBe(
      'Drag to move the end of the coding, a line at a time',
    );
    // The middle of the selected stripe still lets it go.
    await stripe.click();
    await eventually(() => page.locator('.stripe-grip').count()).toBe(0);
    expect(await page.locator('.doc-edge').count()).toBe(0);
  });

  it('drags the stripe’s bottom end down two lines: the end moves to a line’s end, one undo restores it', async () => {
    const coding = await codeByKey(PROMOTION);
    await page.locator(`.stripe[data-coding-id="${coding.id}"]`).click();
    const grip = page.locator('.stripe-grip-end');
    await grip.waitFor();
    const box = await grip.boundingBox();
    const lineHeight = await inPage<number>(
      page,
      String.raw`() => parseFloat(getComputedStyle(document.querySelector('.doc-text')).lineHeight)`,
      null,
    );
    const before = await lineOf(coding.end - 1);
    if (!box || !before) throw new Error('The grip or the coding’s last character is not on screen');
    await page.mouse.move(10, 10);
    await saveScreenshot(page, 'document-stripe-grips.png');
    await closeUp(page, coding.id, 'document-stripe-grips-closeup.png');

    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x, y + lineHeight, { steps: 4 });
    await page.mouse.move(x, y + 2 * lineHeight, { steps: 4 });
    // While dragging, the highlight already runs to the new end.
    await eventually(
      async () => (await page.locator('.doc-text .hl').allTextContents()).join('').length,
    ).toBeGreaterThan(PROMOTION.length + 20);
    await saveScreenshot(page, 'document-stripe-grips-dragging.png');
    await page.mouse.up();

    await eventually(async () => (await rangeOf(coding.id))?.[1]).toBeGreaterThan(coding.end);
    const [start, end] = (await rangeOf(coding.id)) as [number, number];
    expect(start).toBe(coding.start);
    // A character boundary: never between the two halves of 𠀀.
    expect(TEXT.charCodeAt(end) >= 0xdc00 && TEXT.charCodeAt(end) <= 0xdfff).toBe(false);
    // The last coded character is two lines below where it was, and it ends its line.
    const after = await lineOf(end - 1);
    const next = await lineOf(end);
    if (!after || !next) throw new Error('The coding’s new end is not on screen');
    expect(Math.round((after.top - before.top) / lineHeight)).toBe(2);
    expect(next.top).toBeGreaterThan(after.top);
    // The coding stays selected, its grip and its text handle where the end now is.
    await eventually(() => page.locator('.doc-edge-end').getAttribute('aria-valuenow')).toBe(String(end));
    await saveScreenshot(page, 'document-stripe-grips-moved.png');
    await closeUp(page, coding.id, 'document-stripe-grips-moved-closeup.png');

    await page.keyboard.press('Control+z');
    await eventually(() => rangeOf(coding.id)).toEqual([coding.start, coding.end]);
    await eventually(() => page.locator('.doc-text .hl').allTextContents()).toContain(PROMOTION);
    // The move was one step: the next undo takes back the coding itself.
    await page.keyboard.press('Control+z');
    await eventually(() => rangeOf(coding.id)).toBeNull();
    await page.keyboard.press('Control+Shift+z');
    await eventually(() => rangeOf(coding.id)).toEqual([coding.start, coding.end]);
  });

  it('drags the top grip up a line to that line’s start; Escape while dragging puts the coding back', async () => {
    const coding = (await stored()).find((entry) => TEXT.slice(entry.start, entry.end) === PROMOTION) as Coding;
    await page.locator(`.stripe[data-coding-id="${coding.id}"]`).click();
    const grip = page.locator('.stripe-grip-start');
    await grip.waitFor();
    const box = await grip.boundingBox();
    const question = await lineOf(TEXT.indexOf(QUESTION));
    if (!box || !question) throw new Error('The grip or the question is not on screen');
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;

    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x, question.middle, { steps: 6 });
    await eventually(() => page.locator('.doc-edge-start').getAttribute('aria-valuenow')).toBe(
      String(TEXT.indexOf('Q: ')),
    );
    await page.keyboard.press('Escape');
    await page.mouse.up();
    await eventually(() => page.locator('.doc-edge-start').getAttribute('aria-valuenow')).toBe(String(coding.start));
    expect(await rangeOf(coding.id)).toEqual([coding.start, coding.end]);

    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x, question.middle, { steps: 6 });
    await page.mouse.up();
    await eventually(() => rangeOf(coding.id)).toEqual([TEXT.indexOf('Q: '), coding.end]);
    await page.keyboard.press('Control+z');
    await eventually(() => rangeOf(coding.id)).toEqual([coding.start, coding.end]);
  });

  it('keeps a selected coding’s memo dot in sight beside the top grip, on one line and on many', async () => {
    const first = 'Interview with the county data bureau, spring 2024.';
    const code = (await callApi<Code[]>(journey.server, 'codes:list'))[0];
    const withMemos: Coding[] = [];
    for (const [start, end] of [
      [0, first.length],
      [TEXT.indexOf(ANSWER), TEXT.length],
    ]) {
      const memo = 'Asked again in the follow-up.';
      withMemos.push(
        await callApi<Coding>(journey.server, 'codings:create', { sourceId, codeId: code.id, start, end, memo }),
      );
    }
    // Made behind the page's back: reload to draw them.
    await page.reload();
    await page.locator('.stripe.stripe-memo').nth(1).waitFor();
    for (const [index, coding] of withMemos.entries()) {
      const stripe = page.locator(`.stripe[data-coding-id="${coding.id}"]`);
      await stripe.click();
      await eventually(() => page.locator('.stripe-grip').count()).toBe(2);
      await page.mouse.move(10, 10);
      await closeUp(page, coding.id, `document-stripe-memo-selected-${index + 1}.png`);
      expect(await inPage(page, MEMO_DOT, { codingId: coding.id })).toEqual({
        drawn: true,
        underPointer: true,
        underGrip: false,
      });
      // The dot is part of its stripe: a click on the stripe lets the coding go.
      await stripe.click();
      await eventually(() => page.locator('.stripe-grip').count()).toBe(0);
    }
    expect(journey.pageErrors).toEqual([]);
  });

  it('reads the same in Chinese', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('radio', { name: '简体中文' }).click();
    await page.keyboard.press('Escape');
    const coding = (await stored()).find((entry) => TEXT.slice(entry.start, entry.end) === PROMOTION) as Coding;
    await page.locator(`.stripe[data-coding-id="${coding.id}"]`).click();
    await page.locator('.stripe-grip-end').waitFor();
    expect(await page.locator('.stripe-grip-start').getAttribute('title')).toBe('拖动以逐行移动编码的起点');
    expect(await page.locator('.stripe-grip-end').getAttribute('title')).toBe('拖动以逐行移动编码的终点');
    await page.locator('.stripe-grip-end').hover();
    await saveScreenshot(page, 'document-stripe-grips-zh-CN.png');
    expect(journey.pageErrors).toEqual([]);
  });
});
