import type { WhereClause } from '../stats/crosstab';
import { formatWhere, type SegmentsQuery } from './query';
import { aboutObject, tableCsv, uniqueHeader, type AboutEntry, type CellValue, type CsvOptions, type DataTable, type ExportDocument } from './table';

/** One coding, with everything a tidy export needs. */
export type SegmentRow = Readonly<{
  codingId: string;
  sourceId: string;
  source: string;
  attributes: Readonly<Record<string, string>>;
  codeId: string;
  codePath: string;
  topLevelCode: string;
  coder: string;
  /** UTF-16 offsets, as the app and `marginalia code --start/--end` use them. */
  start: number;
  end: number;
  /** Code point offsets, as Python and R index strings. */
  startCodePoint: number;
  endCodePoint: number;
  page: string | null;
  turn: string | null;
  /** The article (第N条) the coding starts in. */
  section: string | null;
  text: string;
  memo: string;
  createdAt: string;
}>;

/** The coded segments of a query with everything their exports say about how they were chosen. */
export type SegmentsReport = Readonly<{
  query: SegmentsQuery;
  /** Path of the code asked for (its descendants included), or null for every code. */
  code: string | null;
  coder: string | null;
  where: readonly WhereClause[];
  attributes: readonly string[];
  sourceCount: number;
  segments: readonly SegmentRow[];
  about: readonly AboutEntry[];
}>;

/** The query in one line. */
export function segmentsQueryLine(report: Omit<SegmentsReport, 'about'>): string {
  const parts = [`coded segments of ${report.code ? `${report.code} (with descendants)` : 'every code'}`];
  if (report.where.length > 0) parts.push(`where ${report.where.map(formatWhere).join(' and ')}`);
  parts.push(`coder ${report.coder ?? 'all coders'}`);
  return parts.join('; ');
}

/** The About entries particular to the segments export. */
export function segmentsAbout(report: Omit<SegmentsReport, 'about'>): AboutEntry[] {
  return [
    { label: 'Analysis', value: 'Coded segments: one row per coding (long, tidy)' },
    { label: 'Query', value: segmentsQueryLine(report) },
    { label: 'Unit', value: 'one row per coding' },
    {
      label: 'Offsets',
      value: 'start/end count UTF-16 units (as Marginalia and JavaScript do); start_cp/end_cp count code points (as Python and R do); characters counts code points',
    },
    { label: 'Structure', value: 'page, turn and section (§, 第N条) are those the coding starts in, where the source records them' },
    { label: 'Filters', value: report.where.length === 0 ? 'none' : report.where.map(formatWhere).join(' and ') },
    { label: 'Coder', value: report.coder ?? 'all coders' },
    { label: 'Sources in scope', value: String(report.sourceCount) },
    { label: 'Codings', value: String(report.segments.length) },
  ];
}

const FIXED_BEFORE = ['coding_id', 'source_id', 'source'];
const FIXED_AFTER = [
  'code_id',
  'code_path',
  'top_level_code',
  'coder',
  'start',
  'end',
  'start_cp',
  'end_cp',
  'characters',
  'page',
  'turn',
  'section',
  'text',
  'memo',
  'created_at',
];

/** The long table: one row per coding, every attribute its own column (empty where a source has none). */
export function segmentsTable(report: SegmentsReport): DataTable {
  const header = uniqueHeader([...FIXED_BEFORE, ...report.attributes, ...FIXED_AFTER]);
  const rows: CellValue[][] = report.segments.map((segment) => [
    segment.codingId,
    segment.sourceId,
    segment.source,
    ...report.attributes.map((attribute) => segment.attributes[attribute] ?? null),
    segment.codeId,
    segment.codePath,
    segment.topLevelCode,
    segment.coder,
    segment.start,
    segment.end,
    segment.startCodePoint,
    segment.endCodePoint,
    segment.endCodePoint - segment.startCodePoint,
    segment.page,
    segment.turn,
    segment.section,
    segment.text,
    segment.memo,
    segment.createdAt,
  ]);
  const integers = new Set(['start', 'end', 'start_cp', 'end_cp', 'characters']);
  return {
    name: 'segments',
    title: `Coded segments — one row per coding; coder: ${report.coder ?? 'all coders'}`,
    header,
    rows,
    formats: header.map((name, index) => (index >= header.length - FIXED_AFTER.length && integers.has(name) ? 'integer' : null)),
  };
}

/** CSV: the long table with the query in a last column. */
export function segmentsCsv(report: SegmentsReport, options: CsvOptions = {}): string {
  const table = segmentsTable(report);
  const line = segmentsQueryLine(report);
  return tableCsv({ ...table, header: uniqueHeader([...table.header, 'query']), rows: table.rows.map((row) => [...row, line]) }, options);
}

/** JSON: one object per coding, the query and the About. */
export function segmentsJson(report: SegmentsReport): object {
  return { code: report.code, coder: report.coder, segments: report.segments, query: report.query, about: aboutObject(report.about) };
}

/** The segments as an export document. */
export function segmentsDocument(report: SegmentsReport): ExportDocument {
  return {
    title: `Coded segments${report.code ? ` — ${report.code}` : ''}`,
    about: report.about,
    tables: [segmentsTable(report)],
    json: segmentsJson(report),
    csv: (options) => segmentsCsv(report, options),
  };
}
