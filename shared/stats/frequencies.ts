import type { SourceId } from '../domain/ids';
import type { FrequencyRow, FrequencyTable, FrequencyUnit } from '../domain/types';
import type { CodeNodeInput } from '../domain/codebook';
import { computeCrosstab, NONE_VALUE, orderValues, type CodeSourceCell, type CrosstabResult } from './crosstab';

/** The column for sources that have no value for the attribute. */
export const NONE_COLUMN = NONE_VALUE;
/** The key of the grand total in `totals`. */
export const ALL_COLUMN = 'all';

/**
 * A source with its attribute value and its length in characters (code points); `astral`
 * lists the UTF-16 offsets of characters above U+FFFF when the text has any.
 */
export type FrequencySource = Readonly<{ id: SourceId; value: string | null; length: number; astral?: readonly number[] }>;

/**
 * Codings of one code in one source: how many, and (for the characters unit) their ranges
 * as flat pairs [start0, end0, start1, end1, …] — 200,000 small arrays cost more than the sums.
 */
export type FrequencyCell = CodeSourceCell;

export type FrequencyInput = Readonly<{
  by: string;
  unit: FrequencyUnit;
  coder: string | null;
  codes: readonly CodeNodeInput[];
  sources: readonly FrequencySource[];
  cells: readonly FrequencyCell[];
}>;

/** Orders attribute values for display: natural order, with "(none)" always last. */
export function orderColumns(values: Iterable<string>): string[] {
  return [...orderValues(values), NONE_COLUMN];
}

/**
 * Code frequencies per attribute value (DESIGN.md §6): the crosstab of every code (rolled
 * up) × the values of one attribute, in the fixed shape of the foundation issue.
 * - segments: number of codings; documents: distinct sources with at least one coding;
 *   characters: size of the union of the ranges per source (overlaps count once).
 * - A parent's figures include its descendants: every coding counts once for the code and
 *   once for each ancestor; documents and characters are unions, never sums.
 * - `totals` are the same figures for the whole codebook (any code), so they are not the
 *   sum of the rows, which would count a child's codings again in its parent.
 */
export function computeFrequencies(input: FrequencyInput): FrequencyTable {
  const columns = orderColumns(input.sources.map((source) => source.value ?? NONE_COLUMN));
  const result = computeCrosstab({
    codes: input.codes,
    rows: null,
    rollup: true,
    unit: input.unit,
    columns: columns.map((key) => ({ key, values: [key] })),
    sources: input.sources.map((source) => ({
      id: source.id,
      column: source.value ?? NONE_COLUMN,
      length: source.length,
      astral: source.astral,
    })),
    cells: input.cells,
  });
  return frequencyTableOf(input.by, input.coder, result);
}

/** The foundation issue's FrequencyTable from a crosstab over every code, rolled up. */
export function frequencyTableOf(by: string, coder: string | null, result: CrosstabResult): FrequencyTable {
  const columns = result.columns.map((column) => column.key);
  const unit = result.unit as FrequencyUnit;
  const toRecord = (values: readonly number[]): Record<string, number> =>
    Object.fromEntries(columns.map((column, index) => [column, values[index]]));
  const coverageOf = (values: readonly number[]): Record<string, number> =>
    Object.fromEntries(
      columns.map((column, index) => [
        column,
        result.sourceCharacters[index] === 0 ? 0 : values[index] / result.sourceCharacters[index],
      ]),
    );
  const rows: FrequencyRow[] = result.rows.map((row) => {
    const base: FrequencyRow = { code: row.code, codeId: row.codeId, depth: row.depth, values: toRecord(row.values), total: row.total };
    return unit === 'characters' ? { ...base, coverage: coverageOf(row.values) } : base;
  });
  const table: FrequencyTable = {
    by,
    unit,
    coder,
    columns,
    rows,
    totals: { ...toRecord(result.totals), [ALL_COLUMN]: result.total },
  };
  if (unit !== 'characters') return table;
  return {
    ...table,
    totalsCoverage: {
      ...coverageOf(result.totals),
      [ALL_COLUMN]: result.allCharacters === 0 ? 0 : result.total / result.allCharacters,
    },
    sourceCharacters: { ...toRecord(result.sourceCharacters), [ALL_COLUMN]: result.allCharacters },
  };
}
