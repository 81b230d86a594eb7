/**
 * DOM selection → UTF-16 offsets in the source text. Every block element carries
 * `data-start`/`data-end` and every piece span `data-s` (its first offset), and each span
 * holds exactly one text node, so a DOM point (text node, offset in UTF-16 units) maps to
 * `data-s + offset` without walking the text.
 */
export type TextRange = Readonly<{ start: number; end: number }>;

const BLOCK_SELECTOR = '[data-start]';

function numberAttribute(element: Element, name: string): number {
  return Number(element.getAttribute(name));
}

function blockOf(node: Node, root: Element): Element | null {
  const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  const block = element?.closest(BLOCK_SELECTOR) ?? null;
  return block && root.contains(block) ? block : null;
}

/** The first offset of a child node of a block (a piece span, or a bare node before it). */
function startOfChild(child: Node, block: Element): number {
  if (child.nodeType === Node.ELEMENT_NODE && (child as Element).hasAttribute('data-s')) {
    return numberAttribute(child as Element, 'data-s');
  }
  const next = child.nextSibling;
  if (next) return startOfChild(next, block);
  return numberAttribute(block, 'data-end');
}

function blocksIn(root: Element): Element[] {
  return Array.from(root.querySelectorAll(BLOCK_SELECTOR));
}

/**
 * The text offset of a DOM point inside `root`. Points outside any block (in a spacer, the
 * margin, or past the text) snap to the nearest mounted block edge in document order.
 */
export function pointToOffset(node: Node, offset: number, root: Element): number | null {
  const block = blockOf(node, root);
  if (block) {
    if (node.nodeType === Node.TEXT_NODE) {
      const piece = node.parentElement?.closest('[data-s]');
      if (piece && block.contains(piece)) return numberAttribute(piece, 'data-s') + offset;
      return numberAttribute(block, 'data-start');
    }
    const element = node as Element;
    if (element.hasAttribute('data-s')) {
      return numberAttribute(element, 'data-s') + (offset > 0 ? (element.textContent ?? '').length : 0);
    }
    if (element === block) {
      const child = block.childNodes[offset];
      return child ? startOfChild(child, block) : numberAttribute(block, 'data-end');
    }
    // Some other element inside a block (none today): use the block's start.
    return numberAttribute(block, 'data-start');
  }
  const blocks = blocksIn(root);
  if (blocks.length === 0) return null;
  // Not in a block: the point maps to the start of the first block after it, or to the end
  // of the last block when it lies after all of them.
  const point = (root.ownerDocument ?? document).createRange();
  point.setStart(node, offset);
  for (const candidate of blocks) {
    if (point.comparePoint(candidate, 0) >= 0) return numberAttribute(candidate, 'data-start');
  }
  return numberAttribute(blocks[blocks.length - 1], 'data-end');
}

function isSpace(unit: number): boolean {
  // Whitespace, including the ideographic space U+3000 used in Chinese texts.
  return unit === 0x20 || unit === 0x0a || unit === 0x09 || unit === 0x0d || unit === 0x3000 || unit === 0xa0;
}

/**
 * Tidies a range: drops whitespace at both ends and never splits a surrogate pair (a
 * character above U+FFFF such as 𠀀 or an emoji is two UTF-16 units and is coded whole).
 */
export function normaliseRange(text: string, start: number, end: number): TextRange | null {
  let from = Math.max(0, Math.min(start, end));
  let to = Math.min(text.length, Math.max(start, end));
  while (from < to && isSpace(text.charCodeAt(from))) from += 1;
  while (to > from && isSpace(text.charCodeAt(to - 1))) to -= 1;
  if (from > 0 && isLowSurrogate(text.charCodeAt(from)) && isHighSurrogate(text.charCodeAt(from - 1))) from -= 1;
  if (to < text.length && isHighSurrogate(text.charCodeAt(to - 1)) && isLowSurrogate(text.charCodeAt(to))) to += 1;
  return to > from ? { start: from, end: to } : null;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** The text range of the current selection, or null when it is empty or not in `root`. */
export function selectionToRange(selection: Selection | null, root: Element, text: string): TextRange | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.commonAncestorContainer) && !range.intersectsNode(root)) return null;
  const start = pointToOffset(range.startContainer, range.startOffset, root);
  const end = pointToOffset(range.endContainer, range.endOffset, root);
  if (start === null || end === null) return null;
  return normaliseRange(text, start, end);
}

/** Clears the window's text selection (after a code is applied, so the new highlight shows). */
export function clearDomSelection(): void {
  if (typeof window !== 'undefined') window.getSelection()?.removeAllRanges();
}

/** True when two ranges cover the same offsets (either may be null). */
export function sameRange(a: TextRange | null | undefined, b: TextRange | null | undefined): boolean {
  return !!a && !!b && a.start === b.start && a.end === b.end;
}

/**
 * Clears the page's selection once `range` has been coded, so the new highlight shows, but
 * only while the page still selects that passage in the document text (`.doc-text` holding
 * `text`). The backend's answer can come after the researcher has already selected the next
 * passage on a busy machine: that newer selection is theirs and stays.
 */
export function clearDomSelectionIf(range: TextRange, text: string): void {
  if (typeof window === 'undefined') return;
  const root = document.querySelector('.doc-text');
  const selection = window.getSelection();
  if (!root || !selection) return;
  if (sameRange(selectionToRange(selection, root, text), range)) selection.removeAllRanges();
}

/**
 * The DOM point of text offset `offset` inside a mounted block element: the text node of the
 * piece span holding it. `preferBefore` puts an offset on a piece boundary at the end of the
 * earlier piece (for the end of a range).
 */
export function pointInBlock(
  block: Element,
  offset: number,
  preferBefore: boolean,
): { node: Text; offset: number } | null {
  const pieces = block.children;
  let low = 0;
  let high = pieces.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const start = Number(pieces[middle].getAttribute('data-s'));
    if (Number.isNaN(start)) return null;
    if (start < offset || (!preferBefore && start === offset)) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  const piece = pieces[Math.max(0, found)];
  const node = piece?.firstChild;
  if (!node || node.nodeType !== Node.TEXT_NODE) return null;
  const text = node as Text;
  const local = offset - Number(piece.getAttribute('data-s'));
  return { node: text, offset: Math.max(0, Math.min(text.length, local)) };
}

/** The mounted block element holding `offset` (its end counts as inside), or null. */
function mountedBlockAt(root: Element, offset: number, preferBefore: boolean): Element | null {
  for (const block of blocksIn(root)) {
    const start = numberAttribute(block, 'data-start');
    const end = numberAttribute(block, 'data-end');
    if (offset > start && offset < end) return block;
    if (offset === start && !preferBefore) return block;
    if (offset === end && preferBefore) return block;
  }
  return null;
}

/**
 * Selects a text range in the page, as if dragged with the mouse. False when a block it
 * needs is not mounted (far off screen); the caller keeps the range in the store instead.
 */
export function selectTextRange(root: Element, range: TextRange): boolean {
  const startBlock = mountedBlockAt(root, range.start, false);
  const endBlock = mountedBlockAt(root, range.end, true);
  if (!startBlock || !endBlock) return false;
  const start = pointInBlock(startBlock, range.start, false);
  const end = pointInBlock(endBlock, range.end, true);
  const selection = root.ownerDocument.defaultView?.getSelection();
  if (!start || !end || !selection) return false;
  const domRange = root.ownerDocument.createRange();
  domRange.setStart(start.node, start.offset);
  domRange.setEnd(end.node, end.offset);
  selection.removeAllRanges();
  selection.addRange(domRange);
  return true;
}
