/**
 * Code colours: twelve hues that stay distinguishable from each other as translucent
 * highlights on white and for the common forms of colour blindness (after Okabe–Ito and
 * Tableau 10, adjusted for contrast of dark text on their 35 % tints).
 */
export const CODE_PALETTE = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#d55e00',
  '#56b4e9',
  '#8c6d31',
  '#7f3c8d',
  '#3d9970',
  '#b5a300',
  '#e15759',
  '#4e79a7',
] as const;

/** The palette colour for the n-th code, cycling. */
export function paletteColor(index: number): string {
  return CODE_PALETTE[((index % CODE_PALETTE.length) + CODE_PALETTE.length) % CODE_PALETTE.length];
}
