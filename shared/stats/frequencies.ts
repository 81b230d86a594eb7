import type { CodeId, SourceId } from '../domain/ids';
import type { FrequencyRow, FrequencyTable, FrequencyUnit } from '../domain/types';
import { orderCodebook, type CodeNodeInput } from '../domain/codebook';

/** The column for sources that have no value for the attribute. */
export const NONE_COLUMN = '(none)';
/** The key of the grand total in `totals`. */
export const ALL_COLUMN = 'all';

export type FrequencySource = Readonly<{ id: SourceId; value: string | null; length: number }>;

/**
 * Codings of one code in one source: how many, and (for the characters unit) their ranges
 * as flat pairs [start0, end0, start1, end1, …] — 200,000 small arrays cost more than the sums.
 */
export type FrequencyCell = Readonly<{
  codeId: CodeId;
  sourceId: SourceId;
  segments: number;
  ranges?: readonly number[];
}>;

// A range packed into one float64 (start · 2^27 + end) sorts natively and exactly: texts are
// capped well below 2^26 code units, so start · 2^27 + end stays under 2^53.
const PACK = 2 ** 27;

/** Size of the union of all ranges of the given cells, overlaps counted once. */
function unionLengthOfCells(cells: readonly FrequencyCell[]): number {
  let count = 0;
  for (const cell of cells) count += (cell.ranges?.length ?? 0) / 2;
  const keys = new Float64Array(count);
  let at = 0;
  for (const cell of cells) {
    const ranges = cell.ranges ?? [];
    for (let index = 0; index + 1 < ranges.length; index += 2) keys[at++] = ranges[index] * PACK + ranges[index + 1];
  }
  keys.sort();
  let total = 0;
  let runStart = -1;
  let runEnd = -1;
  for (const key of keys) {
    const start = Math.floor(key / PACK);
    const end = key - start * PACK;
    if (start > runEnd) {
      total += runEnd - runStart;
      runStart = start;
      runEnd = end;
    } else if (end > runEnd) {
      runEnd = end;
    }
  }
  return total + (runEnd - runStart);
}

export type FrequencyInput = Readonly<{
  by: string;
  unit: FrequencyUnit;
  coder: string | null;
  codes: readonly CodeNodeInput[];
  sources: readonly FrequencySource[];
  cells: readonly FrequencyCell[];
}>;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Orders attribute values for display: natural order, with "(none)" always last. */
export function orderColumns(values: Iterable<string>): string[] {
  const distinct = [...new Set(values)].filter((value) => value !== NONE_COLUMN);
  distinct.sort((a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
  return [...distinct, NONE_COLUMN];
}

/**
 * Code frequencies per attribute value (DESIGN.md §6).
 * - segments: number of codings; documents: distinct sources with at least one coding;
 *   characters: size of the union of the ranges per source (overlaps count once).
 * - A parent's figures include its descendants: every coding counts once for the code and
 *   once for each ancestor; documents and characters are unions, never sums.
 * - `totals` are the same figures for the whole codebook (any code), so they are not the
 *   sum of the rows, which would count a child's codings again in its parent.
 */
export function computeFrequencies(input: FrequencyInput): FrequencyTable {
  const ordered = orderCodebook(input.codes);
  const columns = orderColumns(input.sources.map((source) => source.value ?? NONE_COLUMN));
  const columnIndex = new Map(columns.map((column, index) => [column, index]));
  const sourceColumn = new Map<SourceId, number>();
  const columnLength = new Array<number>(columns.length).fill(0);
  for (const source of input.sources) {
    const index = columnIndex.get(source.value ?? NONE_COLUMN) ?? columns.length - 1;
    sourceColumn.set(source.id, index);
    columnLength[index] += source.length;
  }

  // Row index per code; the last row is the virtual "any code" row used for the totals.
  const rowIndex = new Map<CodeId, number>(ordered.map((entry, index) => [entry.code.id, index]));
  const lineage = ordered.map((entry) => entry.lineage.map((id) => rowIndex.get(id) as number));
  const anyRow = ordered.length;
  const counts = Array.from({ length: ordered.length + 1 }, () => new Array<number>(columns.length).fill(0));

  if (input.unit === 'segments') {
    for (const cell of input.cells) {
      const row = rowIndex.get(cell.codeId);
      const column = sourceColumn.get(cell.sourceId);
      if (row === undefined || column === undefined) continue;
      for (const target of lineage[row]) counts[target][column] += cell.segments;
      counts[anyRow][column] += cell.segments;
    }
  } else if (input.unit === 'documents') {
    const seen = Array.from({ length: ordered.length + 1 }, () => new Set<SourceId>());
    for (const cell of input.cells) {
      const row = rowIndex.get(cell.codeId);
      const column = sourceColumn.get(cell.sourceId);
      if (row === undefined || column === undefined || cell.segments === 0) continue;
      for (const target of [...lineage[row], anyRow]) {
        if (seen[target].has(cell.sourceId)) continue;
        seen[target].add(cell.sourceId);
        counts[target][column] += 1;
      }
    }
  } else {
    // Per source, gather the cells under each row (a code, its ancestors, "any code") and
    // count the union of their ranges once.
    const bySource = new Map<SourceId, FrequencyCell[]>();
    for (const cell of input.cells) {
      const list = bySource.get(cell.sourceId);
      if (list) list.push(cell);
      else bySource.set(cell.sourceId, [cell]);
    }
    for (const [sourceId, cells] of bySource) {
      const column = sourceColumn.get(sourceId);
      if (column === undefined) continue;
      const perRow = new Map<number, FrequencyCell[]>();
      for (const cell of cells) {
        const row = rowIndex.get(cell.codeId);
        if (row === undefined) continue;
        for (const target of [...lineage[row], anyRow]) {
          const list = perRow.get(target);
          if (list) list.push(cell);
          else perRow.set(target, [cell]);
        }
      }
      for (const [row, rowCells] of perRow) counts[row][column] += unionLengthOfCells(rowCells);
    }
  }

  const toRecord = (values: readonly number[]): Record<string, number> =>
    Object.fromEntries(columns.map((column, index) => [column, values[index]]));
  const coverageOf = (values: readonly number[]): Record<string, number> =>
    Object.fromEntries(
      columns.map((column, index) => [column, columnLength[index] === 0 ? 0 : values[index] / columnLength[index]]),
    );
  const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
  const allLength = sum(columnLength);

  const rows: FrequencyRow[] = ordered.map((entry, index) => {
    const row: FrequencyRow = {
      code: entry.path,
      codeId: entry.code.id,
      depth: entry.depth,
      values: toRecord(counts[index]),
      total: sum(counts[index]),
    };
    return input.unit === 'characters' ? { ...row, coverage: coverageOf(counts[index]) } : row;
  });
  const totalAll = sum(counts[anyRow]);
  const table: FrequencyTable = {
    by: input.by,
    unit: input.unit,
    coder: input.coder,
    columns,
    rows,
    totals: { ...toRecord(counts[anyRow]), [ALL_COLUMN]: totalAll },
  };
  if (input.unit !== 'characters') return table;
  return {
    ...table,
    totalsCoverage: { ...coverageOf(counts[anyRow]), [ALL_COLUMN]: allLength === 0 ? 0 : totalAll / allLength },
    sourceCharacters: { ...toRecord(columnLength), [ALL_COLUMN]: allLength },
  };
}
