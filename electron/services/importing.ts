import type { AttributeSheetReport, BatchReport, CodebookImportReport, FilePreview, KeyedMessage, NoteKeys } from '../../shared/domain/types';
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import type { SourceId } from '../../shared/domain/ids';
import type { FailedFile, SkippedFile } from '../../shared/domain/types';
import { readQdcAsProject } from '../exchange/read';
import { importModelIntoProject } from '../exchange/project';
import type { ExchangeProject } from '../exchange/model';
import { addNote } from '../importers/caps';
import { checkFileSize, SUPPORTED_EXTENSIONS, type ImportCaps } from '../importers/index';
import { ImportPool, type PoolOptions } from '../importers/pool';
import type { HashedSurveyDocument } from '../importers/tasks';
import type { Action } from '../store/changeLog';
import { keyed, reasonOf, UserError } from '../util/errors';
import { listAttributes, setAttributeValue } from './attributes';
import type { ProjectSession } from './session';
import {
  pendingSource,
  ProgressTicker,
  readEach,
  sourceNameOf,
  throwIfCancelled,
  writeSources,
  type ImportFile,
  type ImportOptions,
  type ImportProgress,
  type PendingSource,
} from './sources';

/*
 * A whole import as the researcher asks for it (issue 3): files and folders, an attribute
 * from each file's folder, an attribute sheet, surveys from spreadsheets and REFI-QDA
 * codebooks. Everything is read first (files in worker threads, see importers/pool.ts); then
 * all of it is written in one transaction by writeSources, so a crash, an error or a
 * cancellation leaves the project as it was before the batch.
 */

/** A file of a batch, with where it was found. */
export type BatchFile = ImportFile &
  Readonly<{
    /** The path below the folder it was found in ("Zhejiang/a.pdf"); absent for a file named by itself. */
    relativePath?: string;
    /**
     * The researcher's encoding for this file alone (the import dialog's per-file override),
     * over the batch's `encoding`. The file's own bytes are still what is kept as its original.
     */
    encoding?: string;
  }>;

/** How spreadsheets (.csv, .tsv, .xlsx) become sources. */
export type SurveyChoice = Readonly<{
  textColumn: string;
  /** 'sources': one source per row; 'passages': one source per spreadsheet, one passage per row. */
  rows: 'sources' | 'passages';
  attributeColumns: readonly string[];
  /** A column naming each source (one source per row); otherwise "<file> row N". */
  nameColumn?: string;
}>;

export type BatchOptions = ImportOptions &
  Readonly<{
    /** Sets this attribute from the first folder level below an imported folder (corpus/Zhejiang/a.pdf → Zhejiang). */
    attributeFromFolder?: string;
    /** Without it, a spreadsheet named by itself fails with advice, and one found in a folder is skipped. */
    survey?: SurveyChoice;
  }>;

export type { AttributeSheetReport, BatchReport, FilePreview };
/** A REFI-QDA codebook (.qdc) imported with a batch. */
export type CodebookReport = CodebookImportReport;

const SPREADSHEET = new Set(['.csv', '.tsv', '.xlsx', '.xlsm']);
const CODEBOOK = '.qdc';

function extensionOf(name: string): string {
  return extname(name).toLowerCase();
}

/** Forward slashes, Unicode NFC: how names from a sheet, a disk and a dialog are compared. */
function normaliseKey(name: string): string {
  return name.trim().replace(/\\/g, '/').normalize('NFC');
}


type Work =
  | { kind: 'document'; file: BatchFile }
  | { kind: 'survey'; file: BatchFile }
  | { kind: 'columns'; file: BatchFile }
  | { kind: 'codebook'; file: BatchFile };

type WorkResult =
  | { kind: 'document'; pending: PendingSource }
  | { kind: 'survey'; pending: PendingSource[]; notes: readonly string[]; noteKeys: NoteKeys }
  | { kind: 'columns' }
  | { kind: 'codebook'; model: ExchangeProject };

/**
 * Imports a batch of files (bytes already read) with an optional attribute sheet: documents,
 * surveys and codebooks, read in worker threads, then written in one transaction.
 */
