import type { BatchReport, DocumentFormat, DocumentPreview, KeyedMessage } from '../../../shared/domain/types';
import { currentLocale, t, tn, type MessageKey } from '../../i18n';
import { sourcesEn } from './messages';

/**
 * The import dialog's logic without React or the store: where each file came from, what the
 * backend is sent, which files need a look before import. Kept apart so it is tested on its own.
 */

/** What a picked or dropped file must offer (a DOM File does; tests pass plain objects). */
export type ImportBlob = Readonly<{ name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> }>;

/**
 * A file the researcher added. `path` is set for files found in a folder, and starts with the
 * folder's own name, as the browser gives it ("corpus/Zhejiang/a.pdf").
 */
export type PickedFile = Readonly<{ file: ImportBlob; path?: string }>;

export type ImportItem = Readonly<{
  /** Unique in the list: the path or name (a second file of the same name gets " #2"). */
  key: string;
  file: ImportBlob;
  /** What the backend and the report call the file: its path when it came in a folder, else its name. */
  name: string;
  /** The path below the chosen folder ("Zhejiang/a.pdf"), for the attribute from folder and the sheet. */
  relativePath?: string;
  size: number;
  /** The researcher's encoding for this file, or null for the detected one. */
  encoding: string | null;
  status: 'pending' | 'ready' | 'failed';
  preview: DocumentPreview | null;
  /** The backend's sentence when the file cannot be read (it will fail on import too). */
  previewError: string | null;
  /** The backend's key for previewError, to say it in the interface's language. */
  previewErrorKey?: KeyedMessage;
}>;

/** The encodings offered as an override: the ones researchers' Chinese and English files come in. */
export const ENCODINGS = [
  'utf-8',
  'gb18030',
  'gbk',
  'big5',
  'utf-16le',
  'utf-16be',
  'shift_jis',
  'euc-kr',
  'windows-1252',
] as const;

/** The largest file the backend reads (its default maxFileBytes); bigger ones are not even read here. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

const TABLE_EXTENSIONS = ['.csv', '.tsv', '.xlsx', '.xlsm'];
/** Formats whose bytes are decoded with an encoding (the others carry their own). */
const TEXTUAL_FORMATS: readonly DocumentFormat[] = ['text', 'markdown', 'html', 'vtt', 'srt', 'csv'];
const TEXTUAL_EXTENSIONS = [
  '.txt',
  '.text',
  '.md',
  '.markdown',
  '.html',
  '.htm',
  '.xhtml',
  '.vtt',
  '.srt',
  '.csv',
  '.tsv',
];

export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

/** The file's name without its folders. */
export function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

export function isTable(item: Pick<ImportItem, 'name'>): boolean {
  return TABLE_EXTENSIONS.includes(extensionOf(item.name));
}

/** True when the file's bytes are read with an encoding, so that an override makes sense. */
export function isTextual(item: Pick<ImportItem, 'name' | 'preview'>): boolean {
  if (item.preview) return TEXTUAL_FORMATS.includes(item.preview.format);
  return TEXTUAL_EXTENSIONS.includes(extensionOf(item.name));
}

/** A file whose encoding the detector was not sure of: the researcher should look at its preview. */
export function isUncertain(item: Pick<ImportItem, 'preview' | 'encoding'>): boolean {
  return item.encoding === null && item.preview !== null && item.preview.encoding !== null && !item.preview.certain;
}

/** Hidden files and folders (".DS_Store", ".git/…") are left out, as the command line does. */
function isHidden(path: string): boolean {
  return path.split('/').some((part) => part.startsWith('.'));
}

/**
 * New list items for picked files: hidden files left out, a file already in the list (same
 * name, size and path) not added twice, the chosen folder's own name dropped from relativePath.
 */
export function itemsFor(picked: readonly PickedFile[], existing: readonly ImportItem[]): ImportItem[] {
  const keys = new Set(existing.map((item) => item.key));
  const seen = new Set(existing.map((item) => `${item.name}\u0000${item.size}`));
  const items: ImportItem[] = [];
  for (const { file, path } of picked) {
    const cleaned = path?.replace(/\\/g, '/').replace(/^\/+/, '');
    const name = cleaned && cleaned.includes('/') ? cleaned : file.name;
    if (isHidden(name)) continue;
    const identity = `${name}\u0000${file.size}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    let key = name;
    for (let index = 2; keys.has(key); index += 1) key = `${name} #${index}`;
    keys.add(key);
    const relativePath = name === file.name ? undefined : name.split('/').slice(1).join('/');
    items.push({
      key,
      file,
      name,
      ...(relativePath ? { relativePath } : {}),
      size: file.size,
      encoding: null,
      status: 'pending',
      preview: null,
      previewError: null,
    });
  }
  return items;
}

