import type { WhereClause } from '../stats/crosstab';
import type { WordFrequencyResult } from '../stats/wordfreq';
import { formatWhere, type WordfreqQuery } from './query';
import { aboutObject, tableCsv, type AboutEntry, type CellValue, type CsvOptions, type DataTable, type ExportDocument } from './table';

/** The stop words an analysis used, and whether they were the built-in list or the project's. */
export type UsedStopwords = Readonly<{ words: readonly string[]; source: 'default' | 'project' }>;

/** A computed word frequency with everything its exports say about how it was made. */
export type WordfreqReport = Readonly<{
  query: WordfreqQuery;
  by: string | null;
  /** Path of the code whose passages were read, or null for whole texts. */
  code: string | null;
  coder: string | null;
  where: readonly WhereClause[];
  bins: readonly string[];
  sourceCount: number;
  stopwords: Readonly<{ en: UsedStopwords; zh: UsedStopwords }>;
  result: WordFrequencyResult;
  about: readonly AboutEntry[];
}>;

/** The query in one line. */
export function wordfreqQueryLine(report: Omit<WordfreqReport, 'about'>): string {
  const parts = [
    `word frequency${report.by ? ` by ${report.by}` : ''}`,
    report.code ? `inside passages coded ${report.code} (with descendants)` : 'whole texts',
    `top ${report.query.top}`,
    `minimum length ${report.query.minLength}`,
  ];
  if (report.bins.length > 0) parts.push(report.bins.join('; '));
  if (report.where.length > 0) parts.push(`where ${report.where.map(formatWhere).join(' and ')}`);
  if (report.code) parts.push(`coder ${report.coder ?? 'all coders'}`);
  return parts.join('; ');
}

/** The About entries particular to word frequency. */
export function wordfreqAbout(report: Omit<WordfreqReport, 'about'>): AboutEntry[] {
  const list = (used: UsedStopwords): string => `${used.words.length} words (${used.source === 'default' ? 'built-in list' : "the project's list"})`;
  return [
    { label: 'Analysis', value: 'Word frequency' },
    { label: 'Query', value: wordfreqQueryLine(report) },
    { label: 'Unit', value: 'words: occurrences of each word (Chinese segmented with Intl.Segmenter per paragraph; English lower-cased; NFKC)' },
    { label: 'Text read', value: report.code ? `passages coded ${report.code} or a descendant, each character once` : 'the whole text of every source in scope' },
    { label: 'Minimum length', value: `${report.query.minLength} characters` },
    { label: 'Stop words (English)', value: list(report.stopwords.en) },
    { label: 'Stop words (Chinese)', value: list(report.stopwords.zh) },
    ...(report.by ? [{ label: 'Columns', value: report.by }] : []),
    ...(report.bins.length > 0 ? [{ label: 'Bins', value: report.bins.join('; ') }] : []),
    { label: 'Filters', value: report.where.length === 0 ? 'none' : report.where.map(formatWhere).join(' and ') },
    { label: 'Coder', value: report.code ? (report.coder ?? 'all coders') : 'not applicable (whole texts)' },
    { label: 'Sources in scope', value: String(report.sourceCount) },
    { label: 'Words counted', value: String(report.result.totalWords) },
  ];
}

/** A word's share of the words counted in its column, per 1,000 words. */
function perThousand(count: number, words: number): number {
  return words === 0 ? 0 : (1000 * count) / words;
}

/** The tables: the top words with their count in every column, each column's own top words, the stop words used. */
export function wordfreqTables(report: WordfreqReport): DataTable[] {
  const { result } = report;
  const unit = `words; ${report.code ? `inside ${report.code}` : 'whole texts'}`;
  const tables: DataTable[] = [
    {
      name: 'top words',
      title: `Top ${report.query.top} words${report.by ? ` by ${report.by}` : ''} — unit: ${unit}`,
      header: ['rank', 'word', ...(report.by ? result.columns : []), 'total', 'per 1,000 words'],
      rows: result.rows.map((row, index) => [
        index + 1,
        row.word,
        ...(report.by ? row.counts : []),
        row.total,
        perThousand(row.total, result.totalWords),
      ]),
      formats: [
        'integer',
        null,
        ...(report.by ? result.columns.map(() => 'integer' as const) : []),
        'integer',
        'decimal',
      ],
    },
  ];
  if (report.by) {
    tables.push({
      name: `top words per ${report.by}`,
      title: `Top ${report.query.top} words of each ${report.by} — unit: ${unit}`,
      header: [report.by, 'rank', 'word', 'count', 'per 1,000 words'],
      rows: result.perColumn.flatMap((words, column) =>
        words.map((entry, rank) => [result.columns[column], rank + 1, entry.word, entry.count, perThousand(entry.count, result.words[column])]),
      ),
      formats: [null, 'integer', null, 'integer', 'decimal'],
    });
  }
  tables.push({
    name: 'stop words',
    title: 'Stop words left out',
    header: ['language', 'word'],
    rows: [
      ...report.stopwords.en.words.map((word): CellValue[] => ['en', word]),
      ...report.stopwords.zh.words.map((word): CellValue[] => ['zh', word]),
    ],
  });
  return tables;
}

/**
 * CSV, long and tidy: one row per (value, word) among each value's top words — or per word
 * without --by — with the count, the rate per 1,000 words, and the query last.
 */
export function wordfreqCsv(report: WordfreqReport, options: CsvOptions = {}): string {
  const { result } = report;
  const line = wordfreqQueryLine(report);
  const header = [...(report.by ? [report.by] : []), 'rank', 'word', 'count', 'per 1,000 words', 'query'];
  const rows: CellValue[][] = report.by
    ? result.perColumn.flatMap((words, column) =>
        words.map((entry, rank) => [result.columns[column], rank + 1, entry.word, entry.count, perThousand(entry.count, result.words[column]), line]),
      )
    : result.rows.map((row, rank) => [rank + 1, row.word, row.total, perThousand(row.total, result.totalWords), line]);
  return tableCsv({ name: 'words', title: line, header, rows }, options);
}

/** JSON: the top words overall (per column counts), each column's top words, words counted, the query and the About. */
export function wordfreqJson(report: WordfreqReport): object {
  const { result } = report;
  return {
    by: report.by,
    code: report.code,
    columns: result.columns,
    words: Object.fromEntries(result.columns.map((column, index) => [column, result.words[index]])),
    top: result.rows.map((row) => ({
      word: row.word,
      total: row.total,
      ...(report.by ? { counts: Object.fromEntries(result.columns.map((column, index) => [column, row.counts[index]])) } : {}),
    })),
    ...(report.by
      ? { perValue: Object.fromEntries(result.columns.map((column, index) => [column, result.perColumn[index]])) }
      : {}),
    stopwords: { en: report.stopwords.en.words, zh: report.stopwords.zh.words },
    query: report.query,
    about: aboutObject(report.about),
  };
}

/** The word frequency as an export document. */
export function wordfreqDocument(report: WordfreqReport): ExportDocument {
  return {
    title: `Word frequency${report.by ? ` by ${report.by}` : ''}`,
    about: report.about,
    tables: wordfreqTables(report),
    json: wordfreqJson(report),
    csv: (options) => wordfreqCsv(report, options),
  };
}
