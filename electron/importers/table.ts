import type { AttributeType, KeyedMessage } from '../../shared/domain/types';
import { keyed, UserError } from '../util/errors';
import { addNote, checkFileSize, checkTextLength, DEFAULT_CAPS, resolveCaps } from './caps';
import { decodeText, normaliseText } from './encoding';
import { refuseNonZip, refuseOleOffice } from './docx';
import { finishDocument, lineStructure } from './structure';
import type { AttributeSheet, ParseOptions, SurveyDocument, SurveyOptions, Table } from './types';
import { refuseDoctype, xmlPartText } from './xml';
import { isXmlPart, readZip, rebuildZip } from './zip';

export type TableOptions = ParseOptions & Readonly<{ sheet?: string; delimiter?: string }>;

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot).toLowerCase();
}

/** Counts a delimiter per non-empty line, outside double quotes, in the first lines of a CSV text. */
function delimiterCounts(text: string, delimiter: string): number[] {
  const counts: number[] = [];
  let count = 0;
  let filled = false;
  let quoted = false;
  for (let index = 0; index <= text.length && counts.length < 20; index += 1) {
    const character = index < text.length ? text[index] : '\n';
    if (character === '"') quoted = !quoted;
    else if (!quoted && character === '\n') {
      if (filled) counts.push(count);
      count = 0;
      filled = false;
      continue;
    } else if (!quoted && character === delimiter) count += 1;
    filled = true;
  }
  return counts;
}

/** Picks the delimiter (comma, tab, semicolon or bar) that splits the first lines most evenly. */
export function sniffDelimiter(text: string): string {
  let best = ',';
  let bestScore = 0;
  for (const candidate of [',', '\t', ';', '|']) {
    const counts = delimiterCounts(text, candidate);
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((count) => count === first).length / counts.length;
    const score = consistent * 1000 + first;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, line breaks inside quotes). Hand-written
 * because no CSV library is a declared dependency and the format is small.
 */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let index = 0;
  while (index < text.length) {
    const character = text[index];
    if (quoted) {
      if (character === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 2;
          continue;
        }
        quoted = false;
      } else field += character;
    } else if (character === '"' && field.length === 0) {
      quoted = true;
    } else if (character === delimiter) {
      row.push(field);
      field = '';
    } else if (character === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += character;
    index += 1;
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

type CellValue = unknown;

/** A spreadsheet cell as text: dates as ISO dates, rich text joined, formulas by their result. */
function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) return (object.richText as { text?: string }[]).map((run) => run.text ?? '').join('');
    if ('formula' in object || 'sharedFormula' in object) return cellText(object.result);
    if ('text' in object) return cellText(object.text);
    if ('error' in object) return String(object.error);
  }
  return '';
}

/** Uniquely named columns: blanks become "Column N", repeats get " (2)". */
function columnNames(header: readonly string[], width: number): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < width; index += 1) {
    let name = (header[index] ?? '').trim() || `Column ${index + 1}`;
    if (seen.has(name)) {
      let copy = 2;
      while (seen.has(`${name} (${copy})`)) copy += 1;
      name = `${name} (${copy})`;
    }
    seen.add(name);
    names.push(name);
  }
  return names;
}

function toTable(raw: readonly { cells: string[]; rowNumber: number }[], fileName: string, notes: string[], noteKeys: Record<string, KeyedMessage>): Table {
  const nonEmpty = raw.filter((row) => row.cells.some((cell) => cell.trim().length > 0));
  if (nonEmpty.length === 0) {
    throw new UserError('unsupported-format', `${fileName} has no rows with anything in them.`, keyed('import.tableEmpty', { file: fileName }));
  }
  const [header, ...data] = nonEmpty;
  const width = Math.max(...nonEmpty.map((row) => row.cells.length));
  return {
    columns: columnNames(header.cells, width),
    rows: data.map((row) => Array.from({ length: width }, (_, index) => (row.cells[index] ?? '').trim())),
    rowNumbers: data.map((row) => row.rowNumber),
    notes,
    noteKeys,
  };
}

