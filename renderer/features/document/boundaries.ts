import type { TextRange } from './selection';

/** Which end of a coding is moved. */
export type Edge = 'start' | 'end';

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** The offset moved to the nearest character boundary at or before it (never inside a surrogate pair). */
export function snapToCharacter(text: string, offset: number): number {
  const clamped = Math.max(0, Math.min(text.length, Math.round(offset)));
  if (clamped > 0 && clamped < text.length && isLowSurrogate(text.charCodeAt(clamped))) {
    return isHighSurrogate(text.charCodeAt(clamped - 1)) ? clamped - 1 : clamped;
  }
  return clamped;
}

/** One character after `offset` (two UTF-16 units for a character above U+FFFF). */
function nextCharacter(text: string, offset: number): number {
  if (offset >= text.length) return text.length;
  return isHighSurrogate(text.charCodeAt(offset)) && isLowSurrogate(text.charCodeAt(offset + 1))
    ? offset + 2
    : offset + 1;
}

function previousCharacter(text: string, offset: number): number {
  if (offset <= 0) return 0;
  return isLowSurrogate(text.charCodeAt(offset - 1)) && isHighSurrogate(text.charCodeAt(offset - 2))
    ? offset - 2
    : offset - 1;
}

/**
 * A coding's range with one end moved by `steps` characters (negative: towards the start of
 * the text). The range never becomes empty or leaves the text: an end stops one character
 * from the other end, and at the text's edges.
 */
export function moveEdge(text: string, range: TextRange, edge: Edge, steps: number): TextRange {
  let offset = edge === 'start' ? range.start : range.end;
  for (let step = 0; step < Math.abs(steps); step += 1) {
    offset = steps > 0 ? nextCharacter(text, offset) : previousCharacter(text, offset);
  }
  return placeEdge(text, range, edge, offset);
}

/**
 * A coding's range with one end put at `offset` (where a handle was dropped), snapped to a
 * character boundary. Dragging an end past the other stops one character short of it: the
 * handle moves that end only, and a coding is never empty.
 */
export function placeEdge(text: string, range: TextRange, edge: Edge, offset: number): TextRange {
  const snapped = snapToCharacter(text, offset);
  if (edge === 'start') {
    const limit = previousCharacter(text, range.end);
    return { start: Math.min(snapped, limit), end: range.end };
  }
  const limit = nextCharacter(text, range.start);
  return { start: range.start, end: Math.max(snapped, limit) };
}
