import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Pixels above and below the viewport that stay mounted, so a short scroll shows ready rows. */
const OVERSCAN_PX = 600;

/** The height a row is assumed to have until it has been on screen, at a list width. */
export type RowEstimate = (index: number, width: number) => number;

/**
 * Vertical layout of a list of rows of unequal height: measured heights where a row has been
 * on screen, estimates elsewhere, and prefix sums to find what a scroll position shows.
 * Measurements are kept by row key, so a list that is fetched again (a refresh after an edit)
 * keeps the heights it knew and does not jump. Plain mutable class on purpose: it changes many
 * times a second, and nothing renders from it without a version bump (see useVirtualList).
 * The document view's BlockLayout is the same idea with estimates from a block's characters.
 */
export class ListLayout {
  private keys: readonly string[] = [];
  private heights = new Float64Array(0);
  private prefix = new Float64Array(1);
  private prefixValid = false;
  private width = 0;
  /** Measured heights at the current width, by row key. */
  private readonly measured = new Map<string, number>();
  private estimate: RowEstimate;

  constructor(keys: readonly string[], estimate: RowEstimate, width: number) {
    this.estimate = estimate;
    this.width = Math.max(120, Math.round(width));
    this.setRows(keys, estimate);
  }

  get count(): number {
    return this.keys.length;
  }

  /** New rows (or a new estimate): measured rows keep their height, the others are estimated. */
  setRows(keys: readonly string[], estimate: RowEstimate): void {
    this.keys = keys;
    this.estimate = estimate;
    this.heights = new Float64Array(keys.length);
    for (let index = 0; index < keys.length; index += 1) {
      this.heights[index] = this.measured.get(keys[index]) ?? this.estimate(index, this.width);
    }
    this.prefixValid = false;
  }

  /** Re-estimates every row for a new width; measurements at the old width are void. */
  setWidth(width: number): boolean {
    const rounded = Math.max(120, Math.round(width));
    if (rounded === this.width) return false;
    this.width = rounded;
    this.measured.clear();
    this.setRows(this.keys, this.estimate);
    return true;
  }

  /** Records a measured height; true when it differs from what the layout assumed. */
  setMeasured(index: number, height: number): boolean {
    const key = this.keys[index];
    if (key === undefined) return false;
    this.measured.set(key, height);
    if (Math.abs(this.heights[index] - height) < 0.5) return false;
    this.heights[index] = height;
    this.prefixValid = false;
    return true;
  }

  isMeasured(index: number): boolean {
    const key = this.keys[index];
    return key !== undefined && this.measured.has(key);
  }

  heightOf(index: number): number {
    return this.heights[index] ?? 0;
  }

  private sums(): Float64Array {
    if (!this.prefixValid) {
      if (this.prefix.length !== this.keys.length + 1) this.prefix = new Float64Array(this.keys.length + 1);
      for (let index = 0; index < this.keys.length; index += 1) {
        this.prefix[index + 1] = this.prefix[index] + this.heights[index];
      }
      this.prefixValid = true;
    }
    return this.prefix;
  }

  /** Distance from the top of the list to the top of row `index`. */
  offsetOf(index: number): number {
    return this.sums()[Math.max(0, Math.min(index, this.keys.length))];
  }

  total(): number {
    return this.sums()[this.keys.length];
  }

  /** The row at a vertical position (the last row starting at or above it). */
  indexAt(y: number): number {
    const prefix = this.sums();
    let low = 0;
    let high = this.keys.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (prefix[middle] <= y) low = middle;
      else high = middle - 1;
    }
    return Math.max(0, low);
  }

  /** The rows to mount for a viewport (`top` measured from the list's top), with `overscan` pixels around. */
  windowFor(top: number, viewportHeight: number, overscan: number): [number, number] {
    if (this.keys.length === 0) return [0, -1];
    const first = this.indexAt(Math.max(0, top - overscan));
    const last = this.indexAt(Math.max(0, top + viewportHeight + overscan));
    return [first, last];
  }
}

/** What to draw, in order: mounted rows, and gaps of the given height standing in for the rest. */
export type VirtualSlot =
  Readonly<{ kind: 'row'; index: number }> | Readonly<{ kind: 'gap'; key: string; height: number }>;

export type VirtualList = Readonly<{
  slots: readonly VirtualSlot[];
  /** Bumped whenever heights or the window change. */
  version: number;
  /** The mounted row elements by index (filled by `register`). */
  elements: ReadonlyMap<number, HTMLElement>;
  /** Ref callback for row `index`: its height is measured while it is mounted. */
  register(index: number, element: HTMLElement | null): void;
  onScroll(): void;
}>;

type Window = Readonly<{ first: number; last: number }>;

/**
 * Mounts only the rows of a long list in and near the viewport (DESIGN.md §5), for lists whose
 * rows differ in height. Heights start as `estimate`s and become measurements as rows mount
 * (through a ResizeObserver); gaps stand in for the rest, and Chromium's scroll anchoring
 * (`overflow-anchor`) keeps the rows on screen still when an estimate above them is corrected.
 * `pinned` (the row with the keyboard focus) stays mounted wherever the list is scrolled, so
 * the focus is never lost; scrolling it into view is the caller's (it is mounted at once).
 * `listRef` is the element holding the rows, inside `scrollerRef`; its width drives estimates.
 * Same scheme as the document view's useVirtualBlocks, for rows known by keys.
 */