/** Reads a .csv/.tsv (encoding detected or chosen) or .xlsx (first sheet, or the one named) as a table of strings. */
export async function readTable(fileName: string, bytes: Uint8Array, options: TableOptions = {}): Promise<Table> {
  const caps = resolveCaps(options.caps);
  checkFileSize(fileName, bytes.length, caps);
  const extension = extensionOf(fileName);
  if (extension === '.csv' || extension === '.tsv' || extension === '.txt') {
    const decoded = decodeText(bytes, fileName, { encoding: options.encoding });
    checkTextLength(fileName, decoded.text.length, caps);
    const delimiter = options.delimiter ?? (extension === '.tsv' ? '\t' : sniffDelimiter(decoded.text));
    const rows = parseCsv(decoded.text, delimiter).map((cells, index) => ({ cells, rowNumber: index + 1 }));
    return toTable(rows, fileName, [...decoded.notes], { ...decoded.noteKeys });
  }
  if (extension === '.xlsx' || extension === '.xlsm') return readXlsx(fileName, bytes, options);
  if (extension === '.xls') {
    throw new UserError(
      'unsupported-format',
      `${fileName} is in the old Excel format (.xls); open it in Excel or LibreOffice and save it as .xlsx or .csv.`,
      keyed('import.oldExcel', { file: fileName }),
    );
  }
  throw new UserError('unsupported-format', `${fileName} is not a spreadsheet Marginalia reads; use .csv or .xlsx.`, keyed('import.notSpreadsheet', { file: fileName }));
}

async function readXlsx(fileName: string, bytes: Uint8Array, options: TableOptions): Promise<Table> {
  const caps = resolveCaps(options.caps);
  refuseOleOffice(bytes, fileName, 'Excel', '.xlsx');
  refuseNonZip(bytes, fileName, 'an Excel workbook (.xlsx)');
  const zip = readZip(bytes, fileName, caps, isXmlPart);
  for (const [name, data] of zip.parts) refuseDoctype(xmlPartText(data), fileName, name);
  if (!zip.parts.has('xl/workbook.xml')) {
    throw new UserError('unsupported-format', `${fileName} is not an Excel workbook: it has no xl/workbook.xml part.`, keyed('import.noWorkbook', { file: fileName }));
  }
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its argument with an older Buffer declaration; the value is a Node Buffer.
    await workbook.xlsx.load(Buffer.from(rebuildZip(zip)) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      'unsupported-format',
      `${fileName} could not be read as an Excel workbook (${reason}); open it in Excel, save it again, and import the new copy.`,
      keyed('import.xlsxDamaged', { file: fileName, detail: reason }),
    );
  }
  const sheets = workbook.worksheets;
  const sheet = options.sheet ? sheets.find((candidate) => candidate.name === options.sheet) : sheets.find((candidate) => candidate.actualRowCount > 0);
  if (!sheet) {
    const names = sheets.map((candidate) => `"${candidate.name}"`).join(', ');
    throw new UserError(
      'unsupported-format',
      options.sheet ? `${fileName} has no sheet named "${options.sheet}"; its sheets are ${names}.` : `${fileName} has no sheet with anything in it.`,
      options.sheet ? keyed('import.noSheetNamed', { file: fileName, sheet: options.sheet, sheets: names }) : keyed('import.noSheet', { file: fileName }),
    );
  }
  const notes: string[] = [];
  const noteKeys: Record<string, KeyedMessage> = {};
  if (!options.sheet && sheets.length > 1) {
    addNote(
      notes,
      noteKeys,
      `Read the sheet "${sheet.name}"; the workbook has ${sheets.length} sheets.`,
      keyed('import.sheetRead', { sheet: sheet.name, count: sheets.length }),
    );
  }
  const rows: { cells: string[]; rowNumber: number }[] = [];
  let characters = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = Array.isArray(row.values) ? row.values : [];
    const cells: string[] = [];
    for (let column = 1; column < values.length; column += 1) cells.push(cellText(values[column]));
    characters += cells.reduce((sum, cell) => sum + cell.length, 0);
    rows.push({ cells, rowNumber });
  });
  checkTextLength(fileName, characters, caps);
  return toTable(rows, fileName, notes, noteKeys);
}

