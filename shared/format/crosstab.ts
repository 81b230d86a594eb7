import type { CrosstabPercentages, CrosstabResult, CrosstabUnit, PercentBase, WhereClause } from '../stats/crosstab';
import { ALL_COLUMN } from '../stats/frequencies';
import type { CrosstabQuery } from './query';
import { formatWhere } from './query';
import { aboutObject, tableCsv, type AboutEntry, type CsvOptions, type CellValue, type ColumnFormat, type DataTable, type ExportDocument } from './table';

/** A computed crosstab with everything its exports say about how it was made. */
export type CrosstabReport = Readonly<{
  query: CrosstabQuery;
  /** Attribute names as the project spells them. */
  by: string;
  then: string | null;
  coder: string | null;
  /** Paths of the row codes, or null for the whole codebook. */
  codes: readonly string[] | null;
  where: readonly WhereClause[];
  bins: readonly string[];
  result: CrosstabResult;
  percent: CrosstabPercentages | null;
  about: readonly AboutEntry[];
}>;

/** The row label of the totals: figures for any of the rows' codes. */
export const TOTAL_ROW = '(all codes)';

/** What a unit counts, in words, for headers and the About sheet. */
export function unitDescription(unit: CrosstabUnit): string {
  switch (unit) {
    case 'segments':
      return 'segments: number of codings';
    case 'documents':
      return 'documents: sources with at least one coding';
    case 'characters':
      return 'characters: code points in the union of coded ranges per source (overlaps once)';
    case 'coverage':
      return "coverage: coded characters as a % of all characters of the column's sources";
  }
}

/** What a percentage is a share of. */
export function percentDescription(base: PercentBase): string {
  return base === 'row'
    ? "row %: each cell as a share of its code's total"
    : 'column %: each cell as a share of the column total for any of the codes (rows that include their descendants, or codes that overlap, do not add up to 100)';
}

/** The query in one line: rows, columns, unit, filters, coder, percentages. */
export function crosstabQueryLine(report: CrosstabReport): string {
  const rows = `${report.codes ? report.codes.join(', ') : 'all codes'} (${report.query.rollup ? 'with descendants' : 'own codings only'})`;
  const columns = report.then ? `${report.by} × ${report.then}` : report.by;
  const parts = [`crosstab of ${rows} by ${columns}`, `unit ${report.query.unit}`];
  if (report.bins.length > 0) parts.push(report.bins.join('; '));
  if (report.where.length > 0) parts.push(`where ${report.where.map(formatWhere).join(' and ')}`);
  parts.push(`coder ${report.coder ?? 'all coders'}`);
  if (report.percent && report.query.percent) parts.push(`${report.query.percent} %`);
  return parts.join('; ');
}

/** The About entries particular to a crosstab. */
export function crosstabAbout(report: Omit<CrosstabReport, 'about'>): AboutEntry[] {
  const entries: AboutEntry[] = [
    { label: 'Analysis', value: 'Crosstab: codes × attribute values' },
    { label: 'Query', value: crosstabQueryLine({ ...report, about: [] }) },
    { label: 'Rows', value: `${report.codes ? report.codes.join(', ') : 'every code'}; ${report.query.rollup ? 'a code includes its descendants' : 'each code counts its own codings only'}` },
    { label: 'Columns', value: report.then ? `${report.by}, then ${report.then} (nested)` : report.by },
    { label: 'Unit', value: unitDescription(report.query.unit) },
  ];
  if (report.bins.length > 0) entries.push({ label: 'Bins', value: report.bins.join('; ') });
  if (report.query.percent) entries.push({ label: 'Percentages', value: percentDescription(report.query.percent) });
  entries.push(
    { label: 'Filters', value: report.where.length === 0 ? 'none' : report.where.map(formatWhere).join(' and ') },
    { label: 'Coder', value: report.coder ?? 'all coders' },
    { label: 'Sources in scope', value: String(report.result.sourceCount) },
    { label: 'Totals', value: `${TOTAL_ROW} counts any of the rows' codes once, so it is not the sum of the rows` },
  );
  return entries;
}

const record = (keys: readonly string[], values: readonly number[]): Record<string, number> =>
  Object.fromEntries(keys.map((key, index) => [key, values[index]]));

/**
 * JSON of a crosstab: the foundation shape of `marginalia frequencies --format json` (by,
 * unit, coder, rows with values and total, totals, and coverage shares for characters), with
 * the newer options only adding keys: then, columns, percent, query, about.
 */
