import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store';
import { blockAt, type DocumentModel } from './model';
import { pointInBlock } from './selection';
import type { VirtualBlocks } from './useVirtualBlocks';

/** Names of the CSS custom highlights (styles.css paints `::highlight(...)`). */
export const FIND_HIGHLIGHT = 'marginalia-find';
export const FIND_CURRENT_HIGHLIGHT = 'marginalia-find-current';

type HighlightRegistryLike = {
  set(name: string, highlight: unknown): void;
  delete(name: string): void;
};

/** The page's highlight registry, where the browser has the CSS Custom Highlight API. */
function registry(): { highlights: HighlightRegistryLike; create(ranges: StaticRange[]): unknown } | null {
  const css = (globalThis as { CSS?: { highlights?: HighlightRegistryLike } }).CSS;
  const HighlightClass = (globalThis as { Highlight?: new (...ranges: StaticRange[]) => unknown }).Highlight;
  if (!css?.highlights || !HighlightClass || typeof StaticRange === 'undefined') return null;
  return { highlights: css.highlights, create: (ranges) => new HighlightClass(...ranges) };
}

function firstIndexFrom(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (starts[middle] < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Paints find matches in the mounted blocks with the CSS Custom Highlight API, and scrolls the
 * current match into view. Highlights are StaticRanges over the pieces' text nodes: they cost
 * the DOM nothing (no spans, no re-render of blocks) and, unlike live Ranges, Chromium does
 * not update them on every DOM change (see geometry.ts on live Ranges while scrolling).
 */
export function useFindHighlights(
  model: DocumentModel,
  virtual: VirtualBlocks,
  scrollerRef: RefObject<HTMLElement | null>,
  textRef: RefObject<HTMLElement | null>,
): void {
  const { open, matches, index, length, serial } = useAppStore(
    useShallow((state) => ({
      open: state.findOpen,
      matches: state.findMatches,
      index: state.findIndex,
      length: state.findQuery.length,
      serial: state.findSerial,
    })),
  );
  const { first, last, version, elements, layout } = virtual;

  useLayoutEffect(() => {
    const api = registry();
    if (!api) return;
    if (!open || matches.length === 0) {
      api.highlights.delete(FIND_HIGHLIGHT);
      api.highlights.delete(FIND_CURRENT_HIGHLIGHT);
      return;
    }
    const ranges: StaticRange[] = [];
    const current: StaticRange[] = [];
    for (let blockIndex = first; blockIndex <= last && blockIndex < model.blocks.length; blockIndex += 1) {
      const element = elements.get(blockIndex);
      if (!element) continue;
      const block = model.blocks[blockIndex];
      // Matches that reach into this block (a match may run across a cut in a long paragraph).
      for (let match = firstIndexFrom(matches, block.start - length + 1); match < matches.length; match += 1) {
        const start = Math.max(matches[match], block.start);
        const end = Math.min(matches[match] + length, block.end);
        if (matches[match] >= block.end) break;
        if (end <= start) continue;
        const from = pointInBlock(element, start, false);
        const to = pointInBlock(element, end, true);
        if (!from || !to) continue;
        const range = new StaticRange({
          startContainer: from.node,
          startOffset: from.offset,
          endContainer: to.node,
          endOffset: to.offset,
        });
        (match === index ? current : ranges).push(range);
      }
    }
    api.highlights.set(FIND_HIGHLIGHT, api.create(ranges));
    api.highlights.set(FIND_CURRENT_HIGHLIGHT, api.create(current));
  }, [open, matches, index, length, first, last, version, elements, model]);

  useEffect(
    () => () => {
      const api = registry();
      api?.highlights.delete(FIND_HIGHLIGHT);
      api?.highlights.delete(FIND_CURRENT_HIGHLIGHT);
    },
    [],
  );

  // Scroll to the current match when it changes: first to its block's estimated place, then,
  // once the block is mounted and measured, exactly (the version bump brings us back here).
  const pending = useRef<number | null>(null);
  // A layout effect declared before the one that scrolls, so both run in the same commit.
  useLayoutEffect(() => {
    if (!open || index < 0 || index >= matches.length) return;
    pending.current = matches[index];
  }, [open, index, matches, serial]);

  useLayoutEffect(() => {
    const offset = pending.current;
    const scroller = scrollerRef.current;
    const text = textRef.current;
    if (offset === null || !scroller || !text) return;
    const blockIndex = blockAt(model.blocks, offset);
    const element = elements.get(blockIndex);
    // Where the text starts inside the scrolled content (offsetTop would count from the page).
    const textTop = text.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    if (!element || !layout.isMeasured(blockIndex)) {
      scroller.scrollTop = Math.max(0, textTop + layout.offsetOf(blockIndex) - scroller.clientHeight / 3);
      return;
    }
    pending.current = null;
    const point = pointInBlock(element, offset, false);
    const box = scroller.getBoundingClientRect();
    let top: number;
    let bottom: number;
    if (point) {
      const range = document.createRange();
      range.setStart(point.node, point.offset);
      range.setEnd(point.node, Math.min(point.node.length, point.offset + 1));
      const rect = range.getBoundingClientRect();
      range.detach();
      top = rect.top;
      bottom = rect.bottom;
    } else {
      const rect = element.getBoundingClientRect();
      top = rect.top;
      bottom = rect.bottom;
    }
    // Leave the match where it is when it is already comfortably in view.
    if (top >= box.top + 40 && bottom <= box.bottom - 40) return;
    scroller.scrollTop += top - box.top - scroller.clientHeight / 3;
  });
}