const ROLES = { text: 'the text', attribute: 'an attribute', name: 'the source name' } as const;

function columnIndex(table: Table, column: string, role: keyof typeof ROLES): number {
  const index = table.columns.indexOf(column);
  if (index < 0) {
    const columns = table.columns.map((name) => `"${name}"`).join(', ');
    // Batch import puts the file's name before the sentence and in the key (services/importing.ts namingFile).
    throw new UserError(
      'invalid-arguments',
      `There is no column named "${column}" to use as ${ROLES[role]}; the columns are ${columns}.`,
      keyed(`import.noColumn.${role}`, { column, columns }),
    );
  }
  return index;
}

function textDocument(name: string, text: string): SurveyDocument['document'] {
  const normalised = normaliseText(text).trim();
  return finishDocument(name, DEFAULT_CAPS, { text: normalised, structure: lineStructure(normalised, false), notes: [], mimeType: 'text/plain' });
}

/**
 * Turns a survey table into sources: one per row (its attribute columns becoming the source's
 * attributes) or one source with a passage per row. Rows whose text cell is empty are skipped.
 */
export function surveyToDocuments(table: Table, options: SurveyOptions): SurveyDocument[] {
  const textIndex = columnIndex(table, options.textColumn, 'text');
  const attributeIndexes = options.attributeColumns.map((column) => [column, columnIndex(table, column, 'attribute')] as const);
  const nameIndex = options.nameColumn ? columnIndex(table, options.nameColumn, 'name') : -1;
  const base = options.baseName ?? options.textColumn;
  const withText = table.rows.map((row, index) => ({ row, rowNumber: table.rowNumbers[index] ?? index + 2 })).filter(({ row }) => row[textIndex].trim().length > 0);
  if (withText.length === 0) {
    throw new UserError('invalid-arguments', `The column "${options.textColumn}" is empty in every row.`, keyed('import.textColumnEmpty', { column: options.textColumn }));
  }

  if (options.mode === 'row-per-source') {
    return withText.map(({ row, rowNumber }) => {
      const name = (nameIndex >= 0 ? row[nameIndex].trim() : '') || `${base} row ${rowNumber}`;
      const attributes: Record<string, string> = {};
      for (const [column, index] of attributeIndexes) if (row[index].length > 0) attributes[column] = row[index];
      return { name, document: textDocument(name, row[textIndex]), attributes };
    });
  }

  const pieces: string[] = [];
  const structure: { kind: 'paragraph'; start: number; end: number; label: string; level: null }[] = [];
  let length = 0;
  for (const { row, rowNumber } of withText) {
    const text = normaliseText(row[textIndex]).trim();
    if (pieces.length > 0) {
      pieces.push('\n\n');
      length += 2;
    }
    structure.push({ kind: 'paragraph', start: length, end: length + text.length, label: `Row ${rowNumber}`, level: null });
    pieces.push(text);
    length += text.length;
  }
  const attributes: Record<string, string> = {};
  const varying: string[] = [];
  for (const [column, index] of attributeIndexes) {
    const values = new Set(withText.map(({ row }) => row[index]));
    if (values.size === 1) {
      const [value] = values;
      if (value.length > 0) attributes[column] = value;
    } else varying.push(column);
  }
  const notes: string[] = [];
  const noteKeys: Record<string, KeyedMessage> = {};
  if (varying.length > 0) {
    const columns = varying.map((column) => `"${column}"`).join(', ');
    addNote(
      notes,
      noteKeys,
      `The column${varying.length === 1 ? '' : 's'} ${columns} differ${varying.length === 1 ? 's' : ''} between rows, so ${varying.length === 1 ? 'it cannot be an attribute' : 'they cannot be attributes'} of one source; import one source per row to keep ${varying.length === 1 ? 'it' : 'them'}.`,
      keyed('import.columnsVary', { count: varying.length, columns }),
    );
  }
  const document = finishDocument(base, DEFAULT_CAPS, { text: pieces.join(''), structure, notes, noteKeys, mimeType: 'text/plain' });
  return [{ name: base, document, attributes }];
}

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** An ISO date (yyyy-mm-dd or yyyy-mm) for the date forms researchers type, or null. */
export function asIsoDate(value: string): string | null {
  const full =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(value);
  if (full) {
    const [year, month, day] = [Number(full[1]), Number(full[2]), Number(full[3])];
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
    return `${full[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  const monthOnly = /^(\d{4})[-/.](\d{1,2})$/.exec(value) ?? /^(\d{4})年(\d{1,2})月$/.exec(value);
  if (monthOnly && Number(monthOnly[2]) >= 1 && Number(monthOnly[2]) <= 12) return `${monthOnly[1]}-${monthOnly[2].padStart(2, '0')}`;
  return null;
}

/** The type every non-empty value of a column fits: number, else date, else text. */
export function inferAttributeType(values: readonly string[]): AttributeType {
  const filled = values.filter((value) => value.length > 0);
  if (filled.length === 0) return 'text';
  if (filled.every((value) => NUMBER.test(value))) return 'number';
  if (filled.every((value) => asIsoDate(value) !== null)) return 'date';
  return 'text';
}

/**
 * Reads an attribute sheet (.csv or .xlsx): the first column names a file or source, the other
 * columns are attributes whose types (number, date, text) are inferred and reported.
 */
export async function readAttributeSheet(fileName: string, bytes: Uint8Array, options: TableOptions = {}): Promise<AttributeSheet> {
  const table = await readTable(fileName, bytes, options);
  if (table.columns.length < 2) {
    throw new UserError(
      'unsupported-format',
      `${fileName} has only one column; an attribute sheet needs the file or source name first, then one column per attribute.`,
      keyed('import.sheetOneColumn', { file: fileName }),
    );
  }
  const notes = [...table.notes];
  const noteKeys: Record<string, KeyedMessage> = { ...table.noteKeys };
  const attributeNames = table.columns.slice(1);
  const types = attributeNames.map((_, index) => inferAttributeType(table.rows.map((row) => row[index + 1])));
  const rows: AttributeSheet['rows'][number][] = [];
  const seen = new Map<string, number>();
  table.rows.forEach((row, index) => {
    const rowNumber = table.rowNumbers[index];
    const key = row[0].trim();
    if (key.length === 0) {
      addNote(notes, noteKeys, `Row ${rowNumber} has no file or source name in the first column and was left out.`, keyed('import.sheetRowNoName', { row: rowNumber }));
      return;
    }
    const values: Record<string, string> = {};
    attributeNames.forEach((name, column) => {
      const value = row[column + 1];
      if (value.length === 0) return;
      values[name] = types[column] === 'number' ? value.replace(/,/g, '') : types[column] === 'date' ? (asIsoDate(value) ?? value) : value;
    });
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      addNote(
        notes,
        noteKeys,
        `Row ${rowNumber} repeats "${key}" from row ${rows[earlier].rowNumber}; the later row is used.`,
        keyed('import.sheetRowRepeated', { row: rowNumber, name: key, earlier: rows[earlier].rowNumber }),
      );
      rows[earlier] = { key, rowNumber, values };
      return;
    }
    seen.set(key, rows.length);
    rows.push({ key, rowNumber, values });
  });
  // The key names the attributes only: the interface shows each one's type in its own words beside the note.
  addNote(
    notes,
    noteKeys,
    `Attribute types: ${attributeNames.map((name, index) => `${name} (${types[index]})`).join(', ')}.`,
    keyed('import.attributeTypes', { attributes: attributeNames.join(', ') }),
  );
  return { keyColumn: table.columns[0], attributes: attributeNames.map((name, index) => ({ name, type: types[index] })), rows, notes, noteKeys };
}
