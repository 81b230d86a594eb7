/** A half-open range [start, end) in UTF-16 code units over a source's text. */
export type Range = readonly [start: number, end: number];

/**
 * Merges ranges into a sorted list of disjoint ranges. Touching ranges ([0,5) and [5,9))
 * merge, since together they cover one unbroken passage.
 */
export function unionRanges(ranges: readonly Range[]): Range[] {
  if (ranges.length === 0) return [];
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [[sorted[0][0], sorted[0][1]]];
  for (let index = 1; index < sorted.length; index += 1) {
    const [start, end] = sorted[index];
    const last = merged[merged.length - 1];
    if (start <= last[1]) {
      if (end > last[1]) last[1] = end;
    } else {
      merged.push([start, end]);
    }
  }
  return merged;
}

/** Number of code units covered by the union of the ranges (overlaps counted once). */
export function unionLength(ranges: readonly Range[]): number {
  let total = 0;
  for (const [start, end] of unionRanges(ranges)) total += end - start;
  return total;
}

/**
 * Cuts [0, length) at every range boundary and returns, for each piece that any range
 * covers, the indices of the covering ranges. Used to paint overlapping highlights.
 */
export function segmentByCoverage(
  ranges: readonly Range[],
  from: number,
  to: number,
): { start: number; end: number; covering: number[] }[] {
  const points = new Set<number>([from, to]);
  ranges.forEach(([start, end]) => {
    if (end > from && start < to) {
      points.add(Math.max(start, from));
      points.add(Math.min(end, to));
    }
  });
  const cuts = [...points].sort((a, b) => a - b);
  const pieces: { start: number; end: number; covering: number[] }[] = [];
  for (let index = 0; index + 1 < cuts.length; index += 1) {
    const start = cuts[index];
    const end = cuts[index + 1];
    const covering: number[] = [];
    ranges.forEach(([rangeStart, rangeEnd], rangeIndex) => {
      if (rangeStart < end && rangeEnd > start) covering.push(rangeIndex);
    });
    pieces.push({ start, end, covering });
  }
  return pieces;
}

/** Converts a UTF-16 offset in `text` to a Unicode code point offset (REFI-QDA positions). */
export function utf16ToCodePoint(text: string, offset: number): number {
  let codePoints = 0;
  for (let index = 0; index < offset; index += 1) {
    const unit = text.charCodeAt(index);
    // A high surrogate followed by a low surrogate is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < offset) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
    }
    codePoints += 1;
  }
  return codePoints;
}

/** Converts a Unicode code point offset to a UTF-16 offset in `text`. */
export function codePointToUtf16(text: string, codePointOffset: number): number {
  let index = 0;
  for (let count = 0; count < codePointOffset && index < text.length; count += 1) {
    const unit = text.charCodeAt(index);
    index += unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length ? 2 : 1;
  }
  return index;
}
