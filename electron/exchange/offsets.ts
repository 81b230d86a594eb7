/*
 * Text positions across tools (REFI-QDA GUIDE.md §5). The spec counts Unicode code points;
 * NVivo counts UTF-16 code units and counts CRLF as two; ATLAS.ti is reported to count CRLF
 * as one. Our stored text has LF line endings and no BOM (DESIGN.md §4), and our offsets are
 * UTF-16. These converters do the arithmetic in O(log n) per position after one pass over
 * the text, where `utf16ToCodePoint` / `codePointToUtf16` in shared/domain/ranges.ts walk
 * the text from the start on every call: with thousands of codings on a long transcript the
 * difference is seconds. tests/exchange/offsets.test.ts checks both give the same answers.
 */

export type PositionUnit = 'codepoint' | 'utf16';
/** 'raw': CRLF counts as two positions, as in the file; 'normalised': as one, as after CRLF → LF. */
export type NewlineCounting = 'raw' | 'normalised';
export type PositionConvention = Readonly<{ unit: PositionUnit; newlines: NewlineCounting }>;

export const POSITION_CONVENTIONS: readonly PositionConvention[] = [
  { unit: 'codepoint', newlines: 'raw' },
  { unit: 'utf16', newlines: 'raw' },
  { unit: 'codepoint', newlines: 'normalised' },
  { unit: 'utf16', newlines: 'normalised' },
];

/** A source's text as found in the file (BOM removed) and as we store it (line endings LF). */
export type PreparedText = Readonly<{
  raw: string;
  text: string;
  /** Whether any convention could give a different answer than code points over `text`. */
  ambiguous: boolean;
}>;

/** Removes a BOM and normalises CRLF and lone CR to LF, remembering the original for offsets. */
export function prepareText(decoded: string): PreparedText {
  const raw = decoded.replace(/^\uFEFF/, '');
  const text = raw.replace(/\r\n?/g, '\n');
  return { raw, text, ambiguous: raw.includes('\r\n') || /[\uD800-\uDBFF]/.test(raw) };
}

/** UTF-16 indices of the high surrogates of all characters above U+FFFF, ascending. */
function astralIndices(text: string): number[] {
  const indices: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        indices.push(index);
        index += 1;
      }
    }
  }
  return indices;
}

/** Number of items in an ascending list that are < limit. */
function countBelow(sorted: readonly number[], limit: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Converts UTF-16 offsets in `text` to code point offsets (REFI-QDA positions on export). */
export function utf16ToCodePointConverter(text: string): (offset: number) => number {
  const astral = astralIndices(text);
  // A pair starting at i has been passed completely once offset ≥ i + 2, i.e. i < offset − 1.
  return (offset) => offset - countBelow(astral, offset - 1);
}

/** Converts code point offsets in `text` to UTF-16 offsets; null past the end. */
export function codePointToUtf16Converter(text: string): (codePoint: number) => number | null {
  const astral = astralIndices(text);
  // The k-th astral character (0-based) sits at code point index astral[k] − k.
  const astralCodePoints = astral.map((index, k) => index - k);
  const length = text.length - astral.length;
  return (codePoint) => {
    if (!Number.isInteger(codePoint) || codePoint < 0 || codePoint > length) return null;
    return codePoint + countBelow(astralCodePoints, codePoint);
  };
}

function isInsidePair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const at = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && at >= 0xdc00 && at <= 0xdfff;
}

/**
 * A function from file positions under `convention` to UTF-16 offsets in `prepared.text`.
 * It answers null for a position past the end, negative, fractional, or one that falls
 * inside a character (between the halves of a surrogate pair).
 */
export function positionMapper(
  prepared: PreparedText,
  convention: PositionConvention,
): (position: number) => number | null {
  const base = convention.newlines === 'raw' ? prepared.raw : prepared.text;
  const toUtf16 = convention.unit === 'codepoint' ? codePointToUtf16Converter(base) : null;
  // Indices in `raw` of the CR of every CRLF: each one is gone from `text`.
  const removed: number[] = [];
  if (convention.newlines === 'raw') {
    for (let index = base.indexOf('\r\n'); index >= 0; index = base.indexOf('\r\n', index + 2)) removed.push(index);
  }
  return (position) => {
    if (!Number.isInteger(position) || position < 0) return null;
    let offset: number | null = position;
    if (toUtf16) offset = toUtf16(position);
    else if (position > base.length || isInsidePair(base, position)) offset = null;
    if (offset === null) return null;
    return offset - countBelow(removed, offset);
  };
}
