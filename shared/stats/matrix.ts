import type { CodeId, SourceId } from '../domain/ids';
import type { CodeNodeInput } from '../domain/codebook';
import { computeCrosstab, type CodeSourceCell } from './crosstab';

/** What a cell of the code × document matrix holds: codings, characters (code points) or 0/1. */
export const MATRIX_VALUES = ['count', 'characters', 'presence'] as const;
export type MatrixValue = (typeof MATRIX_VALUES)[number];

export type MatrixSource = Readonly<{ id: SourceId; length: number; astral?: readonly number[] }>;

export type MatrixInput = Readonly<{
  codes: readonly CodeNodeInput[];
  rows: readonly CodeId[] | null;
  rollup: boolean;
  value: MatrixValue;
  /** Sources in scope, in the order the matrix lists them. */
  sources: readonly MatrixSource[];
  cells: readonly CodeSourceCell[];
}>;

export type MatrixResult = Readonly<{
  value: MatrixValue;
  rollup: boolean;
  codes: readonly Readonly<{ codeId: CodeId; code: string; depth: number }>[];
  /** One row per source, one figure per code (in `codes` order). */
  sources: readonly Readonly<{ id: SourceId; values: readonly number[] }>[];
}>;

/**
 * The wide code × document table researchers reshape in R: one row per source, one column
 * per code. It is the crosstab with each source as its own column, transposed, so a parent
 * with rollup counts exactly as it does in every other table (DESIGN.md §6).
 */
export function computeMatrix(input: MatrixInput): MatrixResult {
  const result = computeCrosstab({
    codes: input.codes,
    rows: input.rows,
    rollup: input.rollup,
    unit: input.value === 'characters' ? 'characters' : 'segments',
    columns: input.sources.map((source) => ({ key: source.id, values: [source.id] })),
    sources: input.sources.map((source) => ({ id: source.id, column: source.id, length: source.length, astral: source.astral })),
    cells: input.cells,
  });
  return {
    value: input.value,
    rollup: input.rollup,
    codes: result.rows.map((row) => ({ codeId: row.codeId, code: row.code, depth: row.depth })),
    sources: input.sources.map((source, column) => ({
      id: source.id,
      values: result.rows.map((row) => (input.value === 'presence' ? (row.values[column] > 0 ? 1 : 0) : row.values[column])),
    })),
  };
}
