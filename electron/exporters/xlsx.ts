import type ExcelJS from 'exceljs';
import type { ColumnFormat, DataTable, ExportDocument } from '../../shared/format/table';

/** Excel keeps at most this many characters in a cell. */
export const XLSX_CELL_LIMIT = 32_767;

const NUMBER_FORMATS: Record<ColumnFormat, string> = {
  integer: '0',
  decimal: '0.0000',
  percent: '0.00',
};

/**
 * A valid, distinct sheet name: Excel allows 31 characters, none of []:*?/\, not starting or
 * ending with an apostrophe, and reserves "History".
 */
export function sheetName(wanted: string, taken: Set<string>): string {
  let base = wanted.replace(/[[\]:*?/\\]/g, '-').replace(/^'+|'+$/g, '').trim();
  if (base.length === 0 || base.toLowerCase() === 'history') base = `${base || 'Sheet'} 1`;
  // Count code points, not UTF-16 units: Excel's limit is in characters.
  const clip = (text: string, length: number): string => [...text].slice(0, length).join('');
  let name = clip(base, 31);
  for (let copy = 2; taken.has(name.toLowerCase()); copy += 1) {
    const suffix = ` (${copy})`;
    name = clip(base, 31 - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** A text too long for one Excel cell, cut with a note saying how much is missing. */
export function fitCell(text: string): string {
  if (text.length <= XLSX_CELL_LIMIT) return text;
  // Room for the note, which is far shorter than 200 units.
  let cut = XLSX_CELL_LIMIT - 200;
  // Never end between the two halves of a character above U+FFFF.
  const unit = text.charCodeAt(cut - 1);
  if (unit >= 0xd800 && unit <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)} … [cut here: ${text.length - cut} more UTF-16 units; the CSV and JSON exports hold the whole text]`;
}

function addTable(workbook: ExcelJS.Workbook, table: DataTable, name: string): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  sheet.addRow(table.header.map(fitCell));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    // Strings stay strings (exceljs never reads them as formulas); null leaves the cell empty.
    sheet.addRow(row.map((cell) => (typeof cell === 'string' ? fitCell(cell) : cell)));
  }
  table.header.forEach((header, index) => {
    const column = sheet.getColumn(index + 1);
    const format = table.formats?.[index];
    if (format) column.numFmt = NUMBER_FORMATS[format];
    let width = [...header].length;
    for (const row of table.rows.slice(0, 200)) {
      const cell = row[index];
      width = Math.max(width, cell === null ? 0 : Math.min(60, [...String(cell)].length));
    }
    column.width = Math.min(60, Math.max(8, width + 2));
  });
}

/**
 * The export as an XLSX workbook: one sheet per table, then an "About" sheet with the
 * project, the query, unit, filters, coder, date and app version, and what each sheet holds.
 */
export async function xlsxBuffer(document: ExportDocument): Promise<Buffer> {
  // Loaded on first use: exceljs takes ~0.7 s to load, which every CLI command would pay.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'Marginalia';
  workbook.title = document.title;
  const taken = new Set<string>(['about']);
  const names = document.tables.map((table) => sheetName(table.name, taken));
  document.tables.forEach((table, index) => addTable(workbook, table, names[index]));
  const about = workbook.addWorksheet('About');
  about.addRow([document.title]).font = { bold: true, size: 14 };
  about.addRow([]);
  for (const entry of document.about) about.addRow([entry.label, fitCell(entry.value)]);
  about.addRow([]);
  about.addRow(['Sheet', 'What it holds']).font = { bold: true };
  document.tables.forEach((table, index) => about.addRow([names[index], table.title]));
  about.getColumn(1).width = 22;
  about.getColumn(2).width = 100;
  about.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
