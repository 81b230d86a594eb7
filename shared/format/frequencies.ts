import type { FrequencyTable } from '../domain/types';
import { ALL_COLUMN } from '../stats/frequencies';
import { toCsv } from './csv';

/** The fixed JSON shape of `marginalia frequencies --format json` (issue 2, §4). */
export function frequencyJson(table: FrequencyTable): object {
  const characters = table.unit === 'characters';
  return {
    by: table.by,
    unit: table.unit,
    coder: table.coder,
    rows: table.rows.map((row) => ({
      code: row.code,
      values: row.values,
      total: row.total,
      ...(characters ? { coverage: row.coverage } : {}),
    })),
    totals: table.totals,
    ...(characters ? { totalsCoverage: table.totalsCoverage } : {}),
  };
}

const TOTAL_LABEL = '(all codes)';

function coverageCells(coverage: Readonly<Record<string, number>> | undefined, columns: readonly string[]): string[] {
  return columns.map((column) => (coverage?.[column] ?? 0).toFixed(4));
}

/**
 * CSV for R, Python and Excel: the unit is a column of its own on every row, so a table
 * read without its header still says what it counts. For characters, coverage columns follow.
 */
export function frequencyCsv(table: FrequencyTable): string {
  const characters = table.unit === 'characters';
  const header = ['unit', 'coder', 'code', ...table.columns, 'total'];
  if (characters) header.push(...table.columns.map((column) => `${column} coverage`), 'total coverage');
  const coder = table.coder ?? '(all coders)';
  const rows = table.rows.map((row) => {
    const line: (string | number)[] = [table.unit, coder, row.code, ...table.columns.map((c) => row.values[c]), row.total];
    if (characters) {
      line.push(...coverageCells(row.coverage, table.columns), share(row.total, table).toFixed(4));
    }
    return line;
  });
  const totals: (string | number)[] = [
    table.unit,
    coder,
    TOTAL_LABEL,
    ...table.columns.map((column) => table.totals[column]),
    table.totals[ALL_COLUMN],
  ];
  if (characters) {
    totals.push(...coverageCells(table.totalsCoverage, table.columns), (table.totalsCoverage?.[ALL_COLUMN] ?? 0).toFixed(4));
  }
  return toCsv([header, ...rows, totals]);
}

/** A row total's share of the characters of all sources in the table. */
function share(rowTotal: number, table: FrequencyTable): number {
  const length = table.sourceCharacters?.[ALL_COLUMN] ?? 0;
  return length === 0 ? 0 : rowTotal / length;
}

/** A Markdown table with a caption line naming the attribute, the unit and the coder. */
export function frequencyMarkdown(table: FrequencyTable): string {
  const caption = `Code frequencies by ${table.by} — unit: ${table.unit}; coder: ${table.coder ?? 'all coders'}`;
  const header = `| code | ${table.columns.join(' | ')} | total |`;
  const rule = `|---|${table.columns.map(() => '---:').join('|')}|---:|`;
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const lines = table.rows.map(
    (row) => `| ${escape(row.code)} | ${table.columns.map((column) => row.values[column]).join(' | ')} | ${row.total} |`,
  );
  lines.push(
    `| **${TOTAL_LABEL}** | ${table.columns.map((column) => table.totals[column]).join(' | ')} | ${table.totals[ALL_COLUMN]} |`,
  );
  return [caption, '', header, rule, ...lines, ''].join('\n');
}
