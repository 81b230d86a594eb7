import type { CooccurrenceRelation, CooccurrenceResult, CooccurrenceUnit } from '../stats/cooccurrence';
import type { WhereClause } from '../stats/crosstab';
import { formatWhere, type CooccurrenceQuery } from './query';
import { aboutObject, tableCsv, type AboutEntry, type CellValue, type CsvOptions, type DataTable, type ExportDocument } from './table';

/** A computed co-occurrence analysis with everything its exports say about how it was made. */
export type CooccurrenceReport = Readonly<{
  query: CooccurrenceQuery;
  by: string | null;
  coder: string | null;
  codes: readonly string[] | null;
  where: readonly WhereClause[];
  bins: readonly string[];
  sourceCount: number;
  result: CooccurrenceResult;
  about: readonly AboutEntry[];
}>;

/** What a relation means, in words. */
export function relationDescription(relation: CooccurrenceRelation): string {
  switch (relation) {
    case 'overlap':
      return 'overlap: the two coded ranges share at least one character';
    case 'inside':
      return 'inside: one coded range lies wholly inside the other';
    case 'exact':
      return 'exact: both codes cover exactly the same range';
  }
}

/** What a co-occurrence cell counts, in words. */
export function cooccurrenceUnitDescription(unit: CooccurrenceUnit): string {
  return unit === 'passages'
    ? 'passages: pairs of codings (one of each code) in the same source that co-occur; the diagonal is the number of codings of the code'
    : 'documents: sources with at least one such pair; the diagonal is the number of sources with the code';
}

/** The query in one line. */
export function cooccurrenceQueryLine(report: Omit<CooccurrenceReport, 'about'>): string {
  const parts = [
    `co-occurrence of ${report.codes ? report.codes.join(', ') : 'all codes'} (own codings only)`,
    `relation ${report.query.relation}`,
    `unit ${report.query.unit}`,
  ];
  if (report.by) parts.push(`one matrix per ${report.by}`);
  if (report.bins.length > 0) parts.push(report.bins.join('; '));
  if (report.where.length > 0) parts.push(`where ${report.where.map(formatWhere).join(' and ')}`);
  parts.push(`coder ${report.coder ?? 'all coders'}`);
  return parts.join('; ');
}

/** The About entries particular to co-occurrence. */
export function cooccurrenceAbout(report: Omit<CooccurrenceReport, 'about'>): AboutEntry[] {
  const entries: AboutEntry[] = [
    { label: 'Analysis', value: 'Code co-occurrence: codes × codes' },
    { label: 'Query', value: cooccurrenceQueryLine(report) },
    { label: 'Relation', value: relationDescription(report.query.relation) },
    { label: 'Unit', value: cooccurrenceUnitDescription(report.query.unit) },
    { label: 'Codes', value: `${report.codes ? report.codes.join(', ') : 'every code'}; each code counts its own codings (a parent would trivially co-occur with its children)` },
  ];
  if (report.by) entries.push({ label: 'Per value of', value: report.by });
  if (report.bins.length > 0) entries.push({ label: 'Bins', value: report.bins.join('; ') });
  entries.push(
    { label: 'Filters', value: report.where.length === 0 ? 'none' : report.where.map(formatWhere).join(' and ') },
    { label: 'Coder', value: report.coder ?? 'all coders' },
    { label: 'Sources in scope', value: String(report.sourceCount) },
  );
  return entries;
}

/** One table per matrix (one per attribute value, or one for all sources). */
export function cooccurrenceTables(report: CooccurrenceReport): DataTable[] {
  const paths = report.result.codes.map((code) => code.code);
  return report.result.matrices.map((matrix) => ({
    name: matrix.group,
    title: `Co-occurrence (${report.query.relation}) — unit: ${report.query.unit}${report.by ? `; ${report.by} = ${matrix.group}` : ''}; coder: ${report.coder ?? 'all coders'}`,
    header: ['code', ...paths],
    rows: matrix.counts.map((row, index) => [paths[index], ...row]),
    formats: [null, ...paths.map(() => 'integer' as const)],
  }));
}

/** CSV: the matrices stacked, each row led by its attribute value when there is one, the query last. */
export function cooccurrenceCsv(report: CooccurrenceReport, options: CsvOptions = {}): string {
  const paths = report.result.codes.map((code) => code.code);
  const line = cooccurrenceQueryLine(report);
  const header = ['unit', 'relation', ...(report.by ? [report.by] : []), 'code', ...paths, 'query'];
  const rows: CellValue[][] = [];
  for (const matrix of report.result.matrices) {
    matrix.counts.forEach((row, index) => {
      rows.push([report.query.unit, report.query.relation, ...(report.by ? [matrix.group] : []), paths[index], ...row, line]);
    });
  }
  return tableCsv({ name: 'co-occurrence', title: line, header, rows }, options);
}

/** JSON: codes, one matrix per group, the query and the About. */
export function cooccurrenceJson(report: CooccurrenceReport): object {
  return {
    relation: report.query.relation,
    unit: report.query.unit,
    by: report.by,
    coder: report.coder,
    codes: report.result.codes.map((code) => code.code),
    matrices: report.result.matrices.map((matrix) => ({ value: matrix.group, counts: matrix.counts })),
    query: report.query,
    about: aboutObject(report.about),
  };
}

/** The co-occurrence analysis as an export document. */
export function cooccurrenceDocument(report: CooccurrenceReport): ExportDocument {
  return {
    title: `Code co-occurrence (${report.query.relation})${report.by ? ` by ${report.by}` : ''}`,
    about: report.about,
    tables: cooccurrenceTables(report),
    json: cooccurrenceJson(report),
    csv: (options) => cooccurrenceCsv(report, options),
  };
}
