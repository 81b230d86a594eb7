import type { Block } from './model';

/**
 * Typography the height estimates assume at a 16px root font size; kept equal to the document
 * view's CSS (0.875rem text on 1.5rem lines). The layout scales them by the root font size.
 */
export const TEXT_FONT_PX = 14;
export const TEXT_LINE_PX = 24;
export const BLOCK_GAP_PX = 8;
export const HEADING_EXTRA_PX = 14;

/**
 * Vertical layout of the blocks of one source: measured heights where a block has been on
 * screen, estimates elsewhere, and prefix sums to find what a scroll position shows. Plain
 * mutable class on purpose: it is updated from layout effects many times a second, and
 * nothing renders from it without a version bump (see useVirtualBlocks).
 */
export class BlockLayout {
  private readonly blocks: readonly Block[];
  private readonly heights: Float64Array;
  private readonly measured: Uint8Array;
  private prefix: Float64Array;
  private prefixValid = false;
  private width = 0;
  /** Root font size / 16: text (in rem) grows with the font size set in the system. */
  private readonly fontScale: number;
  /** Measured y of text positions, relative to their block's top (see geometry.ts). */
  private readonly positions = new Map<number, Map<number, number>>();

  constructor(blocks: readonly Block[], width: number, fontScale = 1) {
    this.blocks = blocks;
    this.fontScale = fontScale > 0 ? fontScale : 1;
    this.heights = new Float64Array(blocks.length);
    this.measured = new Uint8Array(blocks.length);
    this.prefix = new Float64Array(blocks.length + 1);
    this.setWidth(width);
  }

  get count(): number {
    return this.blocks.length;
  }

  /** Re-estimates every block for a new text width; measurements at the old width are void. */
  setWidth(width: number): boolean {
    const rounded = Math.max(120, Math.round(width));
    if (rounded === this.width) return false;
    this.width = rounded;
    this.measured.fill(0);
    this.positions.clear();
    for (let index = 0; index < this.blocks.length; index += 1) this.heights[index] = this.estimate(index);
    this.prefixValid = false;
    return true;
  }

  /** An estimate from the block's character widths; exact enough to keep the scrollbar calm. */
  estimate(index: number): number {
    const block = this.blocks[index];
    const fontPx = (block.heading !== null ? TEXT_FONT_PX * 1.15 : TEXT_FONT_PX) * this.fontScale;
    const lines = Math.max(1, Math.ceil((block.widthEm * fontPx) / this.width));
    const gap = block.continues ? 0 : BLOCK_GAP_PX;
    return lines * TEXT_LINE_PX * this.fontScale + gap + (block.heading !== null ? HEADING_EXTRA_PX : 0);
  }

  /** Records a measured height; true when it differs from what the layout assumed. */
  setMeasured(index: number, height: number): boolean {
    const wasMeasured = this.measured[index] === 1;
    this.measured[index] = 1;
    if (Math.abs(this.heights[index] - height) < 0.5) return false;
    // A measured block that changed height has reflowed: its cached positions are void.
    if (wasMeasured) this.positions.delete(index);
    this.heights[index] = height;
    this.prefixValid = false;
    return true;
  }

  /** A cached position inside block `index` (`key` names the offset and edge). */
  cachedPosition(index: number, key: number): number | undefined {
    return this.positions.get(index)?.get(key);
  }

  cachePosition(index: number, key: number, y: number): void {
    let map = this.positions.get(index);
    if (!map) {
      map = new Map();
      this.positions.set(index, map);
    }
    map.set(key, y);
  }

  isMeasured(index: number): boolean {
    return this.measured[index] === 1;
  }

  heightOf(index: number): number {
    return this.heights[index];
  }

  private sums(): Float64Array {
    if (!this.prefixValid) {
      if (this.prefix.length !== this.blocks.length + 1) this.prefix = new Float64Array(this.blocks.length + 1);
      for (let index = 0; index < this.blocks.length; index += 1) {
        this.prefix[index + 1] = this.prefix[index] + this.heights[index];
      }
      this.prefixValid = true;
    }
    return this.prefix;
  }

  /** Distance from the top of the text to the top of block `index`. */
  offsetOf(index: number): number {
    return this.sums()[Math.max(0, Math.min(index, this.blocks.length))];
  }

  total(): number {
    return this.sums()[this.blocks.length];
  }

  /** The block at a vertical position (the last block starting at or above it). */
  indexAt(y: number): number {
    const prefix = this.sums();
    let low = 0;
    let high = this.blocks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (prefix[middle] <= y) low = middle;
      else high = middle - 1;
    }
    return Math.max(0, low);
  }

  /** The blocks to mount for a viewport, with `overscan` pixels above and below. */
  windowFor(scrollTop: number, viewportHeight: number, overscan: number): [number, number] {
    if (this.blocks.length === 0) return [0, -1];
    const first = this.indexAt(Math.max(0, scrollTop - overscan));
    const last = this.indexAt(scrollTop + viewportHeight + overscan);
    return [first, last];
  }
}
