import type { CSSProperties } from 'react';
import type { CodeId, CodingId } from '../../../shared/domain/ids';
import { segmentByCoverage, type Range } from '../../../shared/domain/ranges';
import type { Coding } from '../../../shared/domain/types';
import type { Block } from './model';

/** A run of a block's text with the same set of covering codings. */
export type Piece = Readonly<{
  start: number;
  end: number;
  codingIds: readonly CodingId[];
  /** Distinct codes of the covering codings, in the order the codings were given. */
  codeIds: readonly CodeId[];
}>;

/** Cuts a block at every coding boundary (DESIGN.md §5: paint codings from their ranges). */
export function paintBlock(block: Block, codings: readonly Coding[]): Piece[] {
  if (block.start === block.end) return [];
  if (codings.length === 0) return [{ start: block.start, end: block.end, codingIds: [], codeIds: [] }];
  const ranges: Range[] = codings.map((coding) => [coding.start, coding.end]);
  return segmentByCoverage(ranges, block.start, block.end).map((segment) => {
    const codeIds: CodeId[] = [];
    const codingIds: CodingId[] = [];
    for (const index of segment.covering) {
      const coding = codings[index];
      codingIds.push(coding.id);
      if (!codeIds.includes(coding.codeId)) codeIds.push(coding.codeId);
    }
    return { start: segment.start, end: segment.end, codingIds, codeIds };
  });
}

/** "#rrggbb" → [r, g, b]; anything else → a neutral grey. */
export function hexToRgb(hex: string): [number, number, number] {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return [128, 128, 128];
  return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)];
}

export function rgba(hex: string, alpha: number): string {
  const [red, green, blue] = hexToRgb(hex);
  return `rgba(${red}, ${green}, ${blue}, ${alpha})`;
}

/** At most this many colours are blended; more would only darken the text into mud. */
const MAX_LAYERS = 4;
const styleCache = new Map<string, CSSProperties>();

/** Composites translucent layers of `colors` over white into one opaque colour. */
export function blend(colors: readonly string[], alpha: number): string {
  let [red, green, blue] = [255, 255, 255];
  for (const color of colors) {
    const [r, g, b] = hexToRgb(color);
    red = red * (1 - alpha) + r * alpha;
    green = green * (1 - alpha) + g * alpha;
    blue = blue * (1 - alpha) + b * alpha;
  }
  return `rgb(${Math.round(red)}, ${Math.round(green)}, ${Math.round(blue)})`;
}

/**
 * The style of a highlighted piece: the codes' colours blended as translucent layers would
 * be, so an overlap shows darker and mixed; an overlap is also underlined in the colour of
 * its last code, and an emphasised (selected or hovered) coding gets a stronger tint and an
 * inset line in its colour. One opaque background colour, not gradient layers: Chromium
 * paints gradients as images, which made scrolling paint in long tasks (bench/document.ts).
 * Cached, so equal pieces share one style object.
 */
export function highlightStyle(colors: readonly string[], emphasis: string | null): CSSProperties {
  const key = `${colors.join(',')}|${emphasis ?? ''}`;
  const cached = styleCache.get(key);
  if (cached) return cached;
  const layers = colors.slice(0, MAX_LAYERS);
  const alpha = layers.length === 1 ? 0.26 : 0.2;
  const style: CSSProperties = { backgroundColor: blend(layers, alpha) };
  if (layers.length > 1) {
    style.textDecorationLine = 'underline';
    style.textDecorationColor = layers[layers.length - 1];
    style.textDecorationThickness = '2px';
    style.textUnderlineOffset = '4px';
  }
  if (emphasis) {
    style.backgroundColor = blend([...layers, emphasis], 0.3);
    style.boxShadow = `inset 0 -2px 0 ${emphasis}`;
  }
  if (styleCache.size > 5000) styleCache.clear();
  styleCache.set(key, style);
  return style;
}

/** A code colour darkened for text (labels beside the stripes): mixed with 30 % black. */
export function darken(hex: string, amount = 0.3): string {
  const [red, green, blue] = hexToRgb(hex).map((value) => Math.round(value * (1 - amount)));
  return `rgb(${red}, ${green}, ${blue})`;
}
