import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { rootFontScale } from '../../lib/textMetrics';
import { BlockLayout } from './blockLayout';
import type { Block } from './model';

/** Pixels above and below the viewport that stay mounted, so a short scroll shows ready text. */
const OVERSCAN_PX = 600;

export type VirtualBlocks = Readonly<{
  layout: BlockLayout;
  first: number;
  last: number;
  topPad: number;
  bottomPad: number;
  /** Bumped whenever heights or the window change: stripe positions depend on it. */
  version: number;
  elements: ReadonlyMap<number, HTMLElement>;
  register(index: number, element: HTMLElement | null): void;
  onScroll(): void;
}>;

type Window = Readonly<{ first: number; last: number }>;

/**
 * Mounts only the blocks in and near the viewport (DESIGN.md §5). Heights start as
 * estimates and become measurements as blocks mount (through a ResizeObserver); spacers above and below stand in for
 * the rest, and Chromium's scroll anchoring keeps the text still when an estimate is corrected.
 * `pinned` (the block holding a selection's anchor) stays mounted so a long drag keeps its start.
 */
export function useVirtualBlocks(
  blocks: readonly Block[],
  scrollerRef: RefObject<HTMLElement | null>,
  textRef: RefObject<HTMLElement | null>,
  pinned: number | null,
): VirtualBlocks {
  const [layout] = useState(() => new BlockLayout(blocks, 640, rootFontScale()));
  const [window, setWindow] = useState<Window>(() => {
    const [first, last] = layout.windowFor(0, 900, OVERSCAN_PX);
    return { first, last };
  });
  const [version, setVersion] = useState(0);
  // A mutable map that lives as long as the view: filled by ref callbacks, read in effects.
  const [elements] = useState(() => new Map<number, HTMLElement>());

  const recomputeWindow = useCallback(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const [first, last] = layout.windowFor(scroller.scrollTop, scroller.clientHeight, OVERSCAN_PX);
    setWindow((current) => (current.first === first && current.last === last ? current : { first, last }));
  }, [layout, scrollerRef]);

  /**
   * Records the heights of mounted blocks. Called from ResizeObserver callbacks, which run
   * after the browser's own layout: reading heights there costs nothing, where reading them
   * in a layout effect forced a second layout into the same task as React's commit.
   */
  const measure = useCallback(
    (targets: Iterable<Element>) => {
      let changed = false;
      let fresh = false;
      for (const target of targets) {
        const index = Number((target as HTMLElement).dataset.index);
        if (elements.get(index) !== target) continue;
        // Zero means "not laid out" (a hidden pane): every block is at least one line tall.
        const height = (target as HTMLElement).offsetHeight;
        if (height === 0) continue;
        if (!layout.isMeasured(index)) fresh = true;
        changed = layout.setMeasured(index, height) || changed;
      }
      // The stripes wait for measured blocks (StripeMargin skips unmeasured ones).
      if (changed || fresh) setVersion((value) => value + 1);
      if (changed) recomputeWindow();
    },
    [elements, layout, recomputeWindow],
  );

  const blockObserver = useRef<ResizeObserver | null>(null);

  // Width and viewport height: measured before the first paint, then followed; block heights
  // are followed by one observer on every mounted block.
  useLayoutEffect(() => {
    const text = textRef.current;
    const scroller = scrollerRef.current;
    if (!text || !scroller) return undefined;
    const update = (): void => {
      if (layout.setWidth(text.clientWidth)) {
        setVersion((value) => value + 1);
        measure(elements.values());
      }
      recomputeWindow();
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(text);
    observer.observe(scroller);
    const blocksObserver = new ResizeObserver((entries) => measure(entries.map((entry) => entry.target)));
    for (const element of elements.values()) blocksObserver.observe(element);
    blockObserver.current = blocksObserver;
    return () => {
      observer.disconnect();
      blocksObserver.disconnect();
      blockObserver.current = null;
    };
  }, [elements, layout, measure, recomputeWindow, scrollerRef, textRef]);

  const first = pinned === null ? window.first : Math.min(window.first, pinned);
  const last = pinned === null ? window.last : Math.max(window.last, pinned);

  const register = useCallback(
    (index: number, element: HTMLElement | null) => {
      const previous = elements.get(index);
      if (previous && previous !== element) blockObserver.current?.unobserve(previous);
      if (element) {
        elements.set(index, element);
        blockObserver.current?.observe(element);
      } else {
        elements.delete(index);
      }
    },
    [elements],
  );

  const topPad = layout.offsetOf(first);
  const bottomPad = Math.max(0, layout.total() - layout.offsetOf(last + 1));
  return {
    layout,
    first,
    last,
    topPad,
    bottomPad,
    version,
    elements,
    register,
    onScroll: recomputeWindow,
  };
}
