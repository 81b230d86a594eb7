import type { SourceKind } from '../domain/types';
import type { WhereClause } from '../stats/crosstab';
import type { MatrixResult, MatrixValue } from '../stats/matrix';
import { formatWhere, type MatrixQuery } from './query';
import { aboutObject, tableCsv, uniqueHeader, type AboutEntry, type CellValue, type CsvOptions, type DataTable, type ExportDocument } from './table';

/** A computed code × document matrix with everything its exports say about how it was made. */
export type MatrixReport = Readonly<{
  query: MatrixQuery;
  coder: string | null;
  codes: readonly string[] | null;
  where: readonly WhereClause[];
  /** Every attribute of the project, in its order: one column each. */
  attributes: readonly string[];
  sources: readonly Readonly<{ id: string; name: string; kind: SourceKind; attributes: Readonly<Record<string, string>> }>[];
  result: MatrixResult;
  about: readonly AboutEntry[];
}>;

/** What a matrix cell holds, in words. */
export function matrixValueDescription(value: MatrixValue): string {
  switch (value) {
    case 'count':
      return 'count: number of codings of the code in the source';
    case 'characters':
      return 'characters: code points in the union of the code’s ranges in the source (overlaps once)';
    case 'presence':
      return 'presence: 1 when the source has at least one coding of the code, else 0';
  }
}

/** The query in one line. */
export function matrixQueryLine(report: Omit<MatrixReport, 'about'>): string {
  const parts = [
    `code × document matrix of ${report.codes ? report.codes.join(', ') : 'all codes'} (${report.query.rollup ? 'with descendants' : 'own codings only'})`,
    `value ${report.query.value}`,
  ];
  if (report.where.length > 0) parts.push(`where ${report.where.map(formatWhere).join(' and ')}`);
  parts.push(`coder ${report.coder ?? 'all coders'}`);
  return parts.join('; ');
}

/** The About entries particular to the matrix. */
export function matrixAbout(report: Omit<MatrixReport, 'about'>): AboutEntry[] {
  return [
    { label: 'Analysis', value: 'Code × document matrix: one row per source, one column per code' },
    { label: 'Query', value: matrixQueryLine(report) },
    { label: 'Unit', value: matrixValueDescription(report.query.value) },
    { label: 'Codes', value: `${report.codes ? report.codes.join(', ') : 'every code'}; ${report.query.rollup ? 'a code includes its descendants' : 'each code counts its own codings only'}` },
    { label: 'Filters', value: report.where.length === 0 ? 'none' : report.where.map(formatWhere).join(' and ') },
    { label: 'Coder', value: report.coder ?? 'all coders' },
    { label: 'Sources in scope', value: String(report.sources.length) },
  ];
}

/** The wide table: source id, name, kind, every attribute (empty when a source has none), then the codes. */
export function matrixTable(report: MatrixReport): DataTable {
  const paths = report.result.codes.map((code) => code.code);
  const header = uniqueHeader(['source_id', 'source', 'kind', ...report.attributes, ...paths]);
  const rows: CellValue[][] = report.sources.map((source, index) => [
    source.id,
    source.name,
    source.kind,
    ...report.attributes.map((attribute) => source.attributes[attribute] ?? null),
    ...report.result.sources[index].values,
  ]);
  return {
    name: report.query.value,
    title: `Code × document matrix — value: ${report.query.value}; coder: ${report.coder ?? 'all coders'}`,
    header,
    rows,
    formats: [null, null, null, ...report.attributes.map(() => null), ...paths.map(() => 'integer' as const)],
  };
}

/** CSV: the wide table with the query in a last column. */
export function matrixCsv(report: MatrixReport, options: CsvOptions = {}): string {
  const table = matrixTable(report);
  const line = matrixQueryLine(report);
  return tableCsv(
    { ...table, header: uniqueHeader([...table.header, 'query']), rows: table.rows.map((row) => [...row, line]) },
    options,
  );
}

/** JSON: codes, one entry per source with its attributes and figures, the query and the About. */
export function matrixJson(report: MatrixReport): object {
  const paths = report.result.codes.map((code) => code.code);
  return {
    value: report.query.value,
    coder: report.coder,
    codes: paths,
    sources: report.sources.map((source, index) => ({
      id: source.id,
      name: source.name,
      kind: source.kind,
      attributes: source.attributes,
      values: Object.fromEntries(paths.map((path, column) => [path, report.result.sources[index].values[column]])),
    })),
    query: report.query,
    about: aboutObject(report.about),
  };
}

/** The matrix as an export document. */
export function matrixDocument(report: MatrixReport): ExportDocument {
  return {
    title: `Code × document matrix (${report.query.value})`,
    about: report.about,
    tables: [matrixTable(report)],
    json: matrixJson(report),
    csv: (options) => matrixCsv(report, options),
  };
}