export async function importBatch(
  session: ProjectSession,
  files: readonly BatchFile[],
  options: BatchOptions & Readonly<{ attributeSheet?: ImportFile }> = {},
  onProgress?: ImportProgress,
): Promise<BatchReport> {
  const ticker = new ProgressTicker(onProgress);
  const pool = new ImportPool(options.threads);
  const stop = (): void => pool.close();
  options.signal?.addEventListener('abort', stop);
  try {
    throwIfCancelled(options.signal);
    const failed: FailedFile[] = [];
    const skipped: SkippedFile[] = [];
    const notes: string[] = [];
    const noteKeys: Record<string, KeyedMessage> = {};
    // A file's own encoding wins over the batch's: one batch may hold GB18030 and Big5 files.
    const parseOptionsOf = (file: BatchFile) => ({ encoding: file.encoding ?? options.encoding, caps: options.caps });

    // What each file is, by its extension.
    const work: Work[] = [];
    for (const file of files) {
      const extension = extensionOf(file.name);
      if (extension === CODEBOOK) work.push({ kind: 'codebook', file });
      else if (SPREADSHEET.has(extension)) {
        if (options.survey) work.push({ kind: 'survey', file });
        else if (file.relativePath === undefined) work.push({ kind: 'columns', file });
        else {
          skipped.push({
            file: file.name,
            reason: 'It is a spreadsheet; import it by itself as a survey (naming its text column) or use it as an attribute sheet.',
            reasonKey: keyed('import.spreadsheetInFolder'),
          });
        }
      } else if (file.relativePath !== undefined && !SUPPORTED_EXTENSIONS.includes(extension)) {
        // Found in a folder, not chosen: a stray file of another kind is left out, not a failure.
        skipped.push({
          file: file.name,
          reason: `Marginalia does not import ${extension || 'extension-less'} files, so it was left out.`,
          reasonKey: extension ? keyed('import.leftOut', { extension }) : keyed('import.leftOutNoExtension'),
        });
      } else work.push({ kind: 'document', file });
    }

    const survey = options.survey;
    const reads: { name: string; read: () => Promise<WorkResult> }[] = work.map((item) => ({
      name: item.file.name,
      read: async (): Promise<WorkResult> => {
        const { file } = item;
        switch (item.kind) {
          case 'document': {
            const parsed = await pool
              .run({ op: 'parse', fileName: file.name, bytes: file.data, options: parseOptionsOf(file) })
              .catch(namingFile(file));
            return { kind: 'document', pending: pendingSource(file, parsed, {}) };
          }
          case 'codebook':
            await new Promise((resolve) => setImmediate(resolve));
            return { kind: 'codebook', model: readQdcAsProject(file.data, file.name, sourceNameOf(file.name)) };
          case 'columns': {
            // No text column chosen: refused, naming the columns so the researcher can choose one.
            const columns = await pool
              .run({ op: 'columns', fileName: file.name, bytes: file.data, options: parseOptionsOf(file) })
              .catch(namingFile(file));
            const listed = columns.map((column) => `"${column}"`).join(', ');
            throw new UserError(
              'invalid-arguments',
              `${file.name} is a spreadsheet; to import its rows as sources, name the column that holds the text (--text-column); its columns are ${listed}.`,
              keyed('import.needTextColumn', { file: file.name, columns: listed }),
            );
          }
          case 'survey': {
            const chosen = survey as SurveyChoice;
            const result = await pool
              .run({
                op: 'survey',
                fileName: file.name,
                bytes: file.data,
                options: parseOptionsOf(file),
                survey: {
                  textColumn: chosen.textColumn,
                  mode: chosen.rows === 'passages' ? 'row-per-passage' : 'row-per-source',
                  attributeColumns: chosen.attributeColumns,
                  nameColumn: chosen.nameColumn,
                  baseName: sourceNameOf(file.name),
                },
              })
              // The survey helpers' sentences name the column, not the file.
              .catch(namingFile(file));
            return {
              kind: 'survey',
              pending: result.documents.map((item) => surveySource(file, item, chosen)),
              notes: result.notes,
              noteKeys: result.noteKeys,
            };
          }
        }
      },
    }));
    // The sheet first: a sheet that cannot be read refuses the whole import before any file is parsed.
    const sheetFile = options.attributeSheet;
    const sheet = sheetFile ? await pool.run({ op: 'sheet', fileName: sheetFile.name, bytes: sheetFile.data, options: { caps: options.caps } }) : null;
    const outcomes = await readEach(reads, ticker, options.signal);
    pool.close();

    // Pending sources in file order, with their attributes: --attr, then the folder, then the sheet.
    const pending: PendingSource[] = [];
    const keys: string[][] = [];
    const models: { file: string; model: ExchangeProject }[] = [];
    const withoutFolder: string[] = [];
    outcomes.forEach((outcome, index) => {
      const { file } = work[index];
      if (!outcome.ok) {
        failed.push({ file: file.name, reason: outcome.reason, ...(outcome.reasonKey ? { reasonKey: outcome.reasonKey } : {}) });
        return;
      }
      const result = outcome.value;
      if (result.kind === 'codebook') {
        models.push({ file: file.name, model: result.model });
        return;
      }
      const folderValue = folderAttribute(file, options.attributeFromFolder, withoutFolder);
      const fileAttributes = { ...options.attributes, ...folderValue, ...file.attributes };
      if (result.kind === 'document') {
        pending.push({ ...result.pending, attributes: fileAttributes });
        keys.push(fileKeys(file));
      } else if (result.kind === 'survey') {
        for (const item of result.pending) {
          pending.push({ ...item, attributes: { ...fileAttributes, ...item.attributes } });
          keys.push([normaliseKey(item.name)]);
        }
        for (const note of result.notes) {
          // The batch's note names the file: its key wraps the spreadsheet's own (import.fileNote).
          const own = result.noteKeys[note];
          const sentence = `${file.name}: ${note}`;
          if (own) addNote(notes, noteKeys, sentence, fileNoteKey(file.name, note, own));
          else notes.push(sentence);
        }
      }
    });
    if (options.attributeFromFolder && withoutFolder.length > 0) {
      const files = `${withoutFolder.slice(0, 5).join(', ')}${withoutFolder.length > 5 ? ' …' : ''}`;
      addNote(
        notes,
        noteKeys,
        `${withoutFolder.length} file${withoutFolder.length === 1 ? ' is' : 's are'} not inside a subfolder of the imported folder, so ${withoutFolder.length === 1 ? 'it has' : 'they have'} no ${options.attributeFromFolder}: ${files}.`,
        keyed('import.notInSubfolder', { count: withoutFolder.length, attribute: options.attributeFromFolder, files }),
      );
    }

    // The attribute sheet: its rows go to the batch's sources by file or source name, else to
    // sources already in the project by name.
    let sheetReport: AttributeSheetReport | null = null;
    const existingUpdates: { sourceId: SourceId; values: Readonly<Record<string, string>> }[] = [];
    if (sheet && sheetFile) {
      const byKey = new Map<string, number[]>();
      const byFoldedKey = new Map<string, number[]>();
      keys.forEach((list, index) => {
        for (const key of new Set(list)) {
          byKey.set(key, [...(byKey.get(key) ?? []), index]);
          const folded = key.toLowerCase();
          byFoldedKey.set(folded, [...(byFoldedKey.get(folded) ?? []), index]);
        }
      });
      const unmatched: { row: number; name: string }[] = [];
      const sheetNotes = [...sheet.notes];
      const sheetNoteKeys: Record<string, KeyedMessage> = { ...sheet.noteKeys };
      let matched = 0;
      const sourceByName = session.db.prepare('SELECT id FROM sources WHERE name = ?');
      for (const row of sheet.rows) {
        const key = normaliseKey(row.key);
        const targets = byKey.get(key) ?? byFoldedKey.get(key.toLowerCase()) ?? [];
        if (targets.length > 1) {
          addNote(
            sheetNotes,
            sheetNoteKeys,
            `Row ${row.rowNumber} ("${row.key}") matches ${targets.length} files; its values were set on each.`,
            keyed('import.sheetRowMatchesMany', { row: row.rowNumber, name: row.key, count: targets.length }),
          );
        }
        for (const target of targets) pending[target] = { ...pending[target], attributes: { ...pending[target].attributes, ...row.values } };
        if (targets.length > 0) {
          matched += 1;
          continue;
        }
        const existing = sourceByName.get(row.key.trim()) as { id: SourceId } | undefined;
        if (existing) {
          existingUpdates.push({ sourceId: existing.id, values: row.values });
          matched += 1;
        } else unmatched.push({ row: row.rowNumber, name: row.key });
      }
      sheetReport = { file: sheetFile.name, attributes: sheet.attributes, matched, unmatched, notes: sheetNotes, noteKeys: sheetNoteKeys };
    }

    const codebooks: CodebookReport[] = [];
    const alsoWrite =
      existingUpdates.length > 0 || models.length > 0
        ? (action: Action): void => {
            for (const update of existingUpdates) {
              for (const [name, value] of Object.entries(update.values)) setAttributeValue(session.db, action, update.sourceId, name, value);
            }
            // Its own undo step, inside the batch's transaction (importModelIntoProject opens a savepoint).
            for (const { file, model } of models) {
              const result = importModelIntoProject(session, model);
              codebooks.push({ file, codes: result.codes, notes: result.report });
            }
          }
        : undefined;
    const written = await writeSources(
      session,
      pending,
      {
        kind: options.kind,
        allowDuplicates: options.allowDuplicates,
        signal: options.signal,
        alsoWrite,
        emptyDescription: sheetFile ? `Set attributes from ${basename(sheetFile.name)}` : undefined,
      },
      ticker,
    );
    if (sheetReport) {
      // Report the types the attributes have now: a value that does not fit the sheet's guess widens the attribute to text.
      const stored = new Map(listAttributes(session.db).map((attribute) => [attribute.name.toLowerCase(), attribute.type]));
      sheetReport = {
        ...sheetReport,
        attributes: sheetReport.attributes.map((attribute) => ({ name: attribute.name, type: stored.get(attribute.name.toLowerCase()) ?? attribute.type })),
      };
    }
    const total = files.length;
    ticker.stop({ done: total, total, file: '', phase: 'done' });
    return {
      imported: written.imported,
      skipped: [...skipped, ...written.skipped],
      failed,
      notes,
      ...(Object.keys(noteKeys).length > 0 ? { noteKeys } : {}),
      attributeSheet: sheetReport,
      codebooks,
    };
  } finally {
    options.signal?.removeEventListener('abort', stop);
    ticker.stop();
    pool.close();
  }
}

