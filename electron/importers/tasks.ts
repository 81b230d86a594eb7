import { createHash } from 'node:crypto';
import type { KeyedMessage, NoteKeys } from '../../shared/domain/types';
import { parseDocument, previewDocument } from './index';
import { readAttributeSheet, readTable, surveyToDocuments, type TableOptions } from './table';
import type { AttributeSheet, DocumentPreview, ParsedDocument, ParseOptions, SurveyOptions } from './types';

/*
 * The work an import hands to a worker thread (worker.ts) or, where no worker can be started,
 * runs in the calling thread (pool.ts). Everything here is CPU work on bytes already read:
 * no file system, no database. Inputs and results are plain data, so they survive
 * postMessage's structured clone.
 */

/** A parsed document with the SHA-256 of its text, computed where the parsing happened. */
export type HashedDocument = ParsedDocument &
  Readonly<{
    hash: string;
    /**
     * True when the file's bytes are exactly its text in UTF-8 (a UTF-8 .txt or .md without a
     * BOM, with LF line ends): the original is then the text itself and need not be stored twice.
     */
    originalIsText: boolean;
  }>;

/** A survey row (or the whole survey) ready to become a source. */
export type HashedSurveyDocument = Readonly<{
  name: string;
  document: HashedDocument;
  attributes: Readonly<Record<string, string>>;
}>;

export type ImportTask =
  | Readonly<{ op: 'parse'; fileName: string; bytes: Uint8Array; options: ParseOptions }>
  | Readonly<{ op: 'survey'; fileName: string; bytes: Uint8Array; options: TableOptions; survey: SurveyOptions }>
  | Readonly<{ op: 'sheet'; fileName: string; bytes: Uint8Array; options: TableOptions }>
  | Readonly<{ op: 'columns'; fileName: string; bytes: Uint8Array; options: TableOptions }>
  | Readonly<{ op: 'preview'; fileName: string; bytes: Uint8Array; options: ParseOptions }>;

export type ImportTaskResult = {
  parse: HashedDocument;
  survey: Readonly<{ documents: HashedSurveyDocument[]; notes: readonly string[]; noteKeys: NoteKeys }>;
  sheet: AttributeSheet;
  columns: readonly string[];
  preview: DocumentPreview;
};

/** What a worker answers: the value, or the error as data (a UserError keeps its code and sentence). */
export type TaskReply =
  | Readonly<{ id: number; ok: true; value: unknown }>
  | Readonly<{ id: number; ok: false; error: { code: string | null; message: string; key?: KeyedMessage } }>;

/** SHA-256 of a text as UTF-8: the same identity as hashText in services/sources.ts. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hashed(parsed: ParsedDocument, original: Uint8Array | null): HashedDocument {
  const { bytesAreText, ...document } = parsed;
  // A plain UTF-8 file's bytes are its text's UTF-8: hashed as they are, not encoded again
  // (encoding and comparing 20M characters cost the import bench ~110 ms and as much in garbage).
  if (bytesAreText && original !== null) {
    return { ...document, hash: createHash('sha256').update(original).digest('hex'), originalIsText: true };
  }
  const utf8 = Buffer.from(document.text, 'utf8');
  return {
    ...document,
    hash: createHash('sha256').update(utf8).digest('hex'),
    originalIsText: original !== null && Buffer.compare(utf8, original) === 0,
  };
}

/** Runs one import task in the current thread. */
export async function runImportTask<T extends ImportTask>(task: T): Promise<ImportTaskResult[T['op']]> {
  switch (task.op) {
    case 'parse':
      return hashed(await parseDocument(task.fileName, task.bytes, task.options), task.bytes) as ImportTaskResult[T['op']];
    case 'survey': {
      const table = await readTable(task.fileName, task.bytes, task.options);
      const documents = surveyToDocuments(table, task.survey).map((item) => ({
        name: item.name,
        attributes: item.attributes,
        document: hashed(item.document, null),
      }));
      // The table's notes (encoding, which sheet was read) concern the file, not each row.
      return { documents, notes: table.notes, noteKeys: table.noteKeys } as ImportTaskResult[T['op']];
    }
    case 'sheet':
      return (await readAttributeSheet(task.fileName, task.bytes, task.options)) as ImportTaskResult[T['op']];
    case 'columns':
      return (await readTable(task.fileName, task.bytes, task.options)).columns as ImportTaskResult[T['op']];
    case 'preview':
      return (await previewDocument(task.fileName, task.bytes, task.options)) as ImportTaskResult[T['op']];
  }
}
