import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { documentMarkdown, UTF8_BOM, type ExportDocument } from '../../shared/format/table';
import { UserError } from '../util/errors';
import { xlsxBuffer } from './xlsx';

export const EXPORT_FORMATS = ['csv', 'json', 'md', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type RenderOptions = Readonly<{
  /** CSV for Excel: a UTF-8 byte-order mark, and text cells never read as formulas. */
  bom?: boolean;
}>;

/** An export in one format: text for CSV, JSON and Markdown; bytes for XLSX. */
export async function renderExport(document: ExportDocument, format: ExportFormat, options: RenderOptions = {}): Promise<string | Buffer> {
  switch (format) {
    case 'csv':
      return (options.bom ? UTF8_BOM : '') + document.csv({ excel: options.bom === true });
    case 'json':
      return `${JSON.stringify(document.json, null, 2)}\n`;
    case 'md':
      return documentMarkdown(document);
    case 'xlsx':
      return xlsxBuffer(document);
  }
}

/** Writes an export to a file, with a sentence the researcher can act on when it cannot. */
export function writeExport(path: string, content: string | Uint8Array): string {
  const target = resolve(path);
  try {
    writeFileSync(target, content);
  } catch {
    throw new UserError('not-found', `Cannot write ${path}; check that its folder exists and is writable.`);
  }
  return target;
}