/**
 * Puts the file's name before a sentence about the researcher's choices that does not name it
 * (an encoding Marginalia does not know, a survey column), so the report says which file it was.
 */
function namingFile(file: BatchFile): (error: unknown) => never {
  return (error: unknown): never => {
    if (error instanceof UserError && error.code === 'invalid-arguments' && !error.message.includes(file.name)) {
      // The key's message names the file itself, where it has a {file} parameter; otherwise it is dropped with the English.
      const key = error.key && { ...error.key, params: { ...error.key.params, file: file.name } };
      throw new UserError('invalid-arguments', `${file.name}: ${error.message}`, key);
    }
    throw error;
  };
}

/**
 * A spreadsheet's note as a note of the batch, "<file>: <note>": the key import.fileNote carries
 * the file, the English note (the fallback) and the note's own key and parameters, which the
 * interface translates first (renderer/features/sources/importModel.ts reportSentence).
 */
function fileNoteKey(file: string, note: string, own: KeyedMessage): KeyedMessage {
  return keyed('import.fileNote', { ...own.params, file, note, noteKey: own.key });
}

/** A survey row (or survey) as a pending source; the spreadsheet is kept as the original only when it became one source. */
function surveySource(file: BatchFile, item: HashedSurveyDocument, choice: SurveyChoice): PendingSource {
  const whole = choice.rows === 'passages';
  return {
    file: file.name,
    name: item.name,
    text: item.document.text,
    document: item.document,
    original: {
      name: basename(file.name.replace(/\\/g, '/')),
      type: whole ? spreadsheetType(file.name) : 'text/plain',
      // One row of a spreadsheet of a thousand answers does not need a copy of the thousand.
      bytes: whole ? file.data : null,
    },
    attributes: item.attributes,
  };
}

