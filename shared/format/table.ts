import { toCsv } from './csv';

/** A cell of an exported table: text, a number, or empty. */
export type CellValue = string | number | null;

/** How a numeric column is shown where a format can say so (XLSX number formats, Markdown). */
export type ColumnFormat = 'integer' | 'decimal' | 'percent';

/**
 * One table of an export: the unit of exchange between analyses and the CSV, XLSX, JSON and
 * Markdown writers, so every format shows the same numbers.
 */
export type DataTable = Readonly<{
  /** Sheet name (XLSX allows 31 characters, no []:*?/\). */
  name: string;
  /** One line saying what the table counts, its unit included. */
  title: string;
  header: readonly string[];
  rows: readonly (readonly CellValue[])[];
  /** Per column; missing or null means text or as it comes. */
  formats?: readonly (ColumnFormat | null)[];
}>;

/** One line of an export's "About": project, query, unit, filters, coder, date, app version. */
export type AboutEntry = Readonly<{ label: string; value: string }>;

/** Everything one export writes: what it is, how it was made, its tables, and its JSON form. */
export type ExportDocument = Readonly<{
  title: string;
  about: readonly AboutEntry[];
  tables: readonly DataTable[];
  json: unknown;
  /** The CSV form: one table, with the unit and the query in columns of their own. */
  csv: (options?: CsvOptions) => string;
  /** A Markdown form of its own; without one, the About list and every table. */
  markdown?: () => string;
}>;

/** A number for CSV: whole numbers as they are, others rounded to four decimals (no float noise). */
export function csvNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toFixed(4)));
}

/** Options of a CSV export. */
export type CsvOptions = Readonly<{
  /**
   * Written for Excel (with --bom): text starting with = + - @ gets a leading apostrophe, so
   * Excel shows a passage from an imported document instead of running it as a formula.
   */
  excel?: boolean;
}>;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe for Excel: never read as a formula. */
export function excelSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A table as RFC 4180 CSV (CRLF line ends), header first. */
export function tableCsv(table: DataTable, options: CsvOptions = {}): string {
  const text = (value: string): string => (options.excel ? excelSafe(value) : value);
  return toCsv([
    table.header.map(text),
    ...table.rows.map((row) => row.map((cell) => (cell === null ? '' : typeof cell === 'number' ? csvNumber(cell) : text(cell)))),
  ]);
}

/** The UTF-8 byte-order mark Excel needs to read a CSV as UTF-8 rather than the system code page. */
export const UTF8_BOM = '\uFEFF';

function markdownCell(cell: CellValue, format: ColumnFormat | null | undefined): string {
  if (cell === null) return '';
  if (typeof cell === 'number') {
    if (format === 'percent') return `${cell.toFixed(1)} %`;
    if (format === 'decimal') return cell.toFixed(4);
    return csvNumber(cell);
  }
  return cell.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A table as a Markdown table under its title. */
export function tableMarkdown(table: DataTable): string {
  const numeric = table.header.map((_, column) => table.rows.length > 0 && table.rows.every((row) => typeof row[column] !== 'string'));
  const lines = [
    `**${table.title}**`,
    '',
    `| ${table.header.map((cell) => markdownCell(cell, null)).join(' | ')} |`,
    `|${numeric.map((isNumber) => (isNumber ? '---:' : '---')).join('|')}|`,
    ...table.rows.map((row) => `| ${row.map((cell, column) => markdownCell(cell, table.formats?.[column])).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/** A whole export as Markdown: title, the About list, then every table. */
export function documentMarkdown(document: ExportDocument): string {
  if (document.markdown) return document.markdown();
  const about = document.about.map((entry) => `- ${entry.label}: ${entry.value.replace(/\r?\n/g, ' ')}`);
  return [`# ${document.title}`, '', ...about, '', ...document.tables.map(tableMarkdown)].join('\n');
}

/** The About entries as a JSON object (label → value), for the `about` key of JSON exports. */
export function aboutObject(about: readonly AboutEntry[]): Record<string, string> {
  return Object.fromEntries(about.map((entry) => [entry.label, entry.value]));
}

/** Makes header names distinct (an attribute called "source" next to our "source" column): later copies get " (2)", " (3)" … */
export function uniqueHeader(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let copy = 2; taken.has(candidate.toLowerCase()); copy += 1) candidate = `${name} (${copy})`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
