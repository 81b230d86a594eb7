// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { normaliseRange, pointToOffset, selectionToRange } from '../../renderer/features/document/selection';

// The DOM the document view renders: blocks with data-start/data-end, pieces with data-s.
function renderBlocks(text: string, cuts: number[][]): HTMLElement {
  const root = document.createElement('div');
  let start = 0;
  for (const line of text.split('\n')) {
    const end = start + line.length;
    const block = document.createElement('p');
    block.dataset.start = String(start);
    block.dataset.end = String(end);
    const points = [start, ...(cuts.shift() ?? []), end].filter((point, index, all) => all.indexOf(point) === index);
    if (line.length === 0) block.append(document.createElement('br'));
    for (let index = 0; index + 1 < points.length; index += 1) {
      const span = document.createElement('span');
      span.dataset.s = String(points[index]);
      span.textContent = text.slice(points[index], points[index + 1]);
      block.append(span);
    }
    root.append(block);
    start = end + 1;
  }
  document.body.append(root);
  return root;
}

function textNodeAt(root: Element, pieceStart: number): Text {
  return root.querySelector(`[data-s="${pieceStart}"]`)?.firstChild as Text;
}

describe('mapping DOM points to text offsets', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('adds the offset inside a piece to the piece start', () => {
    const text = '县里的数字化规划\nplanning system';
    const root = renderBlocks(text, [[3], [9, 13]]);
    expect(pointToOffset(textNodeAt(root, 3), 2, root)).toBe(5);
    expect(pointToOffset(textNodeAt(root, 9), 0, root)).toBe(9);
    expect(pointToOffset(textNodeAt(root, 13), 3, root)).toBe(16);
  });

  it('counts UTF-16 units, so characters above U+FFFF count two', () => {
    const text = 'a𠀀b😀c';
    const root = renderBlocks(text, [[3]]);
    // "b" starts at 3 (a=1 unit, 𠀀=2 units); "c" is after 😀 (2 units).
    expect(pointToOffset(textNodeAt(root, 3), 1, root)).toBe(4);
    expect(pointToOffset(textNodeAt(root, 3), 3, root)).toBe(6);
  });

  it('maps element points: before a child piece, and past the last child', () => {
    const text = 'one two';
    const root = renderBlocks(text, [[4]]);
    const block = root.querySelector('p') as HTMLElement;
    expect(pointToOffset(block, 1, root)).toBe(4);
    expect(pointToOffset(block, 2, root)).toBe(7);
    const piece = root.querySelector('[data-s="4"]') as HTMLElement;
    expect(pointToOffset(piece, 1, root)).toBe(7);
  });

  it('maps an empty line to its offset', () => {
    const text = 'a\n\nb';
    const root = renderBlocks(text, []);
    const empty = root.querySelectorAll('p')[1];
    expect(pointToOffset(empty, 0, root)).toBe(2);
  });

  it('snaps points outside any block to the nearest block edge', () => {
    const text = 'first\nsecond';
    const root = renderBlocks(text, []);
    const spacer = document.createElement('div');
    root.insertBefore(spacer, root.querySelectorAll('p')[1]);
    expect(pointToOffset(spacer, 0, root)).toBe(6);
    expect(pointToOffset(root, root.childNodes.length, root)).toBe(12);
  });
});

describe('tidying a selected range', () => {
  it('drops spaces and line breaks at both ends', () => {
    const text = 'a  planning\n system ';
    expect(normaliseRange(text, 1, 19)).toEqual({ start: 3, end: 19 });
    expect(normaliseRange('　数字　', 0, 4)).toEqual({ start: 1, end: 3 });
  });

  it('never splits a surrogate pair', () => {
    const text = 'x𠀀y';
    expect(normaliseRange(text, 2, 4)).toEqual({ start: 1, end: 4 });
    expect(normaliseRange(text, 0, 2)).toEqual({ start: 0, end: 3 });
  });

  it('is empty for a selection of whitespace only', () => {
    expect(normaliseRange('a \n b', 1, 4)).toBeNull();
  });
});

describe('reading the window selection', () => {
  it('turns a selection across two blocks into one range in the text', () => {
    document.body.innerHTML = '';
    const text = '答：我们按照规划\n制定了三年行动计划';
    const root = renderBlocks(text, [[2], [12]]);
    const range = document.createRange();
    range.setStart(textNodeAt(root, 2), 2);
    range.setEnd(textNodeAt(root, 12), 2);
    const selection = window.getSelection() as Selection;
    selection.removeAllRanges();
    selection.addRange(range);
    expect(selectionToRange(selection, root, text)).toEqual({ start: 4, end: 14 });
    expect(text.slice(4, 14)).toBe('按照规划\n制定了三年');
  });

  it('is null when the selection is collapsed or elsewhere', () => {
    document.body.innerHTML = '';
    const root = renderBlocks('text', []);
    const outside = document.createElement('p');
    outside.textContent = 'elsewhere';
    document.body.append(outside);
    const selection = window.getSelection() as Selection;
    const range = document.createRange();
    range.selectNodeContents(outside);
    selection.removeAllRanges();
    selection.addRange(range);
    expect(selectionToRange(selection, root, 'text')).toBeNull();
    selection.collapse(textNodeAt(root, 0), 1);
    expect(selectionToRange(selection, root, 'text')).toBeNull();
  });
});
