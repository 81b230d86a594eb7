import type { AttributeType } from '../domain/types';

/**
 * How to group a number or date attribute into columns:
 * - width: equal bins of `width` starting at `origin` (numbers; `5` or `5@2003`);
 * - edges: cut points, each bin from one edge up to (not including) the next (numbers or
 *   YYYY-MM-DD dates; `2015,2018,2021`);
 * - period: calendar years, quarters or months (dates).
 */
export type BinSpec =
  | Readonly<{ kind: 'width'; width: number; origin: number }>
  | Readonly<{ kind: 'edges'; edges: readonly string[] }>
  | Readonly<{ kind: 'period'; period: 'year' | 'quarter' | 'month' }>;

/** Values grouped into labelled bins, with every label between the lowest and highest in order. */
export type Binning = Readonly<{ labelOf: (value: string) => string | null; labels: readonly string[] }>;

const NUMBER = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** More columns than this is a mistake in the bin width, not a table anyone can read. */
const MAX_BINS = 500;

/** Parses `5`, `5@2003`, `2015,2018,2021`, `2019-01-01,2021-01-01`, `year`, `quarter` or `month`; null if none. */
export function parseBinSpec(text: string): BinSpec | null {
  const trimmed = text.trim();
  if (trimmed === 'year' || trimmed === 'quarter' || trimmed === 'month') return { kind: 'period', period: trimmed };
  const width = /^(\d+(?:\.\d+)?)(?:@(-?\d+(?:\.\d+)?))?$/.exec(trimmed);
  if (width) {
    const size = Number(width[1]);
    if (!(size > 0)) return null;
    return { kind: 'width', width: size, origin: width[2] === undefined ? 0 : Number(width[2]) };
  }
  if (trimmed.includes(',')) {
    const edges = trimmed.split(',').map((edge) => edge.trim());
    const numbers = edges.every((edge) => NUMBER.test(edge));
    const dates = edges.every((edge) => DATE.test(edge));
    if (!numbers && !dates) return null;
    const sorted = numbers
      ? [...edges].sort((a, b) => Number(a) - Number(b))
      : [...edges].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (new Set(sorted.map((edge) => (numbers ? String(Number(edge)) : edge))).size !== sorted.length) return null;
    return { kind: 'edges', edges: sorted };
  }
  return null;
}

/** A bin specification in words, for the About sheet and captions. */
export function describeBinSpec(spec: BinSpec): string {
  if (spec.kind === 'period') return `by ${spec.period}`;
  if (spec.kind === 'width') return `bins of ${spec.width}${spec.origin === 0 ? '' : ` from ${spec.origin}`}`;
  return `bins cut at ${spec.edges.join(', ')}`;
}

/** A number without floating-point noise (0.1 + 0.2 → 0.3). */
function tidy(value: number): string {
  return String(Number(value.toPrecision(12)));
}

function numberBins(spec: BinSpec, values: readonly string[]): Binning | string {
  if (spec.kind === 'period') return `${spec.period} bins need a date attribute`;
  const numbers = values.map(Number);
  const integers = numbers.every(Number.isInteger);
  if (spec.kind === 'width') {
    const wholeBins = integers && Number.isInteger(spec.width) && Number.isInteger(spec.origin);
    const indexOf = (value: number): number => Math.floor((value - spec.origin) / spec.width + 1e-9);
    const labelAt = (index: number): string => {
      const low = spec.origin + index * spec.width;
      const high = low + spec.width;
      if (wholeBins) return spec.width === 1 ? tidy(low) : `${tidy(low)}–${tidy(high - 1)}`;
      return `[${tidy(low)}, ${tidy(high)})`;
    };
    if (numbers.length === 0) return { labelOf: () => null, labels: [] };
    const first = Math.min(...numbers.map(indexOf));
    const last = Math.max(...numbers.map(indexOf));
    if (last - first + 1 > MAX_BINS) return `bins of ${spec.width} would make ${last - first + 1} columns; choose a wider bin`;
    const labels: string[] = [];
    for (let index = first; index <= last; index += 1) labels.push(labelAt(index));
    return {
      labels,
      labelOf: (value) => (NUMBER.test(value.trim()) ? labelAt(indexOf(Number(value))) : null),
    };
  }
  if (!spec.edges.every((edge) => NUMBER.test(edge))) return 'date edges need a date attribute';
  const edges = spec.edges.map(Number);
  const wholeBins = integers && edges.every(Number.isInteger);
  const intervalLabel = (index: number): string =>
    wholeBins
      ? edges[index + 1] - edges[index] === 1
        ? tidy(edges[index])
        : `${tidy(edges[index])}–${tidy(edges[index + 1] - 1)}`
      : `[${tidy(edges[index])}, ${tidy(edges[index + 1])})`;
  const below = `< ${tidy(edges[0])}`;
  const above = `≥ ${tidy(edges[edges.length - 1])}`;
  const labelOfNumber = (value: number): string => {
    if (value < edges[0]) return below;
    if (value >= edges[edges.length - 1]) return above;
    let index = 0;
    while (value >= edges[index + 1]) index += 1;
    return intervalLabel(index);
  };
  const labels: string[] = [];
  if (numbers.some((value) => value < edges[0])) labels.push(below);
  for (let index = 0; index + 1 < edges.length; index += 1) labels.push(intervalLabel(index));
  if (numbers.some((value) => value >= edges[edges.length - 1])) labels.push(above);
  return { labels, labelOf: (value) => (NUMBER.test(value.trim()) ? labelOfNumber(Number(value)) : null) };
}