function spreadsheetType(name: string): string {
  const extension = extensionOf(name);
  if (extension === '.xlsx') return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (extension === '.xlsm') return 'application/vnd.ms-excel.sheet.macroEnabled.12';
  return extension === '.tsv' ? 'text/tab-separated-values' : 'text/csv';
}

/** The names an attribute sheet may use for a file: its name, its name without extension, its path below the folder. */
function fileKeys(file: BatchFile): string[] {
  const base = basename(file.name.replace(/\\/g, '/'));
  const keys = [base, sourceNameOf(file.name), file.name];
  if (file.relativePath) keys.push(file.relativePath);
  return keys.map(normaliseKey);
}

function folderAttribute(file: BatchFile, attribute: string | undefined, withoutFolder: string[]): Record<string, string> {
  if (!attribute || file.relativePath === undefined) return {};
  const parts = file.relativePath.split('/');
  if (parts.length < 2) {
    withoutFolder.push(file.name);
    return {};
  }
  return { [attribute]: parts[0] };
}

/** What the file system gave for the inputs: files read (under the size cap), and files refused or left out. */
export type ReadInputs = Readonly<{ files: BatchFile[]; failed: FailedFile[]; skipped: SkippedFile[] }>;

/**
 * Reads the named files and every file below the named folders (hidden ones and symbolic links
 * to folders left out). Each file's size is checked with stat before it is read, so a 2 GB file
 * is refused without reading it. A path that does not exist fails the whole call.
 */
