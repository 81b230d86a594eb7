import { extname } from 'node:path';
import { keyed, UserError } from '../util/errors';
import { checkFileSize, resolveCaps } from './caps';
import { readDocx } from './docx';
import { declaredCharset, readHtml } from './html';
import { chooseEncoding } from './encoding';
import { readOdt } from './odt';
import { readPdf } from './pdf';
import { readSubtitles } from './subtitles';
import { readTable } from './table';
import { readPlainText } from './text';
import type { DocumentFormat, DocumentPreview, EncodingGuess, ImportCaps, ParsedDocument, ParseOptions } from './types';

export { DEFAULT_CAPS, checkFileSize, formatBytes, resolveCaps } from './caps';
export { canonicalEncoding, detectEncoding, decodeText, normaliseText } from './encoding';
export { readTable, surveyToDocuments, readAttributeSheet, inferAttributeType } from './table';
export type {
  AttributeSheet,
  DocumentFormat,
  DocumentPreview,
  EncodingGuess,
  ImportCaps,
  ParsedDocument,
  ParseOptions,
  SurveyDocument,
  SurveyOptions,
  Table,
} from './types';

const FORMATS: Readonly<Record<string, DocumentFormat>> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.docx': 'docx',
  '.odt': 'odt',
  '.pdf': 'pdf',
  '.vtt': 'vtt',
  '.srt': 'srt',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.xlsx': 'xlsx',
};

/** Extensions parseDocument reads as sources (spreadsheets go through readTable instead). */
export const SUPPORTED_EXTENSIONS = Object.keys(FORMATS).filter((extension) => !['csv', 'xlsx'].includes(FORMATS[extension]));

/** The formats' own names, the same in every language: a keyed message's {format}. */
const FORMAT_LABELS: Readonly<Record<DocumentFormat, string>> = {
  text: 'TXT',
  markdown: 'Markdown',
  html: 'HTML',
  docx: 'Word (.docx)',
  odt: 'OpenDocument (.odt)',
  pdf: 'PDF',
  vtt: 'WebVTT (.vtt)',
  srt: 'SubRip (.srt)',
  csv: 'CSV',
  xlsx: 'Excel (.xlsx)',
};

/** Formats researchers bring that Marginalia does not read, with what to do instead. */
const ADVICE: Readonly<Record<string, string>> = {
  '.doc': 'it is the old Word format; open it in Word or LibreOffice and save it as .docx',
  '.rtf': 'save it as .docx or plain text (.txt) and import that',
  '.pages': 'export it from Pages as .docx and import that',
  '.xls': 'it is the old Excel format; save it as .xlsx or .csv',
  '.ppt': 'save the slides as PDF and import that',
  '.pptx': 'save the slides as PDF and import that',
  '.epub': 'convert it to PDF or .docx and import that',
};

const FORMAT_NAMES: Readonly<Record<DocumentFormat, string>> = {
  text: 'a text file',
  markdown: 'a Markdown file',
  html: 'a web page',
  docx: 'a Word document',
  odt: 'an OpenDocument text',
  pdf: 'a PDF',
  vtt: 'a WebVTT subtitle file',
  srt: 'a SubRip subtitle file',
  csv: 'a CSV spreadsheet',
  xlsx: 'an Excel workbook',
};

/** The format a file name announces, or a UserError saying what to do with it. */
export function formatOf(fileName: string): DocumentFormat {
  const extension = extname(fileName).toLowerCase();
  const format = FORMATS[extension];
  if (format) return format;
  const advice = ADVICE[extension];
  if (advice) {
    // One key per format, so that the advice is said in the interface's language too.
    throw new UserError('unsupported-format', `${fileName}: Marginalia cannot import ${extension} files; ${advice}.`, keyed(`import.advice.${extension.slice(1)}`, { file: fileName, extension }));
  }
  throw new UserError(
    'unsupported-format',
    `${fileName}: Marginalia does not know the ${extension || 'extension-less'} format; it imports ${SUPPORTED_EXTENSIONS.join(', ')} files, and .csv/.xlsx as surveys or attribute sheets.`,
    extension
      ? keyed('import.unknownExtension', { file: fileName, extension, supported: SUPPORTED_EXTENSIONS.join(', ') })
      : keyed('import.noExtension', { file: fileName, supported: SUPPORTED_EXTENSIONS.join(', ') }),
  );
}

