/**
 * Measures for estimating how tall text will be before it is drawn, shared by the document's
 * virtual blocks and the retrieval list's rows.
 */

/** Code-unit ranges of East Asian wide characters (Hangul Jamo, CJK, kana, Hangul, full-width forms). */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xd800, 0xdbff], // high surrogates: characters above U+FFFF (CJK extension B, emoji) are wide
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
];

/** True for a code unit that starts a wide character. */
export function isWide(code: number): boolean {
  if (code < 0x1100) return false;
  for (const [low, high] of WIDE_RANGES) {
    if (code < low) return false;
    if (code <= high) return true;
  }
  return false;
}

/** The root font size relative to 16px (the system's text size setting), for height estimates. */
export function rootFontScale(): number {
  if (typeof document === 'undefined' || typeof getComputedStyle !== 'function') return 1;
  const size = parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(size) && size > 0 ? size / 16 : 1;
}