export async function readInputs(inputs: readonly string[], options: Readonly<{ caps?: Partial<ImportCaps>; exclude?: readonly string[] }> = {}): Promise<ReadInputs> {
  const excluded = new Set((options.exclude ?? []).map((path) => resolve(path)));
  const found: { path: string; name: string; relativePath?: string }[] = [];
  const skipped: SkippedFile[] = [];
  for (const input of inputs) {
    const absolute = resolve(input);
    const info = await stat(absolute).catch(() => null);
    if (!info) throw new UserError('not-found', `There is no file or folder at ${input}.`);
    if (!info.isDirectory()) {
      found.push({ path: absolute, name: input });
      continue;
    }
    const walk = async (folder: string): Promise<void> => {
      const entries = (await readdir(folder, { withFileTypes: true })).filter((entry) => !entry.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        const path = join(folder, entry.name);
        const below = relative(absolute, path).split(sep).join('/');
        let directory = entry.isDirectory();
        if (entry.isSymbolicLink()) {
          const target = await stat(path).catch(() => null);
          if (target?.isDirectory()) {
            // Following links to folders could loop forever or leave the folder the researcher chose.
            skipped.push({ file: join(input, below), reason: 'It is a link to a folder, which an import does not follow.', reasonKey: keyed('import.folderLink') });
            continue;
          }
          directory = false;
        }
        if (directory) await walk(path);
        else if (!excluded.has(path)) found.push({ path, name: join(input, below), relativePath: below });
      }
    };
    await walk(absolute);
  }
  const files: BatchFile[] = [];
  const failed: FailedFile[] = [];
  for (const item of found) {
    if (excluded.has(item.path)) continue;
    try {
      const info = await lstat(item.path).then((link) => (link.isSymbolicLink() ? stat(item.path) : link));
      checkFileSize(item.name, info.size, options.caps);
      const data = new Uint8Array(await readFile(item.path));
      files.push({ name: item.name, data, ...(item.relativePath !== undefined ? { relativePath: item.relativePath } : {}) });
    } catch (error) {
      if (error instanceof UserError) failed.push({ file: item.name, ...reasonOf(error) });
      else {
        const detail = (error as Error).message;
        failed.push({ file: item.name, reason: `${item.name} could not be read (${detail}).`, reasonKey: keyed('import.fileUnreadable', { file: item.name, detail }) });
      }
    }
  }
  return { files, failed, skipped };
}