async function parseAs(format: DocumentFormat, fileName: string, bytes: Uint8Array, caps: ImportCaps, options: ParseOptions): Promise<ParsedDocument> {
  switch (format) {
    case 'text':
      return readPlainText(bytes, fileName, false, caps, options);
    case 'markdown':
      return readPlainText(bytes, fileName, true, caps, options);
    case 'html':
      return readHtml(bytes, fileName, caps, options);
    case 'docx':
      return readDocx(bytes, fileName, caps);
    case 'odt':
      return readOdt(bytes, fileName, caps);
    case 'pdf':
      return readPdf(bytes, fileName, caps);
    case 'vtt':
    case 'srt':
      return readSubtitles(bytes, fileName, format, caps, options);
    case 'csv':
    case 'xlsx':
      throw new UserError(
        'unsupported-format',
        `${fileName} is a spreadsheet: import it as a survey (choosing the column that holds the text) or use it as an attribute sheet.`,
        keyed('import.spreadsheet', { file: fileName }),
      );
  }
}

/**
 * Reads one file's bytes into normalised text and structure, or throws a UserError naming the
 * file and the reason. Never returns a partial document: any failure inside a library on
 * hostile input becomes a UserError, so the rest of the batch still imports.
 */
export async function parseDocument(fileName: string, bytes: Uint8Array, options: ParseOptions = {}): Promise<ParsedDocument> {
  const caps = resolveCaps(options.caps);
  const format = formatOf(fileName);
  checkFileSize(fileName, bytes.length, caps);
  if (bytes.length === 0) throw new UserError('unsupported-format', `${fileName} is empty (0 bytes).`, keyed('import.empty', { file: fileName }));
  try {
    return await parseAs(format, fileName, bytes, caps, options);
  } catch (error) {
    if (error instanceof UserError) throw error;
    // The library's own message stays as it is (a parameter), in every language.
    if (error instanceof RangeError) {
      throw new UserError(
        'unsupported-format',
        `${fileName} is too large or too deeply nested to read as ${FORMAT_NAMES[format]} (${error.message}).`,
        keyed('import.tooDeep', { file: fileName, format: FORMAT_LABELS[format], detail: error.message }),
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      'unsupported-format',
      `${fileName} could not be read as ${FORMAT_NAMES[format]}: ${reason}.`,
      keyed('import.readFailed', { file: fileName, format: FORMAT_LABELS[format], detail: reason }),
    );
  }
}

const PREVIEW_LINES = 10;

/** What the import dialog shows before importing a file: format, encoding, the first lines and the kind it looks like. */
export async function previewDocument(fileName: string, bytes: Uint8Array, options: ParseOptions = {}): Promise<DocumentPreview> {
  const format = formatOf(fileName);
  const textual = format === 'text' || format === 'markdown' || format === 'html' || format === 'vtt' || format === 'srt' || format === 'csv';
  checkFileSize(fileName, bytes.length, resolveCaps(options.caps));
  const guess: EncodingGuess = textual
    ? chooseEncoding(bytes, fileName, { encoding: options.encoding, declared: format === 'html' ? declaredCharset(bytes) : undefined }).guess
    : { encoding: 'utf-8', confidence: 100, certain: true };
  if (format === 'csv' || format === 'xlsx') {
    const table = await readTable(fileName, bytes, options);
    return {
      format,
      encoding: textual ? guess.encoding : null,
      confidence: textual ? guess.confidence : 100,
      certain: textual ? guess.certain : true,
      firstLines: [table.columns, ...table.rows.slice(0, PREVIEW_LINES - 1)].map((row) => row.join('\t')),
      kind: 'other',
      notes: table.notes,
      ...(Object.keys(table.noteKeys).length > 0 ? { noteKeys: table.noteKeys } : {}),
    };
  }
  const document = await parseDocument(fileName, bytes, options);
  const firstLines: string[] = [];
  for (const line of document.text.split('\n', 200)) {
    if (line.trim().length > 0) firstLines.push(line.length > 300 ? `${line.slice(0, 300)}…` : line);
    if (firstLines.length === PREVIEW_LINES) break;
  }
  return {
    format,
    encoding: textual ? guess.encoding : null,
    confidence: textual ? guess.confidence : 100,
    certain: textual ? guess.certain : true,
    firstLines,
    kind: document.suggestedKind ?? 'other',
    notes: document.notes,
    ...(document.noteKeys ? { noteKeys: document.noteKeys } : {}),
  };
}