function periodOf(date: string, period: 'year' | 'quarter' | 'month'): { label: string; index: number } {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (period === 'year') return { label: String(year), index: year };
  if (period === 'month') return { label: date.slice(0, 7), index: year * 12 + month - 1 };
  const quarter = Math.floor((month - 1) / 3) + 1;
  return { label: `${year}-Q${quarter}`, index: year * 4 + quarter - 1 };
}

function periodLabel(index: number, period: 'year' | 'quarter' | 'month'): string {
  if (period === 'year') return String(index);
  if (period === 'month') return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

function dateBins(spec: BinSpec, values: readonly string[]): Binning | string {
  if (spec.kind === 'width') return 'bins of a fixed width need a number attribute; for dates use year, quarter, month or date edges';
  if (spec.kind === 'period') {
    const period = spec.period;
    const indices = values.map((value) => periodOf(value, period).index);
    if (indices.length === 0) return { labelOf: () => null, labels: [] };
    const first = Math.min(...indices);
    const last = Math.max(...indices);
    if (last - first + 1 > MAX_BINS) return `${period} bins would make ${last - first + 1} columns; choose a longer period`;
    const labels: string[] = [];
    for (let index = first; index <= last; index += 1) labels.push(periodLabel(index, period));
    return { labels, labelOf: (value) => (DATE.test(value.trim()) ? periodOf(value.trim(), period).label : null) };
  }
  if (!spec.edges.every((edge) => DATE.test(edge))) return 'number edges need a number attribute';
  const edges = spec.edges;
  const below = `< ${edges[0]}`;
  const above = `≥ ${edges[edges.length - 1]}`;
  const intervalLabel = (index: number): string => `[${edges[index]}, ${edges[index + 1]})`;
  const labelOfDate = (value: string): string => {
    if (value < edges[0]) return below;
    if (value >= edges[edges.length - 1]) return above;
    let index = 0;
    while (value >= edges[index + 1]) index += 1;
    return intervalLabel(index);
  };
  const labels: string[] = [];
  if (values.some((value) => value < edges[0])) labels.push(below);
  for (let index = 0; index + 1 < edges.length; index += 1) labels.push(intervalLabel(index));
  if (values.some((value) => value >= edges[edges.length - 1])) labels.push(above);
  return { labels, labelOf: (value) => (DATE.test(value.trim()) ? labelOfDate(value.trim()) : null) };
}

/**
 * Groups the observed `values` of an attribute of `type` into bins. Returns the binning, or
 * a sentence (without a subject) saying why this specification does not fit the attribute.
 */
export function makeBins(type: AttributeType, spec: BinSpec, values: readonly string[]): Binning | string {
  const trimmed = values.map((value) => value.trim());
  if (type === 'number') return numberBins(spec, trimmed.filter((value) => NUMBER.test(value)));
  if (type === 'date') return dateBins(spec, trimmed.filter((value) => DATE.test(value)));
  return 'only number and date attributes can be binned';
}
