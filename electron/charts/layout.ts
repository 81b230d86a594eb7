/**
 * Layout arithmetic for the exported charts. Recharts' full charts (BarChart …) lay
 * themselves out in effects that never run under react-dom/server in recharts 3 (upstream
 * issue recharts#5997: they render an empty div), so the CLI composes recharts' stateless
 * parts — Surface, Layer, Rectangle, Text, CartesianAxis, CartesianGrid — and places them here.
 */

/** Font stack of every chart: a CJK face first that each platform has, then generic sans. */
export const CHART_FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', sans-serif";

/** Whether a code point is drawn full width (CJK, Hangul, full-width forms). */
function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    codePoint >= 0x20000
  );
}

/**
 * Estimated width of a label in pixels. There is no DOM to measure in; CJK characters are
 * one em wide and Latin text averages a little over half an em in sans-serif faces.
 */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0) as number;
    ems += isWide(codePoint) ? 1 : character === ' ' ? 0.3 : /[A-Z0-9MW]/.test(character) ? 0.64 : 0.5;
  }
  return ems * fontSize;
}

/** A label cut with "…" to fit `width` pixels. */
export function fitText(text: string, fontSize: number, width: number): string {
  if (textWidth(text, fontSize) <= width) return text;
  const characters = [...text];
  while (characters.length > 1 && textWidth(`${characters.join('')}…`, fontSize) > width) characters.pop();
  return `${characters.join('')}…`;
}

/** Round tick values from 0 to at least `max`: steps of 1, 2, 2.5 or 5 × 10^n, about `count` of them. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) as number;
  const ticks: number[] = [];
  for (let value = 0; value < max + step * 1e-9; value += step) ticks.push(Number(value.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/** A number as a tick or value label: whole numbers plainly, others with up to two decimals. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en');
  return Number(value.toFixed(2)).toLocaleString('en');
}

/** Lines of legend items that fit `width`: each item is a swatch and its label. */
export function legendRows(labels: readonly string[], fontSize: number, width: number): number[][] {
  const rows: number[][] = [[]];
  let used = 0;
  labels.forEach((label, index) => {
    const itemWidth = 18 + Math.min(textWidth(label, fontSize), 260) + 16;
    if (used + itemWidth > width && rows[rows.length - 1].length > 0) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1].push(index);
    used += itemWidth;
  });
  return rows;
}

/** A colour between white and a dark blue for a share 0–1 of the largest value (a sequential scale). */
export function heatColor(share: number): string {
  const clamped = Math.max(0, Math.min(1, share));
  const from = [247, 251, 255];
  const to = [8, 48, 107];
  const channel = (index: number): string =>
    Math.round(from[index] + (to[index] - from[index]) * clamped)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}