export function crosstabJson(report: CrosstabReport): object {
  const { result } = report;
  const keys = result.columns.map((column) => column.key);
  const characters = result.unit === 'characters';
  const share = (values: readonly number[]): Record<string, number> =>
    record(
      keys,
      values.map((value, index) => (result.sourceCharacters[index] === 0 ? 0 : value / result.sourceCharacters[index])),
    );
  const percent = report.percent;
  return {
    by: report.by,
    unit: result.unit,
    coder: report.coder,
    rows: result.rows.map((row, index) => ({
      code: row.code,
      values: record(keys, row.values),
      total: row.total,
      ...(characters ? { coverage: share(row.values) } : {}),
      ...(percent ? { percent: { ...record(keys, percent.rows[index]), total: percent.rowTotals[index] } } : {}),
    })),
    totals: { ...record(keys, result.totals), [ALL_COLUMN]: result.total },
    ...(characters
      ? { totalsCoverage: { ...share(result.totals), [ALL_COLUMN]: result.allCharacters === 0 ? 0 : result.total / result.allCharacters } }
      : {}),
    ...(report.then ? { then: report.then } : {}),
    columns: result.columns.map((column, index) => ({
      key: column.key,
      values: column.values,
      sources: result.sourceCounts[index],
      ...(characters || result.unit === 'coverage' ? { characters: result.sourceCharacters[index] } : {}),
    })),
    ...(percent ? { percent: report.query.percent, totalsPercent: { ...record(keys, percent.totals), [ALL_COLUMN]: percent.total } } : {}),
    rollup: report.query.rollup,
    query: report.query,
    about: aboutObject(report.about),
  };
}

function numberFormat(unit: CrosstabUnit): ColumnFormat {
  return unit === 'coverage' ? 'percent' : 'integer';
}

/**
 * The tables of a crosstab: the figures (with the totals row), the percentages when asked,
 * and the columns with their sources and characters (the denominators of coverage).
 */
export function crosstabTables(report: CrosstabReport): DataTable[] {
  const { result } = report;
  const keys = result.columns.map((column) => column.key);
  const format = numberFormat(result.unit);
  const title = `${report.then ? `Codes by ${report.by} × ${report.then}` : `Codes by ${report.by}`} — unit: ${result.unit}; coder: ${report.coder ?? 'all coders'}`;
  const tables: DataTable[] = [
    {
      name: result.unit,
      title,
      header: ['code', ...keys, 'total'],
      rows: [
        ...result.rows.map((row) => [row.code, ...row.values, row.total]),
        [TOTAL_ROW, ...result.totals, result.total],
      ],
      formats: [null, ...keys.map(() => format), format],
    },
  ];
  if (report.percent && report.query.percent) {
    const percent = report.percent;
    tables.push({
      name: report.query.percent === 'row' ? 'row %' : 'column %',
      title: `${title} — ${percentDescription(report.query.percent)}`,
      header: ['code', ...keys, 'total'],
      rows: [
        ...result.rows.map((row, index) => [row.code, ...percent.rows[index], percent.rowTotals[index]]),
        [TOTAL_ROW, ...percent.totals, percent.total],
      ],
      formats: [null, ...keys.map((): ColumnFormat => 'percent'), 'percent'],
    });
  }
  const nested = report.then !== null;
  // Characters are read only for the characters and coverage units.
  const characters = result.unit === 'characters' || result.unit === 'coverage';
  tables.push({
    name: 'columns',
    title: characters
      ? 'Columns: the sources in scope under each column and their characters (the base of coverage)'
      : 'Columns: the sources in scope under each column',
    header: ['column', report.by, ...(nested ? [report.then as string] : []), 'sources', ...(characters ? ['characters'] : [])],
    rows: [
      ...result.columns.map((column, index) => [
        column.key,
        column.values[0],
        ...(nested ? [column.values[1]] : []),
        result.sourceCounts[index],
        ...(characters ? [result.sourceCharacters[index]] : []),
      ]),
      ['(all)', null, ...(nested ? [null] : []), result.sourceCount, ...(characters ? [result.allCharacters] : [])],
    ],
    formats: [null, null, ...(nested ? [null] : []), 'integer', ...(characters ? ['integer' as const] : [])],
  });
  return tables;
}

/**
 * CSV of a crosstab for R, Python and Excel: unit and coder on every row (as in the
 * frequencies CSV), one column per attribute value, the total, percentages when asked, and
 * last the query in words — so a table read without its header still says what it counts.
 */
export function crosstabCsv(report: CrosstabReport, options: CsvOptions = {}): string {
  const [main] = crosstabTables(report);
  const percent = report.percent;
  const keys = report.result.columns.map((column) => column.key);
  const query = crosstabQueryLine(report);
  const coder = report.coder ?? '(all coders)';
  const header = ['unit', 'coder', ...main.header];
  if (percent && report.query.percent) header.push(...[...keys, 'total'].map((key) => `${key} ${report.query.percent} %`));
  header.push('query');
  const rows: CellValue[][] = main.rows.map((row, index) => {
    const line: CellValue[] = [report.result.unit, coder, ...row];
    if (percent) {
      const isTotal = index === report.result.rows.length;
      line.push(...(isTotal ? [...percent.totals, percent.total] : [...percent.rows[index], percent.rowTotals[index]]));
    }
    line.push(query);
    return line;
  });
  return tableCsv({ name: main.name, title: main.title, header, rows }, options);
}

/** The crosstab as an export document (About + tables + JSON). */
export function crosstabDocument(report: CrosstabReport): ExportDocument {
  return {
    title: `Crosstab — codes by ${report.then ? `${report.by} × ${report.then}` : report.by}`,
    about: report.about,
    tables: crosstabTables(report),
    json: crosstabJson(report),
    csv: (options) => crosstabCsv(report, options),
  };
}
