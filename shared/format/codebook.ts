import type { WhereClause } from '../stats/crosstab';
import { formatWhere, type CodebookQuery } from './query';
import { aboutObject, tableCsv, type AboutEntry, type CellValue, type CsvOptions, type DataTable, type ExportDocument } from './table';

/** A passage coded with a code, quoted in the codebook. */
export type CodebookExample = Readonly<{
  source: string;
  text: string;
  /** Where it is: the article (§), turn or page it starts in, when the source records one. */
  place: string | null;
}>;

/** One code of the codebook with its counts and examples. */
export type CodebookEntry = Readonly<{
  id: string;
  path: string;
  name: string;
  depth: number;
  color: string;
  description: string;
  /** Codings of this code alone. */
  ownSegments: number;
  /** Codings of the code and its descendants, each once. */
  segments: number;
  /** Sources with a coding of the code or a descendant. */
  documents: number;
  examples: readonly CodebookExample[];
}>;

/** The codebook with counts, as the codebook exports show it. */
export type CodebookReport = Readonly<{
  query: CodebookQuery;
  project: string;
  coder: string | null;
  where: readonly WhereClause[];
  sourceCount: number;
  codes: readonly CodebookEntry[];
  about: readonly AboutEntry[];
}>;

/** The query in one line. */
export function codebookQueryLine(report: Omit<CodebookReport, 'about'>): string {
  const parts = [`codebook with counts and up to ${report.query.examples} examples per code`];
  if (report.where.length > 0) parts.push(`where ${report.where.map(formatWhere).join(' and ')}`);
  parts.push(`coder ${report.coder ?? 'all coders'}`);
  return parts.join('; ');
}

/** The About entries particular to the codebook. */
export function codebookAbout(report: Omit<CodebookReport, 'about'>): AboutEntry[] {
  return [
    { label: 'Analysis', value: 'Codebook with counts' },
    { label: 'Query', value: codebookQueryLine(report) },
    {
      label: 'Unit',
      value: 'segments: codings (own: the code alone; with descendants: each coding once); documents: sources with a coding of the code or a descendant',
    },
    { label: 'Examples', value: 'coded passages of the code itself, from as many different sources as possible, in source order' },
    { label: 'Filters', value: report.where.length === 0 ? 'none' : report.where.map(formatWhere).join(' and ') },
    { label: 'Coder', value: report.coder ?? 'all coders' },
    { label: 'Sources in scope', value: String(report.sourceCount) },
  ];
}

/** An example as one line: “passage” — source, place. */
export function exampleLine(example: CodebookExample): string {
  return `“${example.text}” — ${example.source}${example.place ? `, ${example.place}` : ''}`;
}

/** The codebook table: one row per code in codebook order. */
export function codebookTable(report: CodebookReport): DataTable {
  return {
    name: 'codebook',
    title: `Codebook of ${report.project} — counts in segments (codings) and documents; coder: ${report.coder ?? 'all coders'}`,
    header: ['code', 'name', 'level', 'description', 'color', 'segments (own)', 'segments (with descendants)', 'documents (with descendants)', 'examples'],
    rows: report.codes.map((code) => [
      code.path,
      code.name,
      code.depth + 1,
      code.description,
      code.color,
      code.ownSegments,
      code.segments,
      code.documents,
      code.examples.map(exampleLine).join('\n'),
    ]),
    formats: [null, null, 'integer', null, null, 'integer', 'integer', 'integer', null],
  };
}

/** CSV: the codebook table with the query in a last column. */
export function codebookCsv(report: CodebookReport, options: CsvOptions = {}): string {
  const table = codebookTable(report);
  const line = codebookQueryLine(report);
  return tableCsv({ ...table, header: [...table.header, 'query'], rows: table.rows.map((row): CellValue[] => [...row, line]) }, options);
}

/** Markdown: a counts table, then each code with its description and examples as quotes. */
export function codebookMarkdown(report: CodebookReport): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [
    `# Codebook — ${report.project}`,
    '',
    ...report.about.map((entry) => `- ${entry.label}: ${entry.value}`),
    '',
    '| code | segments (own) | segments (with descendants) | documents |',
    '|---|---:|---:|---:|',
    ...report.codes.map((code) => `| ${escape(code.path)} | ${code.ownSegments} | ${code.segments} | ${code.documents} |`),
    '',
  ];
  for (const code of report.codes) {
    lines.push(`${'#'.repeat(Math.min(code.depth + 2, 6))} ${code.name}`, '');
    lines.push(`\`${code.path}\` · ${code.segments} segments in ${code.documents} documents`, '');
    if (code.description.trim().length > 0) lines.push(code.description.trim(), '');
    for (const example of code.examples) lines.push(`> ${escape(example.text)}`, `> — ${example.source}${example.place ? `, ${example.place}` : ''}`, '');
  }
  return lines.join('\n');
}

/** JSON: the codes with counts and examples, the query and the About. */
export function codebookJson(report: CodebookReport): object {
  return { project: report.project, coder: report.coder, codes: report.codes, query: report.query, about: aboutObject(report.about) };
}

/** The codebook as an export document. */
export function codebookDocument(report: CodebookReport): ExportDocument {
  return {
    title: `Codebook — ${report.project}`,
    about: report.about,
    tables: [codebookTable(report)],
    json: codebookJson(report),
    csv: (options) => codebookCsv(report, options),
    markdown: () => codebookMarkdown(report),
  };
}
