import type { BlockLayout } from './blockLayout';
import { BLOCK_GAP_PX } from './blockLayout';
import { blockAt, type Block } from './model';

/**
 * Where the text is laid out: block elements that are mounted, and the layout for the rest.
 * Positions inside a block are measured once (relative to the block's top) and cached in the
 * layout until the width changes, so scrolling measures only blocks that have just mounted.
 * Mounted blocks are measured, so `layout.offsetOf(index)` is their true top.
 */
export type TextGeometry = Readonly<{
  blocks: readonly Block[];
  layout: BlockLayout;
  elements: ReadonlyMap<number, HTMLElement>;
  /** Viewport tops of block elements read during this pass (one read per block). */
  blockTops: Map<number, number>;
}>;

function blockTop(geometry: TextGeometry, index: number, element: HTMLElement): number {
  let top = geometry.blockTops.get(index);
  if (top === undefined) {
    top = element.getBoundingClientRect().top;
    geometry.blockTops.set(index, top);
  }
  return top;
}

/** The text node and local offset of the piece span holding `offset` in a block element. */
function locate(element: HTMLElement, offset: number, preferBefore: boolean): { node: Text; local: number } | null {
  const spans = element.children;
  let low = 0;
  let high = spans.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const start = Number(spans[middle].getAttribute('data-s'));
    if (Number.isNaN(start)) return null;
    if (start < offset || (!preferBefore && start === offset)) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (found === -1) found = 0;
  const span = spans[found];
  const node = span?.firstChild;
  if (!node || node.nodeType !== Node.TEXT_NODE) return null;
  const text = node as Text;
  const local = Math.max(0, Math.min(text.length, offset - Number(span.getAttribute('data-s'))));
  return { node: text, local };
}

/**
 * One Range for all measurements. Chromium updates every live Range on each DOM mutation, so
 * thousands of throwaway ranges (until garbage collection) made unmounting blocks on scroll
 * cost seconds (measured: 11 s of removeChild over one scroll through a 300k-character source).
 */
let sharedRange: Range | null = null;

function measuringRange(): Range {
  sharedRange ??= document.createRange();
  return sharedRange;
}

/** Lets go of the nodes the shared range points into, so it costs nothing until next used. */
export function releaseMeasuringRange(): void {
  sharedRange?.setStart(document, 0);
  sharedRange?.collapse(true);
}

function charRect(element: HTMLElement, offset: number, before: boolean): DOMRect | null {
  const point = locate(element, offset, before);
  if (!point) return null;
  const range = measuringRange();
  if (before) {
    if (point.local === 0) return null;
    range.setStart(point.node, point.local - 1);
    range.setEnd(point.node, point.local);
  } else {
    if (point.local >= point.node.length) return null;
    range.setStart(point.node, point.local);
    range.setEnd(point.node, point.local + 1);
  }
  const rects = range.getClientRects();
  if (rects.length === 0) return null;
  return before ? rects[rects.length - 1] : rects[0];
}

/** Y (from the top of the text) of the line where the character at `offset` starts. */
export function topOf(geometry: TextGeometry, offset: number): number {
  const { blocks, layout, elements } = geometry;
  let index = blockAt(blocks, offset);
  let at = offset;
  // A range starting on a line break starts, visibly, at the next block.
  if (at >= blocks[index].end && index + 1 < blocks.length) {
    index += 1;
    at = blocks[index].start;
  }
  const key = at * 2;
  const cached = layout.cachedPosition(index, key);
  if (cached !== undefined) return layout.offsetOf(index) + cached;
  const element = elements.get(index);
  if (!element) return layout.offsetOf(index);
  const block = blocks[index];
  const rect = block.end > block.start ? charRect(element, Math.min(at, block.end - 1), false) : null;
  const relative = rect ? rect.top - blockTop(geometry, index, element) : 0;
  layout.cachePosition(index, key, relative);
  return layout.offsetOf(index) + relative;
}

/** Y (from the top of the text) of the bottom of the line where the range ending at `offset` ends. */
export function bottomOf(geometry: TextGeometry, offset: number): number {
  const { blocks, layout, elements } = geometry;
  const index = blockAt(blocks, Math.max(0, offset - 1));
  const block = blocks[index];
  const fallback = layout.heightOf(index) - (block.continues ? 0 : BLOCK_GAP_PX);
  const at = Math.max(block.start + 1, Math.min(offset, block.end));
  const key = at * 2 + 1;
  const cached = layout.cachedPosition(index, key);
  if (cached !== undefined) return layout.offsetOf(index) + cached;
  const element = elements.get(index);
  if (!element) return layout.offsetOf(index) + fallback;
  const rect = block.end > block.start ? charRect(element, at, true) : null;
  const relative = rect ? rect.bottom - blockTop(geometry, index, element) : fallback;
  layout.cachePosition(index, key, relative);
  return layout.offsetOf(index) + relative;
}