export function useVirtualList(
  keys: readonly string[],
  estimate: RowEstimate,
  scrollerRef: RefObject<HTMLElement | null>,
  listRef: RefObject<HTMLElement | null>,
  pinned: number | null,
): VirtualList {
  const [layout] = useState(() => new ListLayout(keys, estimate, 640));
  // New rows take effect during the render that shows them, so gaps and rows always agree.
  const [seen, setSeen] = useState({ keys, estimate });
  if (seen.keys !== keys || seen.estimate !== estimate) {
    setSeen({ keys, estimate });
    layout.setRows(keys, estimate);
  }
  const [window, setWindow] = useState<Window>(() => {
    const [first, last] = layout.windowFor(0, 900, OVERSCAN_PX);
    return { first, last };
  });
  const [version, setVersion] = useState(0);
  // A mutable map that lives as long as the view: filled by ref callbacks, read in effects.
  const [elements] = useState(() => new Map<number, HTMLElement>());

  const recomputeWindow = useCallback(() => {
    const scroller = scrollerRef.current;
    const list = listRef.current;
    if (!scroller || !list) return;
    // Where the list starts inside the scroller (a line of help may sit above it).
    const listTop = list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    const [first, last] = layout.windowFor(scroller.scrollTop - listTop, scroller.clientHeight, OVERSCAN_PX);
    setWindow((current) => (current.first === first && current.last === last ? current : { first, last }));
  }, [layout, listRef, scrollerRef]);

  /**
   * Records the heights of mounted rows. Called from ResizeObserver callbacks, which run after
   * the browser's own layout: reading heights there forces no second layout.
   */
  const measure = useCallback(
    (targets: Iterable<Element>) => {
      let changed = false;
      for (const target of targets) {
        const index = Number((target as HTMLElement).dataset.index);
        if (elements.get(index) !== target) continue;
        // Zero means "not laid out" (a hidden tab): every row is taller than that.
        const height = (target as HTMLElement).offsetHeight;
        if (height === 0) continue;
        changed = layout.setMeasured(index, height) || changed;
      }
      if (changed) {
        setVersion((value) => value + 1);
        recomputeWindow();
      }
    },
    [elements, layout, recomputeWindow],
  );

  const rowObserver = useRef<ResizeObserver | null>(null);

  // Width and viewport height: measured before the first paint, then followed; row heights
  // are followed by one observer on every mounted row. The list element comes and goes with
  // the rows (a placeholder stands in while there are none), hence `keys.length > 0`.
  const hasRows = keys.length > 0;
  useLayoutEffect(() => {
    const list = listRef.current;
    const scroller = scrollerRef.current;
    if (!list || !scroller) return undefined;
    const update = (): void => {
      if (layout.setWidth(list.clientWidth)) {
        setVersion((value) => value + 1);
        measure(elements.values());
      }
      recomputeWindow();
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(list);
    observer.observe(scroller);
    const rowsObserver = new ResizeObserver((entries) => measure(entries.map((entry) => entry.target)));
    for (const element of elements.values()) rowsObserver.observe(element);
    rowObserver.current = rowsObserver;
    return () => {
      observer.disconnect();
      rowsObserver.disconnect();
      rowObserver.current = null;
    };
  }, [elements, hasRows, layout, listRef, measure, recomputeWindow, scrollerRef]);

  // Other rows: the window is worked out again for them before the browser paints.
  useLayoutEffect(() => recomputeWindow(), [keys, recomputeWindow]);

  const register = useCallback(
    (index: number, element: HTMLElement | null) => {
      // React detaches every changed ref of a commit before it attaches the new ones.
      const previous = elements.get(index);
      if (previous && previous !== element) rowObserver.current?.unobserve(previous);
      if (element) {
        elements.set(index, element);
        rowObserver.current?.observe(element);
      } else {
        elements.delete(index);
      }
    },
    [elements],
  );

  const count = keys.length;
  const first = Math.min(window.first, count);
  const last = Math.min(window.last, count - 1);
  const pin = pinned !== null && pinned >= 0 && pinned < count && (pinned < first || pinned > last) ? pinned : null;
  // Worked out on every render (a few dozen entries): the layout's heights change in place.
  const slots: VirtualSlot[] = [];
  const gap = (key: string, from: number, to: number): void => {
    if (to > from) slots.push({ kind: 'gap', key, height: layout.offsetOf(to) - layout.offsetOf(from) });
  };
  const rows = (from: number, to: number): void => {
    for (let index = from; index <= to; index += 1) slots.push({ kind: 'row', index });
  };
  if (pin !== null && pin < first) {
    gap('gap-top', 0, pin);
    rows(pin, pin);
    gap('gap-after-pinned', pin + 1, first);
  } else {
    gap('gap-top', 0, first);
  }
  rows(first, last);
  if (pin !== null && pin > last) {
    gap('gap-before-pinned', last + 1, pin);
    rows(pin, pin);
    gap('gap-bottom', pin + 1, count);
  } else {
    gap('gap-bottom', Math.max(first, last + 1), count);
  }

  return { slots, version, elements, register, onScroll: recomputeWindow };
}