/**
 * Imports files and folders from disk (the CLI; the app's dialog can pass the paths main
 * chose), with an optional attribute sheet on disk. See importBatch.
 */
export async function importPaths(
  session: ProjectSession,
  inputs: readonly string[],
  options: BatchOptions & Readonly<{ attributeSheet?: string }> = {},
  onProgress?: ImportProgress,
): Promise<BatchReport> {
  let sheet: ImportFile | undefined;
  if (options.attributeSheet) {
    const path = options.attributeSheet;
    const info = await stat(path).catch(() => null);
    if (!info || info.isDirectory()) throw new UserError('not-found', `There is no attribute sheet at ${path}.`);
    checkFileSize(path, info.size, options.caps);
    sheet = { name: path, data: new Uint8Array(await readFile(path)) };
  }
  const read = await readInputs(inputs, { caps: options.caps, exclude: options.attributeSheet ? [options.attributeSheet] : [] });
  const report = await importBatch(session, read.files, { ...options, attributeSheet: sheet }, onProgress);
  return { ...report, failed: [...read.failed, ...report.failed], skipped: [...read.skipped, ...report.skipped] };
}

/** One file as the import dialog shows it before importing, or why it cannot be read. */

/**
 * What the import dialog shows for each file before importing (issue 3, UI): its format, the
 * encoding with its confidence (a preview is needed when `certain` is false), the first lines,
 * the kind it looks like and the notes — read in worker threads like the import itself, with
 * the same encoding decision. A spreadsheet's first line is its header (its columns, tab-separated).
 */
export async function previewFiles(
  files: readonly ImportFile[],
  options: Readonly<{
    encoding?: string;
    caps?: Partial<ImportCaps>;
    threads?: PoolOptions;
    signal?: AbortSignal;
    /**
     * A pool kept between calls (previewPool()); aborting `signal` then stops only this call's
     * files. Without it, the call starts its own workers and stops them when it ends.
     */
    pool?: ImportPool;
  }> = {},
): Promise<FilePreview[]> {
  const shared = options.pool;
  const pool = shared ?? new ImportPool(options.threads);
  // A pool of our own stops at once, mid-file; a shared one drops only our tasks (see ImportPool.run).
  const stop = (): void => pool.close();
  if (!shared) options.signal?.addEventListener('abort', stop);
  try {
    const outcomes = await readEach(
      files.map((file) => ({
        name: file.name,
        read: () =>
          pool.run(
            { op: 'preview', fileName: file.name, bytes: file.data, options: { encoding: options.encoding, caps: options.caps } },
            options.signal,
          ),
      })),
      new ProgressTicker(),
      options.signal,
    );
    return outcomes.map((outcome, index) => ({
      file: files[index].name,
      preview: outcome.ok ? outcome.value : null,
      error: outcome.ok ? null : outcome.reason,
      ...(!outcome.ok && outcome.reasonKey ? { errorKey: outcome.reasonKey } : {}),
    }));
  } finally {
    options.signal?.removeEventListener('abort', stop);
    if (!shared) pool.close();
  }
}

/**
 * How long the previews' workers wait for the next preview before they stop. The import
 * dialog asks again within seconds (the next group of files, an encoding changed); each new
 * worker costs a thread start and loading mammoth and pdf.js (docs/IMPORT.md, "Previews").
 */
export const PREVIEW_IDLE_MS = 30_000;

/**
 * The pool a backend keeps for previewFiles: its workers outlive one call and stop after
 * PREVIEW_IDLE_MS without work. Close it when the backend closes.
 */
export function previewPool(options: PoolOptions = {}): ImportPool {
  return new ImportPool({ idleMs: PREVIEW_IDLE_MS, ...options });
}