/** Display order: files to look at first (uncertain encoding, then unreadable), then by name. */
export function sortItems(items: readonly ImportItem[]): ImportItem[] {
  const rank = (item: ImportItem): number => (isUncertain(item) ? 0 : item.status === 'failed' ? 1 : 2);
  return [...items].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/** Column names of a spreadsheet from its preview (the backend sends the header row first, tab-joined). */
export function tableColumns(item: Pick<ImportItem, 'preview'>): string[] {
  const preview = item.preview;
  if (!preview || (preview.format !== 'csv' && preview.format !== 'xlsx')) return [];
  const header = preview.firstLines[0];
  return header === undefined || header.length === 0 ? [] : header.split('\t');
}

/** The columns every survey spreadsheet has, in the first one's order. */
export function commonColumns(tables: readonly ImportItem[]): string[] {
  const [first, ...rest] = tables.map(tableColumns);
  if (!first) return [];
  return first.filter((column) => rest.every((columns) => columns.includes(column)));
}

/**
 * The encoding sent with a file to `sources:import`: the researcher's override when the file's
 * bytes are read with an encoding, else none (the backend detects it). Each file carries its
 * own, so a GB18030 file and a Big5 file go in one batch and both keep their original bytes.
 */
export function encodingToSend(item: Pick<ImportItem, 'name' | 'preview' | 'encoding'>): string | undefined {
  return item.encoding !== null && isTextual(item) ? item.encoding : undefined;
}

/** A size for the file list: bytes, KB, MB, GB in the interface's number format. */
export function formatSize(bytes: number, format: (value: number) => string): string {
  if (bytes < 1024) return `${format(bytes)} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${format(Math.round(value * 10) / 10)} ${units[unit]}`;
}

/** The report as saved: the backend's report, and what the dialog itself did. */
export function reportJson(report: BatchReport, importedAt: Date): string {
  return `${JSON.stringify({ importedAt: importedAt.toISOString(), ...report }, null, 2)}\n`;
}

export function reportFileName(importedAt: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `import-report-${importedAt.getFullYear()}-${pad(importedAt.getMonth() + 1)}-${pad(importedAt.getDate())}-${pad(importedAt.getHours())}${pad(importedAt.getMinutes())}.json`;
}

/** Minimal shapes of the File and Directory Entries API that drag-and-drop gives (webkitGetAsEntry). */
export type DroppedEntry = Readonly<{
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  file?(success: (file: ImportBlob) => void, failure?: (error: unknown) => void): void;
  createReader?(): {
    readEntries(success: (entries: DroppedEntry[]) => void, failure?: (error: unknown) => void): void;
  };
}>;

/**
 * Every file below dropped entries, with its path from the dropped folder ("corpus/Zhejiang/a.pdf");
 * a file dropped by itself has no path. Hidden files and folders are left out. The entries
 * must be taken from the DataTransfer during the drop event; walking them may happen later.
 */
export async function walkEntries(entries: readonly DroppedEntry[]): Promise<PickedFile[]> {
  const found: PickedFile[] = [];
  const visit = async (entry: DroppedEntry, inFolder: boolean): Promise<void> => {
    if (entry.name.startsWith('.')) return;
    if (entry.isFile && entry.file) {
      const file = await new Promise<ImportBlob>((resolve, reject) => entry.file?.(resolve, reject));
      found.push(inFolder ? { file, path: entry.fullPath.replace(/^\/+/, '') } : { file });
      return;
    }
    if (!entry.isDirectory || !entry.createReader) return;
    const reader = entry.createReader();
    // readEntries hands out a folder in batches (100 in Chromium) until it returns none.
    const children: DroppedEntry[] = [];
    for (;;) {
      const batch = await new Promise<DroppedEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      children.push(...batch);
    }
    children.sort((a, b) => a.name.localeCompare(b.name));
    for (const child of children) await visit(child, true);
  };
  for (const entry of entries) await visit(entry, false);
  return found;
}

/** Parameters that hold a list the backend joined with ", " for its English sentence. */
const LIST_PARAMS = new Set(['attributes', 'columns', 'files', 'lines', 'pages', 'sheets', 'supported']);

/** Items in the interface's language: "a、b" in Chinese, as "a, b" would not be written there. */
export function listText(items: readonly string[]): string {
  return items.join(t('import.listSeparator'));
}

/**
 * The list parameters of a report sentence joined the interface's way: page and line numbers,
 * extensions, file paths and names, the columns or sheets the backend quoted ("a", "b") quoted
 * in the interface's marks. The backend sends each list as one string, so it is split where it
 * joined it; a name that itself holds ", " (rare in a file or column name) is split there too,
 * which still reads as a list of the same text.
 */
function localLists(params: KeyedMessage['params']): KeyedMessage['params'] {
  const local: Record<string, string | number> = { ...params };
  for (const [name, value] of Object.entries(params)) {
    if (!LIST_PARAMS.has(name) || typeof value !== 'string') continue;
    const quoted = /^"(.*)"$/s.exec(value);
    local[name] = quoted
      ? listText(quoted[1].split('", "').map((item) => t('import.quoted', { name: item })))
      : listText(value.split(', '));
  }
  return local;
}

/**
 * A report sentence in the interface's language: the message of the key the backend set beside
 * it (plural forms where the catalogue has them), or the backend's English sentence when it set
 * no key or a key this interface does not know (an older or newer backend). In English the
 * backend's sentence is shown as it is: it is the one the CLI prints and the saved report keeps.
 */
export function reportSentence(sentence: string, keyed: KeyedMessage | undefined): string {
  if (!keyed || currentLocale() === 'en') return sentence;
  const key = keyed.key;
  const params = localLists(keyed.params);
  if (key === 'import.fileNote') {
    // A spreadsheet's note in the batch's notes: the note's own key and parameters ride along
    // (services/importing.ts fileNoteKey); it is translated first, or kept in English.
    const { file, note, noteKey, ...own } = params;
    if (typeof note !== 'string' || typeof noteKey !== 'string') return sentence;
    return t('import.fileNote', { file, note: reportSentence(note, { key: noteKey, params: own }) });
  }
  if (`${key}.other` in sourcesEn && typeof params.count === 'number') {
    return tn(key as Parameters<typeof tn>[0], params.count, params);
  }
  if (key in sourcesEn) return t(key as MessageKey, params);
  return sentence;
}
