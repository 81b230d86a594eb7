import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';
import { BlockLayout } from './blockLayout';
import type { Block } from './model';

/** Pixels above and below the viewport that stay mounted, so a short scroll shows ready text. */
const OVERSCAN_PX = 900;

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
 * estimates and become measurements as blocks mount; spacers above and below stand in for
 * the rest, and Chromium's scroll anchoring keeps the text still when an estimate is corrected.
 * `pinned` (the block holding a selection's anchor) stays mounted so a long drag keeps its start.
 */
export function useVirtualBlocks(
  blocks: readonly Block[],
  scrollerRef: RefObject<HTMLElement | null>,
  textRef: RefObject<HTMLElement | null>,
  pinned: number | null,
): VirtualBlocks {
  const [layout] = useState(() => new BlockLayout(blocks, 640));
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

  // Width and viewport height: measured before the first paint, then followed.
  useLayoutEffect(() => {
    const text = textRef.current;
    const scroller = scrollerRef.current;
    if (!text || !scroller) return undefined;
    const update = (): void => {
      if (layout.setWidth(text.clientWidth)) setVersion((value) => value + 1);
      recomputeWindow();
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(text);
    observer.observe(scroller);
    return () => observer.disconnect();
  }, [layout, recomputeWindow, scrollerRef, textRef]);

  const first = pinned === null ? window.first : Math.min(window.first, pinned);
  const last = pinned === null ? window.last : Math.max(window.last, pinned);

  // Measure what mounted; a corrected estimate can change which blocks the viewport needs.
  useLayoutEffect(() => {
    let changed = false;
    let fresh = false;
    for (let index = first; index <= last; index += 1) {
      const element = elements.get(index);
      // Zero means "not laid out" (a hidden pane): every block is at least one line tall.
      const height = element?.offsetHeight ?? 0;
      if (height === 0) continue;
      if (!layout.isMeasured(index)) fresh = true;
      changed = layout.setMeasured(index, height) || changed;
    }
    if (changed || fresh) {
      // Measuring needs the committed DOM, so the corrected layout can only follow a render;
      // the stripes wait for it (StripeMargin skips unmeasured blocks).
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setVersion((value) => value + 1);
      if (changed) recomputeWindow();
    }
  }, [elements, first, last, layout, recomputeWindow, version]);

  const register = useCallback((index: number, element: HTMLElement | null) => {
    if (element) elements.set(index, element);
    else elements.delete(index);
  }, [elements]);

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
